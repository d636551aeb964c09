"""The part of PDF rendering that runs in a child process (imported once by the forkserver).

WeasyPrint only ever sees our own HTML, and fetches through ``PacketFetcher``: the app's
static files under ASSET_BASE and ``data:`` URLs. Everything else (``file://``, http(s) to
anywhere, redirects, attachments) is refused, so user text that slipped past escaping still
could not read a local file or call a server.
"""

from __future__ import annotations

import mimetypes
import resource
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSET_BASE = "https://packet.invalid/static/"
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


def render(html: str, static_dir: str, max_pages: int, max_bytes: int) -> tuple[str, Any, Any]:
    """(status, payload, pages): ("ok", pdf bytes, n) or ("error", kind, message)."""
    fetcher = PacketFetcher(Path(static_dir))
    document = HTML(string=html, base_url=ASSET_BASE, url_fetcher=fetcher).render()
    pages = len(document.pages)
    if pages > max_pages:
        return "error", "too_large", f"the packet has {pages} pages; the limit is {max_pages}"
    pdf = document.write_pdf()
    if pdf is None or len(pdf) > max_bytes:
        return "error", "too_large", (f"the packet is {len(pdf or b'') // 1024} KiB; the limit "
                                      f"is {max_bytes // 1024} KiB")
    return "ok", pdf, pages


def child(conn: Connection, html: str, static_dir: str, max_pages: int, max_bytes: int,
          cpu_seconds: int) -> None:
    """Entry point of the child: a CPU limit as a second guard behind the parent's timeout."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    try:
        conn.send(render(html, static_dir, max_pages, max_bytes))
    except Exception as exc:  # the parent reports it; the child must not die silently
        conn.send(("error", "failed", f"{type(exc).__name__}: {exc}"[:500]))
    finally:
        conn.close()
