"""The frames the web process and a render worker exchange over the worker's pipes.

A frame is a small JSON header and a byte body, each preceded by its length: no pickle, so
a worker can only ever hand back data, never objects. Shared by both sides, and importing
nothing beyond the standard library (the worker must not import the app).
"""

from __future__ import annotations

import json
import struct
from typing import Any, BinaryIO

_PREFIX = struct.Struct(">IQ")  # header length, body length
MAX_HEADER = 64 * 1024


class BrokenFrame(EOFError):
    """The other side closed the pipe or sent something that is not a frame."""


def encode(header: dict[str, Any], body: bytes = b"") -> bytes:
    raw = json.dumps(header, separators=(",", ":")).encode()
    return _PREFIX.pack(len(raw), len(body)) + raw + body


def write_frame(stream: BinaryIO, header: dict[str, Any], body: bytes = b"") -> None:
    stream.write(encode(header, body))
    stream.flush()


def _exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size) if size else b""
    if len(data) != size:
        raise BrokenFrame("the pipe closed in the middle of a frame")
    return data


def read_frame(stream: BinaryIO) -> tuple[dict[str, Any], bytes]:
    """The next frame from a blocking stream (the worker's stdin)."""
    header_size, body_size = _PREFIX.unpack(_exactly(stream, _PREFIX.size))
    if header_size > MAX_HEADER:
        raise BrokenFrame("frame header too large")
    header = json.loads(_exactly(stream, header_size))
    return header, _exactly(stream, body_size)


class FrameReader:
    """Builds frames from chunks read without blocking (the parent's side, under a deadline)."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def feed(self, chunk: bytes) -> tuple[dict[str, Any], bytes] | None:
        self.buffer += chunk
        if len(self.buffer) < _PREFIX.size:
            return None
        header_size, body_size = _PREFIX.unpack_from(self.buffer)
        if header_size > MAX_HEADER:
            raise BrokenFrame("frame header too large")
        end = _PREFIX.size + header_size + body_size
        if len(self.buffer) < end:
            return None
        header = json.loads(bytes(self.buffer[_PREFIX.size:_PREFIX.size + header_size]))
        body = bytes(self.buffer[_PREFIX.size + header_size:end])
        del self.buffer[:end]
        return header, body
