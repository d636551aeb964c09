"""The stored search keys (``search_key`` on candidates and users) checked against, or
refolded from, ``hiring.domain.search.record_key``.

The models keep each key on every write of a name or email; this is the from-scratch
recomputation that the derived column must agree with: after a change of the fold (which
also needs a migration that refolds), a bulk import past the ORM, or to prove nothing drifted.
Services only flush; the command commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select, update

from hiring.domain.search import record_key
from hiring.extensions import db
from hiring.models import Candidate, User

MODELS = (Candidate, User)
BATCH = 500


@dataclass(frozen=True)
class StaleKey:
    table: str
    row_id: int

    def describe(self) -> str:
        return f"{self.table} #{self.row_id}: the stored search key differs from its fold"


def _rows(model: type[Candidate] | type[User]) -> Iterator[tuple[int, str]]:
    """(id, the key it should hold) for every row whose stored key differs, in batches."""
    last = 0
    while True:
        batch = db.session.execute(
            select(model.id, model.name, model.email, model.search_key)
            .where(model.id > last).order_by(model.id).limit(BATCH)).all()
        if not batch:
            return
        for row in batch:
            key = record_key(row.name, row.email)
            if key != row.search_key:
                yield row.id, key
        last = batch[-1].id


def stale_keys() -> list[StaleKey]:
    """Every candidate and user whose stored key is not the fold of its name and email."""
    return [StaleKey(model.__tablename__, row_id)
            for model in MODELS for row_id, _ in _rows(model)]


def refold_keys() -> int:
    """Store the right key on every row that differs; returns how many changed (flushed)."""
    changed = 0
    for model in MODELS:
        fixes = list(_rows(model))
        for row_id, key in fixes:
            db.session.execute(update(model).where(model.id == row_id)
                               .values(search_key=key)
                               .execution_options(synchronize_session=False))
        changed += len(fixes)
    db.session.flush()
    return changed
