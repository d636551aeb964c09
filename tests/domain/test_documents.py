"""Documents' pure rules: the name a document is shown under, PDF by content, sizes."""

from __future__ import annotations

import pytest

from hiring.domain.documents import MAX_NAME, looks_like_pdf, safe_filename, show_size


@pytest.mark.parametrize(("sent", "kept"), [
    ("Resume.pdf", "Resume.pdf"),
    ("Résumé Zoë Ng.PDF", "Résumé Zoë Ng.pdf"),
    ("C:\\Users\\zoe\\Desktop\\cv.pdf", "cv.pdf"),  # old browsers send the whole path
    ("../../etc/passwd", "passwd.pdf"),
    ("cv\u202efdp.exe", "cv fdp.exe.pdf"),  # a bidi override cannot disguise the name
    ('a<b>:"c"|?*.pdf', "a b c.pdf"),
    ("  lots\t of \n space  .pdf", "lots of space.pdf"),
    ("line\u2028break.pdf", "line break.pdf"),
    ("Re\u0301sume\u0301.pdf", "Résumé.pdf"),  # NFC: one character per letter
    ("", "document.pdf"),
    ("...", "document.pdf"),
    (".pdf", "document.pdf"),
    ("notes.txt", "notes.txt.pdf"),
])
def test_safe_filename(sent: str, kept: str) -> None:
    assert safe_filename(sent) == kept


def test_a_long_name_is_cut_but_keeps_its_extension() -> None:
    name = safe_filename("x" * 500 + ".pdf")
    assert len(name) == MAX_NAME
    assert name.endswith("x.pdf")


@pytest.mark.parametrize(("head", "pdf"), [
    (b"%PDF-1.7\n", True), (b"%PDF-", True), (b" %PDF-1.4", False), (b"%PS-Adobe", False),
    (b"PK\x03\x04", False), (b"", False),
])
def test_pdf_by_its_first_bytes(head: bytes, pdf: bool) -> None:
    assert looks_like_pdf(head) is pdf


@pytest.mark.parametrize(("size", "shown"), [
    (0, "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (1535, "1.4 KiB"),
    (10 * 1024 * 1024, "10.0 MiB"), (10 * 1024 * 1024 - 1, "9.9 MiB"),  # rounded down
    (3 * 1024 ** 3, "3.0 GiB"),
])
def test_sizes_are_shown_rounded_down(size: int, shown: str) -> None:
    assert show_size(size) == shown
