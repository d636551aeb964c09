"""The PDF packet can neither read local files nor call servers, whatever users type.

Two layers are tested: user text is escaped (it reaches WeasyPrint as text, never as markup),
and WeasyPrint fetches through PacketFetcher, which serves only our static files and data:
URLs, so even markup that slipped through could not fetch anything.
"""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from hiring.packet.renderer import Limits, render_pdf
from hiring.packet.worker import ASSET_BASE, PacketFetcher, RefusedURL
from hiring.rubric_files import PROJECT_ROOT
from tests.support.hostile import hostile_candidate
from tests.support.packets import fetch_packet
from tests.views.test_packet import pdf_text

pytestmark = pytest.mark.pdf
STATIC = PROJECT_ROOT / "hiring" / "static"


class Canary:
    def __init__(self) -> None:
        self.hits: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                canary.hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    server = Canary()
    yield server
    server.stop()


def payloads(canary_url: str) -> str:
    return (f'<img src="file:///etc/passwd">'
            f'<link rel="attachment" href="file:///etc/passwd">'
            f'<link rel="stylesheet" href="{canary_url}/link.css">'
            f'<style>@import url({canary_url}/import.css); '
            f'body {{ background: url({canary_url}/background.png) }}</style>'
            f'<img src="{canary_url}/image.png">')


def assert_nothing_leaked(pdf: bytes, canary: Canary) -> None:
    assert canary.hits == []
    assert b"root:x:0:0" not in pdf
    reader = PdfReader(io.BytesIO(pdf))
    names = reader.trailer["/Root"].get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    assert b"/EmbeddedFile" not in pdf
    assert b"/FileAttachment" not in pdf


def test_user_text_in_every_field_stays_text(app, client, make, canary):
    hostile = payloads(canary.url)
    data = hostile_candidate(make, hostile)
    client.login(data["committee"])
    response = fetch_packet(client, data["candidate"].id)
    assert response.status_code == 200
    assert_nothing_leaked(response.data, canary)
    text = pdf_text(response.data)
    assert text.count('<img src="file:///etc/passwd">') >= data["fields"], (
        "every planted payload is printed as text")


def test_markup_that_slipped_through_still_fetches_nothing(canary):
    html = (f"<html><head><link rel='stylesheet' href='css/packet.css'></head><body>"
            f"<h1>Packet</h1>{payloads(canary.url)}"
            f"<img src='{ASSET_BASE}../../../../etc/passwd'>"
            f"<img src='data:image/svg+xml;utf8,<svg xmlns=\"http://www.w3.org/2000/svg\"/>'>"
            f"</body></html>")
    rendered = render_pdf(html, STATIC, Limits())
    assert rendered.pages == 1
    assert_nothing_leaked(rendered.pdf, canary)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.com/x.png",
    f"{ASSET_BASE}../../pyproject.toml", f"{ASSET_BASE}../pdf.py", f"{ASSET_BASE}css",
    "ftp://example.com/x", "hiring-asset:/css/app.css",
])
def test_the_fetcher_refuses_anything_but_our_assets(url):
    with pytest.raises(RefusedURL):
        PacketFetcher(STATIC).fetch(url)


def test_the_fetcher_serves_our_stylesheet_and_data_urls():
    fetcher = PacketFetcher(STATIC)
    css = fetcher.fetch(f"{ASSET_BASE}css/packet.css")
    assert css.read() == (STATIC / "css" / "packet.css").read_bytes()
    assert css.content_type == "text/css"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_redirects_are_not_followed():
    fetcher = PacketFetcher(Path(STATIC))
    handler_names = {type(h).__name__ for h in fetcher.handlers}
    assert "HTTPRedirectHandler" not in handler_names
