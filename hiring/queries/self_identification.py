"""Self-identification for the aggregate reports, and nothing else.

FOR THE REPORTS CODE ONLY (the adverse-impact report, ``hiring.reports`` and the analytics
it feeds). This is the one place that reads the answers. It returns a group label per
candidate id so that the report can count entrants and passes per group and suppress small
groups; no page, export or API may show these labels per person, to interviewers, committee
members, recruiters or admins. Any other use is a bug.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from hiring.extensions import db
from hiring.models import SelfIdentification
from hiring.models.self_identification import DECLINED, GENDERS, RACES_ETHNICITIES

DIMENSIONS = {"gender": dict(GENDERS), "race_ethnicity": dict(RACES_ETHNICITIES)}
NOT_ANSWERED = "Not answered"  # no answer stored (no link sent, or not used)


def group_labels(candidate_ids: Collection[int], dimension: str) -> dict[int, str]:
    """For each of ``candidate_ids``, its group label in ``dimension`` ("gender" or
    "race_ethnicity"): the category's label, "Decline to answer", or ``NOT_ANSWERED``.

    Erased candidates have no answers left (erasure deletes them) and read "Not answered".
    Raises KeyError for an unknown dimension. Reports code only (see the module).
    """
    labels = DIMENSIONS[dimension]
    column = getattr(SelfIdentification, dimension)
    ids = list(candidate_ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists on both databases
        rows = db.session.execute(select(SelfIdentification.candidate_id, column).where(
            SelfIdentification.candidate_id.in_(ids[start:start + 500])))
        found.update({cid: labels.get(value, labels[DECLINED]) for cid, value in rows})
    return {cid: found.get(cid, NOT_ANSWERED) for cid in ids}

