"""Accent- and case-insensitive search on names and emails, with the same rows on SQLite and
PostgreSQL (every test here runs on both), the stored keys kept by every write, erased with
the name, and backfilled by migration e3_search_keys exactly as the app folds them."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from hiring.app import create_app
from hiring.cli import main
from hiring.domain.search import record_key
from hiring.extensions import db
from hiring.models import Candidate, User
from hiring.queries.candidates import CandidateFilters, candidate_query
from hiring.services.privacy import erase_candidate
from hiring.services.users import search_users, update_profile
from tests.conftest import app_config

PEOPLE = ["Mateo García", "Cora Lindqvíst", "Jürgen Straße", "Zoë O'Brien", "Ana 100%_Sure",
          "Garcin Martin"]


def _names(app, requisition_ids, text):
    with app.app_context():
        rows = db.session.execute(candidate_query(requisition_ids, CandidateFilters(text=text)))
        return {row.name for row in rows}


@pytest.fixture
def people(app, make):
    rita = make.user("recruiter")
    requisition = make.requisition(recruiters=[rita])
    emails = {"Mateo García": "mateo.garcia@example.com", "Zoë O'Brien": "ZOE@Élan.example"}
    for name in PEOPLE:
        make.candidate(requisition, name=name, email=emails.get(name, ""))
    return [requisition.id]


SEARCHES = [
    ("garcia", {"Mateo García"}),
    ("GARCÍA", {"Mateo García"}),
    ("  mateo   GARCIA ", {"Mateo García"}),
    ("Lindqvist", {"Cora Lindqvíst"}),
    ("lindqvíst", {"Cora Lindqvíst"}),
    ("strasse", {"Jürgen Straße"}),
    ("STRASSE", {"Jürgen Straße"}),
    ("zoe", {"Zoë O'Brien"}),
    ("élan", {"Zoë O'Brien"}),  # in the email
    ("mateo.garcia@", {"Mateo García"}),
    ("garci", {"Mateo García", "Garcin Martin"}),
    ("100%", {"Ana 100%_Sure"}),  # the wildcards are literal
    ("%", {"Ana 100%_Sure"}),
    ("_", {"Ana 100%_Sure"}),  # only the underscore itself, not any one character
    ("garcia mateo", set()),  # a query never spans the name and the email
    ("nobody", set()),
    ("\u0301\u200b", set(PEOPLE)),  # folds to nothing: no condition at all
]


def test_the_same_people_on_every_database(app, people):
    """One set of people, every query (a fixture per query would cost a second each)."""
    for typed, found in SEARCHES:
        assert _names(app, people, typed) == found, typed


def test_users_are_found_the_same_way(app, make):
    make.user("recruiter", name="Cora Lindqvist", email="cora@example.com")
    make.user("interviewer", name="Jürgen Straße", email="j.strasse@example.com")
    make.user("admin", name="Amara Okonkwo", email="amara@ÖKO.example")
    make.user("recruiter", name="Élodie Ardent", email="elodie@example.com")
    with app.app_context():
        assert [u.name for u in search_users("lindqvíst")] == ["Cora Lindqvist"]
        assert [u.name for u in search_users("STRASSE")] == ["Jürgen Straße"]
        assert [u.name for u in search_users("oko.example")] == ["Amara Okonkwo"]
        # by folded name, bytewise on both databases: É beside E, not after Z
        assert [u.name for u in search_users("EXAMP")] == [
            "Amara Okonkwo", "Cora Lindqvist", "Élodie Ardent", "Jürgen Straße"]


def test_a_rename_refolds_the_key_in_the_same_flush(app, make):
    user = make.user("recruiter", name="Ana Perez", email="ana@example.com")
    with app.app_context():
        found = db.session.get(User, user.id)
        update_profile(found, "Ana Pérez-Núñez", "ana.nunez@example.com")
        db.session.flush()
        assert found.search_key == record_key("Ana Pérez-Núñez", "ana.nunez@example.com")
        assert [u.id for u in search_users("nunez")] == [user.id]
        db.session.rollback()


def test_erasure_clears_the_key_with_the_name(app, make, people):
    with app.app_context():
        mateo = db.session.scalar(sa.select(Candidate).where(Candidate.name == "Mateo García"))
        erase_candidate(mateo, "Request received 12 May.")
        db.session.commit()
        stored = db.session.scalar(sa.select(Candidate.search_key)
                                   .where(Candidate.id == mateo.id))
    assert stored == record_key(f"Erased candidate #{mateo.id}", "")
    assert "garcia" not in stored
    assert _names(app, people, "garcia") == set()


def test_the_stored_keys_are_verified_and_rebuilt_from_scratch(app, people):
    """The derived column against a recomputation from scratch (``hiring search-keys``),
    after the factories' and services' writes; a row written past the ORM is found and
    refolded."""
    runner = app.test_cli_runner()
    clean = runner.invoke(main, ["search-keys", "verify"])
    assert clean.exit_code == 0, clean.output
    with app.app_context():
        mateo = db.session.scalar(sa.select(Candidate.id).where(Candidate.name == "Mateo García"))
        db.session.execute(sa.update(Candidate).where(Candidate.id == mateo)
                           .values(name="Mateo Núñez"))
        db.session.commit()
    drifted = runner.invoke(main, ["search-keys", "verify"])
    assert drifted.exit_code == 1
    assert f"candidates #{mateo}: the stored search key differs" in drifted.output
    assert "Núñez" not in drifted.output  # ids only: the output may end up in logs
    rebuilt = runner.invoke(main, ["search-keys", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "1 search keys refolded." in rebuilt.output
    assert runner.invoke(main, ["search-keys", "verify"]).exit_code == 0
    assert _names(app, people, "nunez") == {"Mateo Núñez"}


@pytest.fixture
def migrated_database(database_url: str, tmp_path: Path, request) -> str:
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'search-keys.sqlite3'}"
    server = request.getfixturevalue("postgres")
    server.create_database("hiring_search_keys")
    return server.url("hiring_search_keys")


def test_the_migration_backfills_keys_as_the_app_folds_them(migrated_database, tmp_path):
    app = create_app(app_config(migrated_database, tmp_path / "instance"))
    names = [("Mateo García", "Mateo.Garcia@example.com"), ("Jürgen Straße", ""),
             ("İlkay ǅemal\u00a0Ø", "x@ÉLAN.example"), ("Ana\u200b 100%", None)]
    with app.app_context():
        upgrade(revision="e2_scorecard_recommendation")
        with db.engine.begin() as connection:
            meta = sa.MetaData()
            meta.reflect(connection, only=["users"])
            users = meta.tables["users"]
            for n, (name, email) in enumerate(names):
                connection.execute(sa.insert(users).values(
                    email=email if email is not None else f"user{n}@example.com", name=name,
                    password_hash="x", active=True, session_version=1,
                    created_at=sa.func.now()))
        upgrade(revision="e3_search_keys")
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text("SELECT name, email, search_key FROM users"))
            stored = {row.name: (row.email, row.search_key) for row in rows}
        db.engine.dispose()
    assert len(stored) == len(names)
    for name, (email, key) in stored.items():
        assert key == record_key(name, email)


def test_lists_sort_the_same_on_every_database(app, make):
    """Names by their folded key and text bytewise (PostgreSQL's collation would otherwise
    order spaces, case and punctuation differently from SQLite); ties by id."""
    from hiring.queries.candidates import CANDIDATE_SORTS

    rita = make.user("recruiter")
    requisition = make.requisition(recruiters=[rita])
    for name, source in [("Zoë Zamora", "b"), ("ana Ortiz", "B"), ("Álvaro Ruiz", "a b"),
                         ("Anders Ek", "a-b"), ("anabel", "B")]:
        make.candidate(requisition, name=name, source=source)

    def listed(raw):
        with app.app_context():
            query = candidate_query([requisition.id], CandidateFilters(),
                                    CANDIDATE_SORTS.parse(raw))
            return [row.name for row in db.session.execute(query)]

    assert listed("name") == ["Álvaro Ruiz", "ana Ortiz", "anabel", "Anders Ek", "Zoë Zamora"]
    assert listed("-name") == list(reversed(listed("name")))
    # ASCII case aside, then bytewise: "a b" < "a-b" < "b" = "B" (ties by id)
    assert listed("source") == ["Álvaro Ruiz", "Anders Ek", "Zoë Zamora", "ana Ortiz", "anabel"]
    assert listed("-source") == ["anabel", "ana Ortiz", "Zoë Zamora", "Anders Ek", "Álvaro Ruiz"]


def test_every_sort_choice_is_an_order_the_list_knows():
    from hiring.queries.candidates import CANDIDATE_SORT_CHOICES, CANDIDATE_SORTS

    values = [value for value, _ in CANDIDATE_SORT_CHOICES]
    assert [CANDIDATE_SORTS.parse(v).arg for v in values] == values
    assert len(values) == 2 * len(CANDIDATE_SORTS.columns)
