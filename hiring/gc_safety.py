"""Garbage collection at safe points only, to dodge a CPython 3.11 use-after-free.

On CPython 3.11, when setting an attribute makes an object materialise its instance dict,
the allocation can start the cyclic garbage collector; if the collector then runs a weakref
callback that sets attributes on that same object, the outer call goes on with freed memory
and the process crashes. SQLAlchemy's identity map does exactly that (InstanceState._cleanup
sets attributes on the state whose instance was collected). We saw it as a segfault on an
interviewer queue with 1,100 interviews.

So automatic collection is switched off while the app runs, and the same generational policy
runs at the end of every app context (each request and CLI command), where no attribute
assignment is in progress. Reference counting still frees everything that is not in a cycle
immediately, as before.
"""

from __future__ import annotations

import gc

from flask import Flask


def collect_if_due() -> int | None:
    """Run the collection CPython would have run by now; return the generation collected."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return generation
    return None


def init_app(app: Flask) -> None:
    if not app.config.get("SAFE_POINT_GC", True):
        return
    gc.disable()

    @app.teardown_appcontext
    def _collect(_exc: BaseException | None) -> None:
        collect_if_due()
