"""The Reports area: aggregates only, so no object ids in the URLs.

Calibration, agreement and turnaround open to committee members, recruiters and admins
(each sees the requisitions they work on; admins all); adverse impact, built from
self-identification, to admins and recruiters only. Interviewers get 403 everywhere.
"""

from tests.permissions.matrix import Route

EVERYONE_WHO_JUDGES = {"committee": 200, "recruiter": 200, "admin": 200}
IMPACT = {"recruiter": 200, "admin": 200}


def _get(endpoint: str, path: str, expect: dict[str, int]) -> Route:
    return Route(endpoint, "GET", lambda w, s: path, has_object=False, expect=expect)


ROWS = [
    _get("reports.index", "/reports", EVERYONE_WHO_JUDGES),
    _get("reports.calibration", "/reports/calibration", EVERYONE_WHO_JUDGES),
    _get("reports.calibration_csv", "/reports/calibration/overall.csv", EVERYONE_WHO_JUDGES),
    _get("reports.agreement", "/reports/agreement", EVERYONE_WHO_JUDGES),
    _get("reports.agreement_csv", "/reports/agreement/criteria.csv", EVERYONE_WHO_JUDGES),
    _get("reports.turnaround", "/reports/turnaround", EVERYONE_WHO_JUDGES),
    _get("reports.turnaround_csv", "/reports/turnaround/funnel.csv", EVERYONE_WHO_JUDGES),
    _get("reports.impact", "/reports/impact", IMPACT),
    _get("reports.impact_csv", "/reports/impact/gender.csv", IMPACT),
]
