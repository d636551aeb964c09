"""A checker that records problems with their field paths instead of stopping at the first."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from hiring.domain.problems import Problem, RubricError

MISSING: Any = object()  # a key that is absent, as opposed to present with a null value


def join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


class Checker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.source, field or "(file)", message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise RubricError(self.problems)

    def mapping(self, data: Any, path: str, required: Sequence[str] | None = None,
                optional: Sequence[str] = ()) -> dict[Any, Any] | None:
        """Check a mapping; with ``required`` given, also report missing and unknown keys."""
        if data is MISSING:
            return None  # the parent already reported the missing key
        if not isinstance(data, dict):
            self.problem(path, "must be a mapping")
            return None
        if required is not None:
            allowed = [*required, *optional]
            for key in data:
                if key not in allowed:
                    hint = difflib.get_close_matches(str(key), allowed, n=1)
                    suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
                    self.problem(join(path, key), f"unknown key{suffix}")
            for key in required:
                if key not in data:
                    self.problem(join(path, key), "required")
        return data

    def sequence(self, data: Any, path: str, non_empty: bool = False) -> list[Any]:
        if data is MISSING:
            return []
        if not isinstance(data, list):
            self.problem(path, "must be a list")
            return []
        if non_empty and not data:
            self.problem(path, "must not be empty")
        return data

    def text(self, node: dict[Any, Any], key: str, path: str,
             pattern: re.Pattern[str] | None = None, pattern_hint: str = "") -> str | None:
        if key not in node:
            return None
        value = node[key]
        field = join(path, key)
        if not isinstance(value, str) or not value.strip():
            self.problem(field, "must be a non-empty text")
            return None
        if pattern is not None and not pattern.match(value):
            self.problem(field, f"{value!r} must match {pattern_hint}")
            return None
        return value.strip()

    def integer(self, node: dict[Any, Any], key: str, path: str) -> int | None:
        if key not in node:
            return None
        value = node[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(join(path, key), "must be a whole number")
            return None
        return value

    def choice(self, node: dict[Any, Any], key: str, path: str,
               options: Iterable[str]) -> str | None:
        if key not in node:
            return None
        options = tuple(options)
        value = node[key]
        if value not in options:
            self.problem(join(path, key), f"{value!r} is not one of {', '.join(options)}")
            return None
        return str(value)
