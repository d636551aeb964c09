"""A YAML safe loader that refuses nesting deeper than any rubric needs.

PyYAML's composer builds nodes recursively, one Python frame per level: a file nested a few
thousand levels deep (``[[[[...`` or ``- - - - ...`` on one line) raised RecursionError
instead of the ``FILE: FIELD: message`` every other broken file gets. The deepest field of a
rubric is four levels down (``criteria[0].anchors.5``); the bound leaves ample room.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 32


class DepthLimitedSafeLoader(yaml.SafeLoader):
    """yaml.SafeLoader raising a ComposerError (a YAMLError with its line and column) past
    MAX_DEPTH levels of nesting, before the recursion can exhaust the stack."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self._depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_DEPTH} levels deep", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)  # type: ignore[no-untyped-call]
        finally:
            self._depth -= 1
