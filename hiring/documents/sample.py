"""A tiny one-page PDF made without a renderer: the demo's résumés (and the tests' PDFs).

Loading the demo must stay fast, and WeasyPrint costs a second to import and more to
render; a résumé of a few lines of Helvetica needs neither. The file is a plain PDF 1.4 with
an exact cross-reference table, which pypdf, poppler and Chromium's viewer all open.
"""

from __future__ import annotations

from collections.abc import Sequence


def _escape(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252, the fonts' encoding): backslash and
    parentheses escaped, characters WinAnsi lacks replaced by "?"."""
    raw = text.encode("cp1252", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def simple_pdf(title: str, lines: Sequence[str] = ()) -> bytes:
    """An A4 page with ``title`` in bold and ``lines`` below it, as PDF bytes."""
    text = [b"BT /F2 18 Tf 56 780 Td (%s) Tj ET" % _escape(title)]
    y = 750
    for line in lines:
        text.append(b"BT /F1 11 Tf 56 %d Td (%s) Tj ET" % (y, _escape(line)))
        y -= 16
    stream = b"\n".join(text)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
        b"/Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
