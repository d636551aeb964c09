"""The Rubrics area: every role that uses a rubric reads every rubric (they are the
process's published rules), 403 for an account without one of those roles; an unknown
rubric or version is 404 and bad diff parameters 400, whoever asks."""

from collections.abc import Callable
from functools import cache

from hiring.domain.rubric_loader import load_rubric_file
from hiring.rubric_files import PROJECT_ROOT
from tests.permissions.matrix import Route
from tests.permissions.world import World

READERS = {"interviewer": 200, "committee": 200, "recruiter": 200, "admin": 200}
RUBRIC = "/rubrics/senior-engineer"


@cache
def _version() -> str:
    """The shipped file's version: the one every test database holds."""
    return load_rubric_file(PROJECT_ROOT / "rubrics" / "senior-engineer.yaml").short_version


def _get(endpoint: str, path: str | Callable[[World, str], str], status: int = 200) -> Route:
    url = path if callable(path) else (lambda w, s: path)
    return Route(endpoint, "GET", url, has_object=False,
                 expect=dict.fromkeys(READERS, status))


ROWS = [
    _get("rubrics.index", "/rubrics"),
    _get("rubrics.rubric", RUBRIC),
    _get("rubrics.rubric", "/rubrics/no-such-rubric", 404),
    _get("rubrics.version", lambda w, s: f"{RUBRIC}/versions/{_version()}"),
    _get("rubrics.version", f"{RUBRIC}/versions/0123456789ab", 404),
    _get("rubrics.diff", f"{RUBRIC}/diff"),  # one version: "nothing to compare", 200
    _get("rubrics.diff", lambda w, s: f"{RUBRIC}/diff?from={_version()}&to={_version()}", 400),
    _get("rubrics.diff", "/rubrics/no-such-rubric/diff", 404),
]
