"""What the Rubrics area reads: stored rubric versions, what each is pinned to, and the
debrief's note on a version that is no longer the current one."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from hiring.domain.rubric_diff import RubricDiff, diff_rubrics
from hiring.extensions import db
from hiring.models import Requisition, RubricVersion, User
from hiring.permissions import rubric_pinned_requisitions, viewable_requisitions

# How a version is named in addresses: its hash, or the first 12 hex digits shown everywhere.
VERSION_REF = re.compile(r"^[0-9a-f]{12,64}$")
RUBRIC_KEY = re.compile(r"^[a-z0-9-]{1,64}$")


@dataclass(frozen=True)
class PinnedRequisition:
    id: int
    title: str
    status: str
    linked: bool  # the viewer may open the requisition's page


@dataclass(frozen=True)
class VersionRow:
    """One stored version in a rubric's history, numbered from 1 in the order synced."""

    version: RubricVersion
    number: int
    current: bool
    requisitions: tuple[PinnedRequisition, ...]  # only those the viewer may see


@dataclass(frozen=True)
class RubricRow:
    """One rubric of the index: its current version and its history in figures."""

    key: str
    current: VersionRow
    versions: int
    first_synced: dt.datetime


def history(user: User, rubric_key: str) -> list[VersionRow]:
    """Every stored version of a rubric, oldest first ([] for an unknown rubric), each with
    the requisitions pinned to it that the viewer may see (two queries)."""
    if not RUBRIC_KEY.match(rubric_key):
        return []
    versions = list(db.session.scalars(select(RubricVersion)
                                       .where(RubricVersion.rubric_key == rubric_key)
                                       .order_by(RubricVersion.id)))
    pinned = _pinned(user, [v.id for v in versions])
    last = len(versions)
    return [VersionRow(v, n, n == last, pinned.get(v.id, ()))
            for n, v in enumerate(versions, start=1)]


def rubric_index(user: User) -> list[RubricRow]:
    """Each rubric's current version with its history in figures, by title (three queries
    whatever the number of versions)."""
    versions = list(db.session.scalars(select(RubricVersion).order_by(RubricVersion.id)))
    pinned = _pinned(user, [v.id for v in versions])
    by_key: dict[str, list[RubricVersion]] = {}
    for version in versions:
        by_key.setdefault(version.rubric_key, []).append(version)
    rows = []
    for key, found in by_key.items():
        latest = found[-1]
        seen = tuple(r for v in found for r in pinned.get(v.id, ()))
        rows.append(RubricRow(key, VersionRow(latest, len(found), True, seen), len(found),
                              found[0].created_at))
    return sorted(rows, key=lambda r: (r.current.version.title.casefold(), r.key))


def _pinned(user: User, version_ids: list[int]) -> dict[int, tuple[PinnedRequisition, ...]]:
    if not version_ids:
        return {}
    requisitions = db.session.scalars(
        select(Requisition).where(Requisition.rubric_version_id.in_(version_ids),
                                  rubric_pinned_requisitions(user))
        .order_by(Requisition.title, Requisition.id))
    requisitions = list(requisitions)
    # Admins see every title, but the requisition's page opens only to its own people.
    openable = {r.id for r in requisitions} if not user.has_role("admin") else set(
        db.session.scalars(select(Requisition.id).where(
            Requisition.id.in_([r.id for r in requisitions]), viewable_requisitions(user))))
    found: dict[int, list[PinnedRequisition]] = {}
    for req in requisitions:
        found.setdefault(req.rubric_version_id, []).append(
            PinnedRequisition(req.id, req.title, req.status, req.id in openable))
    return {k: tuple(v) for k, v in found.items()}


def find_version(rows: list[VersionRow], ref: str) -> VersionRow | None:
    """The version of a history named by ``ref`` (a full hash or a prefix of at least 12 hex
    digits), None when none is or when the prefix is ambiguous."""
    if not VERSION_REF.match(ref):
        return None
    matches = [r for r in rows if r.version.version.startswith(ref)]
    return matches[0] if len(matches) == 1 else None


@dataclass(frozen=True)
class VersionNote:
    """The debrief's line on a candidate scored under a version that is no longer current."""

    rubric_key: str
    pinned: str  # short versions
    current: str
    diff: RubricDiff

    @property
    def phrases(self) -> tuple[str, ...]:
        """At most four areas, then how many more: the note stays one short sentence."""
        summary = self.diff.summary()
        if len(summary) <= 4:
            return summary
        return (*summary[:3], f"{len(summary) - 3} more")


def version_note(rubric_key: str, pinned_version: str) -> VersionNote | None:
    """None when the pinned version is the rubric's current one; else what differs (one
    query: the pinned and the current version together; parsed rubrics are cached)."""
    latest_id = (select(func.max(RubricVersion.id))
                 .where(RubricVersion.rubric_key == rubric_key).scalar_subquery())
    rows = {v.version: v for v in db.session.scalars(
        select(RubricVersion).where(RubricVersion.rubric_key == rubric_key,
                                    or_(RubricVersion.version == pinned_version,
                                        RubricVersion.id == latest_id)))}
    pinned = rows.get(pinned_version)
    current = max(rows.values(), key=lambda v: v.id, default=None)
    if pinned is None or current is None or current.id == pinned.id:
        return None
    return VersionNote(rubric_key, pinned.short_version, current.short_version,
                       diff_rubrics(pinned.rubric, current.rubric))
