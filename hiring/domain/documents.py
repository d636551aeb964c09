"""Documents attached to candidates: the rules that need no database or file library.

What a document may be (a PDF of at most ``MAX_BYTES``), the name it is shown and
downloaded under, and its size as people read it.
"""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 10 * 1024 * 1024  # 10 MiB per document
MAX_DOCUMENTS = 20  # per candidate: a résumé and a few samples, never an archive
MAX_NAME = 200  # characters of the stored name (the column's length)
FALLBACK_NAME = "document.pdf"
PDF_MAGIC = b"%PDF-"

# Control and format characters (bidi overrides among them: "cv\u202efdp.exe"), path
# separators and the characters Windows refuses in file names.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]')


def safe_filename(name: str) -> str:
    """The name a document is shown and downloaded under, from the name its uploader's
    browser sent: the last path component only, NFC, without control, bidi-override or path
    characters, spaces collapsed, at most ``MAX_NAME`` characters, ending in ``.pdf``.

    The name is only ever shown (escaped) or sent in a Content-Disposition header; it never
    names a file on disk, so this is about display and a sensible download, not safety of a
    path.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
                   for ch in name)
    name = _UNSAFE.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip()
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    stem = stem.strip(" .")[:MAX_NAME - 4].rstrip(" .")
    return f"{stem}.pdf" if stem else FALLBACK_NAME


def looks_like_pdf(head: bytes) -> bool:
    """Does the content start as a PDF file does (``%PDF-``)? The name and the type the
    browser claims are never trusted: only the bytes are."""
    return head.startswith(PDF_MAGIC)


def show_size(size: int) -> str:
    """Bytes as people read them, rounded down like every shown number ("9.9 MiB" for a
    file just under 10 MiB, never "10.0 MiB")."""
    if size < 1024:
        return f"{size} B"
    for unit, scale in (("KiB", 1024), ("MiB", 1024 ** 2), ("GiB", 1024 ** 3)):
        if size < scale * 1024 or unit == "GiB":
            tenths = size * 10 // scale
            return f"{tenths // 10}.{tenths % 10} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover
