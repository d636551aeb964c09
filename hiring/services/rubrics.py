"""Storing rubric files as immutable versions and choosing the version a requisition uses."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from hiring.domain.rubric import Rubric
from hiring.extensions import db
from hiring.models import RubricVersion
from hiring.rubric_files import load_directory
from hiring.services import audit


def store(rubric: Rubric, source: str) -> tuple[RubricVersion, bool]:
    """The stored version of this content, creating it when new; (version, created)."""
    existing = db.session.scalar(select(RubricVersion).where(RubricVersion.version ==
                                                             rubric.version))
    if existing is not None:
        return existing, False
    version = RubricVersion(rubric_key=rubric.id, version=rubric.version, title=rubric.title,
                            source=source, snapshot=dict(rubric.snapshot))
    db.session.add(version)
    db.session.flush()
    audit.record("rubric.version_stored", version,
                 after={"rubric": rubric.id, "version": rubric.version, "source": source})
    return version, True


def sync_directory(directory: Path) -> list[tuple[RubricVersion, bool]]:
    """Validate every file (RubricError lists all problems) and store new versions."""
    stored = []
    for rubric in load_directory(directory):
        path = directory / f"{rubric.id}.yaml"  # a rubric's id is its file name
        if not path.exists():
            path = path.with_suffix(".yml")
        # Recorded as "<folder>/<file>": where the file sits on this machine is nobody's data.
        stored.append(store(rubric, f"{directory.name}/{path.name}"))
    return stored


def latest_versions() -> list[RubricVersion]:
    """The newest stored version of each rubric, by rubric id."""
    newest: dict[str, RubricVersion] = {}
    for version in db.session.scalars(select(RubricVersion).order_by(RubricVersion.id)):
        newest[version.rubric_key] = version
    return sorted(newest.values(), key=lambda v: v.title)


def latest_version_of(rubric_key: str) -> RubricVersion | None:
    return db.session.scalar(select(RubricVersion).where(RubricVersion.rubric_key == rubric_key)
                             .order_by(RubricVersion.id.desc()).limit(1))
