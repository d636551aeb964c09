"""A render worker: a process of its own that imports WeasyPrint once and renders many packets.

Started by the renderer pool (``hiring/packet/renderer.py``) as ``python -m
hiring.packet.worker``, so it imports WeasyPrint, this module and the frame protocol, never
the app or the parent's ``__main__``. It answers one frame per request, on a pipe of its own:
stray output of libraries goes to stderr and cannot corrupt the answers.

WeasyPrint only ever sees our own HTML, and fetches through ``PacketFetcher``: the app's
static files under ASSET_BASE and ``data:`` URLs. Everything else (``file://``, http(s) to
anywhere, redirects, attachments) is refused, so user text that slipped past escaping still
could not read a local file or call a server.
"""

from __future__ import annotations

import mimetypes
import os
import resource
import signal
import sys
from pathlib import Path
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from hiring.packet.protocol import BrokenFrame, read_frame, write_frame

ASSET_BASE = "https://packet.invalid/static/"
# Tagged for screen readers (structure tree, reading order, language, title shown): PDF/UA-1.
PDF_VARIANT = "pdf/ua-1"
ALLOWED_SUFFIXES = {".css", ".svg", ".png", ".jpg", ".jpeg", ".woff", ".woff2", ".ttf"}


class RefusedURL(ValueError):
    pass


class PacketFetcher(URLFetcher):
    def __init__(self, static_dir: Path) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)
        self.static_dir = static_dir.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(ASSET_BASE):
            path = (self.static_dir / url[len(ASSET_BASE):].split("?")[0]).resolve()
            if (path.is_relative_to(self.static_dir) and path.is_file()
                    and path.suffix.lower() in ALLOWED_SUFFIXES):
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        self.refused.append(url[:200])
        raise RefusedURL(f"the packet may not load {url[:200]!r}")


def render(html: str, static_dir: str, max_pages: int, max_bytes: int
           ) -> tuple[dict[str, Any], bytes]:
    """The answer frame: ({"status": "ok", "pages": n}, pdf) or an error header."""
    fetcher = PacketFetcher(Path(static_dir))
    document = HTML(string=html, base_url=ASSET_BASE, url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT)
    pages = len(document.pages)
    if pages > max_pages:
        return {"status": "error", "kind": "too_large",
                "message": f"the packet has {pages} pages; the limit is {max_pages}"}, b""
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    if pdf is None or len(pdf) > max_bytes:
        return {"status": "error", "kind": "too_large",
                "message": f"the packet is {len(pdf or b'') // 1024} KiB; the limit is "
                           f"{max_bytes // 1024} KiB"}, b""
    return {"status": "ok", "pages": pages}, pdf


def limit_cpu(seconds: int) -> None:
    """A CPU limit for the next render, a second guard behind the parent's timeout.

    RLIMIT_CPU counts the process's whole life, so the soft limit moves on by ``seconds``
    from what this long-lived worker has used so far (the kernel ends it with SIGXCPU).
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    limit = used + seconds
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))


def answer(header: dict[str, Any], body: bytes) -> tuple[dict[str, Any], bytes]:
    limit_cpu(int(header["cpu_seconds"]))
    try:
        return render(body.decode(), header["static_dir"], int(header["max_pages"]),
                      int(header["max_bytes"]))
    except Exception as exc:  # the parent reports it; the worker carries on
        return {"status": "error", "kind": "failed",
                "message": f"{type(exc).__name__}: {exc}"[:500]}, b""


def main() -> int:
    """Serve requests until the parent closes our stdin."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # prints land on stderr, not in frames
    requests = sys.stdin.buffer
    write_frame(answers, {"status": "ready", "pid": os.getpid()})
    while True:
        try:
            header, body = read_frame(requests)
        except BrokenFrame:
            return 0
        write_frame(answers, *answer(header, body))


if __name__ == "__main__":
    sys.exit(main())
