"""Search keys: names and emails folded so that people find each other however they type.

``garcia`` finds "Mateo García", ``GARCÍA`` and ``lindqvíst`` too, and "Straße" matches
"strasse". The fold is done here, in Python, for the stored text and the typed query alike,
rather than in SQL: SQLite's ``lower()`` knows only ASCII and PostgreSQL's ``unaccent`` is an
extension we would have to install, and two implementations would give two answers. With the
same function on both sides, a plain ``LIKE`` on the stored key gives the same rows on every
database.
"""

from __future__ import annotations

import unicodedata

# Between the folded parts of a stored key (name, email). The fold turns every whitespace
# into one space, so no folded query holds it: a search never matches across two parts.
PART_SEPARATOR = "\n"
# Dropped outright: control and format characters (NUL, zero-width joiners, soft hyphens)
# and lone surrogates, which no name needs and some databases refuse to store.
_DROPPED = frozenset({"Cc", "Cf", "Cs"})


def _fold_once(text: str) -> str:
    # Unicode's compatibility caseless match (D145): NFKD(casefold(NFKD(casefold(NFD(x))))),
    # then the accents (non-spacing marks) go.
    text = unicodedata.normalize("NFD", text).casefold()
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def search_key(text: str) -> str:
    """``text`` as search compares it: compatibility-decomposed, without accents, case-folded
    (so ß is ss), control characters dropped, whitespace collapsed to single spaces and
    trimmed. Folding a folded text changes nothing, so a query folds the same way as the
    stored key it is matched against."""
    folded = _fold_once(text)
    # A few characters (e.g. U+0345 in some contexts) fold to text that folds further; two
    # rounds more are plenty, and the loop is bounded.
    for _ in range(3):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    spaced = "".join(" " if ch.isspace() else ch for ch in folded
                     if ch.isspace() or unicodedata.category(ch) not in _DROPPED)
    return " ".join(spaced.split())


def record_key(*parts: str | None) -> str:
    """The stored key of a record from its searchable parts (a person's name and email):
    each part folded, joined by ``PART_SEPARATOR``. Missing parts count as empty."""
    return PART_SEPARATOR.join(search_key(part or "") for part in parts)
