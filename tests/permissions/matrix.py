"""Declaring who may reach each route: one Route per endpoint, collected from rows_*.py.

``expect`` maps a role to the status it gets; an int applies to every side, a tuple gives
(own, other, missing). Roles left out get ``default`` (403 for role-gated pages). The
anonymous visitor is always sent to the login page (302) unless the route is public.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.permissions.world import World

Status = int | tuple[int, int, int]


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url: Callable[[World, str], str]  # (world, side) -> path
    expect: dict[str, Status]
    default: int = 403
    data: Callable[[World, str], dict[str, Any]] = field(default=lambda w, s: {})
    public: bool = False
    has_object: bool = True  # False: the route takes no object id; only "own" is tried

    def status(self, role: str, side: str) -> int:
        if role == "anonymous" and not self.public:
            return 302
        value = self.expect.get(role, self.default)
        if isinstance(value, tuple):
            return value[("own", "other", "missing").index(side)]
        return value


def all_routes() -> list[Route]:
    import tests.permissions as package

    routes: list[Route] = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("rows_"):
            routes.extend(importlib.import_module(f"tests.permissions.{module.name}").ROWS)
    return routes
