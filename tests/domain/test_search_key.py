"""The search fold: examples people type, and properties over any text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring.domain.search import PART_SEPARATOR, record_key, search_key

PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None)


@pytest.mark.parametrize(("typed", "stored"), [
    ("garcia", "Mateo García"),
    ("GARCÍA", "Mateo García"),
    ("Mateo  garcía", "Mateo\u00a0García"),  # a no-break space in the stored name
    ("lindqvíst", "Cora Lindqvist"),
    ("Lindqvist", "Cora Lindqvíst"),
    ("strasse", "Jürgen Straße"),
    ("STRASSE", "Jürgen Straße"),
    ("jurgen", "Jürgen Straße"),
    ("zoe", "Zoë O\u2019Brien"),
    ("garcia", "Garci\u0301a"),  # decomposed accent, as some keyboards send it
    ("office", "The ofﬁce"),  # the fi ligature
    ("istanbul", "İstanbul"),
    ("gar_cia", "gar_cia"),
])
def test_what_people_type_finds_the_name(typed: str, stored: str) -> None:
    assert search_key(typed) in search_key(stored)


@pytest.mark.parametrize(("typed", "stored"), [
    ("garcia", "Garcin"),
    ("ss", "Straßburg".replace("ß", "s")),
    ("o brien", "O'Brien"),  # punctuation is kept: the typed text must match it
])
def test_what_does_not_match(typed: str, stored: str) -> None:
    assert search_key(typed) not in search_key(stored)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
@PROPERTY
def test_ascii_case_does_not_matter(text: str) -> None:
    assert search_key(text.upper()) == search_key(text.lower())


def test_control_characters_are_dropped() -> None:
    assert search_key("Ana\x00 Soft\u00adHyphen\u200b") == "ana softhyphen"


@given(st.text())
@PROPERTY
def test_folding_twice_changes_nothing(text: str) -> None:
    assert search_key(search_key(text)) == search_key(text)


@given(st.text())
@PROPERTY
def test_case_and_accents_do_not_matter(text: str) -> None:
    key = search_key(text)
    assert search_key(text.casefold()) == key
    assert search_key(unicodedata.normalize("NFD", text)) == key
    assert search_key(unicodedata.normalize("NFC", text)) == key


@given(st.text())
@PROPERTY
def test_the_key_is_plain(text: str) -> None:
    key = search_key(text)
    assert key == key.strip()
    assert "  " not in key
    assert not any(unicodedata.category(ch) in ("Mn", "Cc", "Cf", "Cs") for ch in key)
    assert PART_SEPARATOR not in key


@given(st.text(), st.text())
@PROPERTY
def test_a_query_never_matches_across_parts(name: str, email: str) -> None:
    """The stored key joins name and email with a character no folded query holds."""
    stored = record_key(name, email)
    assert stored.split(PART_SEPARATOR) == [search_key(name), search_key(email)]
    query = search_key(f"{name} {email}")
    if query and search_key(name) and search_key(email):
        assert query in stored.replace(PART_SEPARATOR, " ")
        assert PART_SEPARATOR not in query


@given(st.text(), st.text())
@PROPERTY
def test_a_substring_still_matches_once_folded(prefix: str, middle: str) -> None:
    """What someone types from a stored name, accents or not, finds it (ASCII here: folding
    may merge letters across a cut, e.g. a base letter and the accent that followed it)."""
    ascii_middle = "".join(ch for ch in middle if ch.isascii() and ch.isalnum())
    stored = f"{prefix}{ascii_middle}Zé"
    assert search_key(ascii_middle.upper()) in search_key(stored)
