"""Who opens which report: the predicates behind the Reports area's gates and navigation."""

import pytest

from hiring.models import User, UserRole
from hiring.permissions import can_view_impact, can_view_reports


def person(*roles: str) -> User:
    return User(email="x@example.com", name="X", password_hash="-",
                role_rows=[UserRole(role=r) for r in roles])


@pytest.mark.parametrize(("roles", "reports", "impact"), [
    ((), False, False),
    (("interviewer",), False, False),
    (("committee",), True, False),
    (("committee", "interviewer"), True, False),
    (("recruiter",), True, True),
    (("admin",), True, True),
])
def test_report_predicates(roles, reports, impact):
    user = person(*roles)
    assert can_view_reports(user) is reports
    assert can_view_impact(user) is impact
