"""hiring: structured hiring-interview scorecards.

``create_app`` is imported lazily so that importing the pure ``hiring.domain`` package does
not pull in Flask.
"""

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from hiring.app import create_app

        return create_app
    raise AttributeError(name)
