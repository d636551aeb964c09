"""The pool of render workers: HTML in, PDF out, under a time, page and size limit.

Each worker is a process of its own (``hiring/packet/worker.py``) started with ``python -m``:
it imports WeasyPrint once and renders many packets, and never imports the app or the
parent's ``__main__`` (multiprocessing's forkserver did, which cost the whole app's import
per packet under the ``hiring`` command and broke every render under ``python -c``). A
worker is replaced after ``max_packets`` renders (WeasyPrint's caches only grow), and killed
when a render passes the time limit; the next render starts a fresh one.

One pool per process id: a pool made in gunicorn's master is never used by its forked
workers (each makes its own on first use), and the inherited pipes are closed in the child.
"""

from __future__ import annotations

import atexit
import os
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hiring.packet.protocol import BrokenFrame, FrameReader, encode

WORKER_MODULE = "hiring.packet.worker"
IMPORT_ROOT = Path(__file__).resolve().parents[2]  # the directory that holds hiring/
STARTUP_SECONDS = 60.0  # importing WeasyPrint on a busy machine; not part of the time limit


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


class Worker:
    """One render process and the parent's end of its two pipes."""

    def __init__(self) -> None:
        # The app's settings (its secret key, the database URL) stay out of the process that
        # reads user text; fonts, locale and paths come along.
        env = {k: v for k, v in os.environ.items() if not k.startswith("HIRING_")}
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(IMPORT_ROOT), env.get("PYTHONPATH", "")) if p)
        # -P: the current directory is not put on sys.path (nothing there can shadow a module)
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, our module
            [sys.executable, "-P", "-m", WORKER_MODULE], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env=env, close_fds=True)
        self.reader = FrameReader()
        self.rendered = 0
        self.ready = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def _read(self, deadline: float) -> tuple[dict[str, Any], bytes]:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            readable, _, _ = select.select([fd], [], [], remaining)
            if not readable:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise BrokenFrame("the worker closed its pipe")
            frame = self.reader.feed(chunk)
            if frame is not None:
                return frame

    def wait_ready(self) -> None:
        header, _ = self._read(time.monotonic() + STARTUP_SECONDS)
        if header.get("status") != "ready":
            raise BrokenFrame("the worker did not start")
        self.ready = True

    def ask(self, header: dict[str, Any], body: bytes, timeout: float
            ) -> tuple[dict[str, Any], bytes]:
        """Send one request and wait at most ``timeout`` seconds for its answer."""
        assert self.process.stdin is not None
        deadline = time.monotonic() + timeout
        self.process.stdin.write(encode(header, body))
        self.process.stdin.flush()
        return self._read(deadline)

    def stop(self, *, kill: bool = False) -> None:
        """End the process: politely (it exits when its stdin closes) or with SIGKILL."""
        if kill:
            self.process.kill()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:  # a pipe the killed worker left half-written
                pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def forget(self) -> None:
        """In a forked child: drop the inherited pipes, leave the process to its owner."""
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        self.process.returncode = 0  # not ours to wait for


class RenderPool:
    """At most ``size`` workers, started lazily; a render waits for a free one."""

    def __init__(self, size: int, max_packets: int) -> None:
        self.size = max(1, size)
        self.max_packets = max(1, max_packets)
        self._idle: list[Worker] = []
        self._alive: set[Worker] = set()
        self._starting = 0
        self._cond = threading.Condition()
        self._closed = False

    @property
    def worker_pids(self) -> list[int]:
        """The pids of the live workers (for tests and the bench)."""
        with self._cond:
            return sorted(w.pid for w in self._alive)

    def _acquire(self) -> Worker | None:
        """An idle worker, or None when the caller may start a new one."""
        with self._cond:
            while True:
                if self._closed:
                    raise PacketError("the PDF renderer is shutting down")
                if self._idle:
                    return self._idle.pop()
                if len(self._alive) + self._starting < self.size:
                    self._starting += 1
                    return None
                self._cond.wait()

    def _start(self) -> Worker:
        try:
            worker = Worker()
        except OSError as exc:
            with self._cond:
                self._starting -= 1
                self._cond.notify()
            raise PacketError(f"the PDF renderer could not start ({exc})") from None
        with self._cond:
            self._starting -= 1
            self._alive.add(worker)
        return worker

    def prestart(self, count: int) -> None:
        """Start up to ``count`` workers now, without waiting: they import WeasyPrint while
        the caller prepares the HTML of the packets they will render (a batch)."""
        with self._cond:
            wanted = min(count, self.size) - len(self._alive) - self._starting
            self._starting += max(0, wanted)
        for _ in range(max(0, wanted)):
            worker = self._start()
            with self._cond:
                self._idle.append(worker)
                self._cond.notify()

    def _release(self, worker: Worker, keep: bool, kill: bool) -> None:
        with self._cond:
            if keep and not self._closed and len(self._alive) <= self.size:
                self._idle.append(worker)
                self._cond.notify()
                return
            self._alive.discard(worker)
            self._cond.notify()
        worker.stop(kill=kill)

    def render(self, html: str, static_dir: Path, limits: Limits) -> RenderedPDF:
        """The PDF of ``html``; raises PacketTooLarge / PacketTimedOut / PacketError."""
        if len(html.encode()) > limits.max_html_bytes:
            raise PacketTooLarge(f"the packet's content is larger than "
                                 f"{limits.max_html_bytes // 1024} KiB; it was not rendered")
        worker = self._acquire() or self._start()
        request = {"static_dir": str(static_dir), "max_pages": limits.max_pages,
                   "max_bytes": limits.max_bytes,
                   "cpu_seconds": int(limits.timeout_seconds) + 2}
        keep, kill = False, True
        try:
            if not worker.ready:
                worker.wait_ready()
            started = time.monotonic()
            header, body = worker.ask(request, html.encode(), limits.timeout_seconds)
            seconds = time.monotonic() - started
            worker.rendered += 1
            keep, kill = worker.rendered < self.max_packets, False
        except TimeoutError:
            raise PacketTimedOut(f"rendering took longer than {limits.timeout_seconds:g} "
                                 "seconds and was stopped") from None
        except (BrokenFrame, OSError, ValueError):
            raise PacketError("the PDF renderer stopped without an answer") from None
        finally:
            self._release(worker, keep, kill)
        if header.get("status") == "ok":
            return RenderedPDF(body, int(header["pages"]), seconds)
        if header.get("kind") == "too_large":
            raise PacketTooLarge(str(header.get("message")))
        raise PacketError(f"the PDF could not be rendered ({header.get('message')})")

    def close(self) -> None:
        """Stop every worker (at exit); renders still running are killed."""
        with self._cond:
            self._closed = True
            idle, busy = list(self._idle), self._alive - set(self._idle)
            self._idle.clear()
            self._alive.clear()
            self._cond.notify_all()
        for worker in idle:
            worker.stop()
        for worker in busy:
            worker.stop(kill=True)

    def forget(self) -> None:
        for worker in self._alive:
            worker.forget()
        self._idle.clear()
        self._alive.clear()


_pools: dict[int, RenderPool] = {}
_lock = threading.Lock()


def default_size() -> int:
    return min(2, os.cpu_count() or 1)


def shared_pool(size: int | None = None, max_packets: int = 50) -> RenderPool:
    """This process's pool, made on first use; ``size``/``max_packets`` apply from now on."""
    pid = os.getpid()
    with _lock:
        pool = _pools.get(pid)
        if pool is None:
            pool = _pools[pid] = RenderPool(size or default_size(), max_packets)
            atexit.register(_close, pid)
        else:
            pool.size = max(1, size or default_size())
            pool.max_packets = max(1, max_packets)
    return pool


def _close(pid: int) -> None:
    if os.getpid() == pid and pid in _pools:
        _pools.pop(pid).close()


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.Lock()
    for pool in _pools.values():
        pool.forget()
    _pools.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)


def render_pdf(html: str, static_dir: Path, limits: Limits,
               pool: RenderPool | None = None) -> RenderedPDF:
    """Render on ``pool`` (this process's shared pool by default)."""
    return (pool or shared_pool()).render(html, static_dir, limits)
