"""Rendering HTML to PDF with WeasyPrint in a child process, under a time and size limit.

A packet that takes too long or grows too large is stopped with a clear error, and the web
worker that asked for it carries on: the render happens in a process forked from a
forkserver that imported WeasyPrint once, so each render starts in milliseconds.
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass
from pathlib import Path

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["hiring.pdf_worker"])


class PacketError(Exception):
    """The packet could not be made; the message is meant for the person who asked."""


class PacketTooLarge(PacketError):
    pass


class PacketTimedOut(PacketError):
    pass


@dataclass(frozen=True)
class RenderedPDF:
    pdf: bytes
    pages: int
    seconds: float


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 30
    max_pages: int = 200
    max_bytes: int = 20 * 1024 * 1024
    max_html_bytes: int = 5 * 1024 * 1024


def render_pdf(html: str, static_dir: Path, limits: Limits) -> RenderedPDF:
    """The PDF of ``html``; raises PacketTooLarge / PacketTimedOut / PacketError."""
    if len(html.encode()) > limits.max_html_bytes:
        raise PacketTooLarge(f"the packet's content is larger than "
                             f"{limits.max_html_bytes // 1024} KiB; it was not rendered")
    from hiring import pdf_worker

    started = time.monotonic()
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=pdf_worker.child, daemon=True,
        args=(sender, html, str(static_dir), limits.max_pages, limits.max_bytes,
              int(limits.timeout_seconds) + 2))
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.timeout_seconds):
            raise PacketTimedOut(f"rendering took longer than {limits.timeout_seconds:g} "
                                 "seconds and was stopped")
        try:
            status, payload, pages = receiver.recv()
        except EOFError:
            raise PacketError("the PDF renderer stopped without an answer") from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status == "ok":
        return RenderedPDF(payload, pages, time.monotonic() - started)
    if payload == "too_large":
        raise PacketTooLarge(pages)
    raise PacketError(f"the PDF could not be rendered ({pages})")
