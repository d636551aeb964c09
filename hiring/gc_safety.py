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

Once the app is warm, ``freeze_warm_heap`` (called by hiring/wsgi.py; ``GC_FREEZE``, on by
default) moves every object alive then into the permanent generation, which collections
never walk again: without it each full collection walks the whole app (modules, mappers,
templates), a stall of about 150 ms every 100-150 requests. With gunicorn's ``--preload``
the master freezes before it forks, so every worker inherits the frozen heap and the
collector no longer writes to those objects, which keeps their pages shared.
"""

from __future__ import annotations

import gc

from flask import Flask
from sqlalchemy.orm import configure_mappers


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


def freeze_warm_heap(app: Flask) -> bool:
    """Build what every request would build lazily, then ``gc.freeze()``; False when off."""
    if not app.config.get("GC_FREEZE", True):
        return False
    configure_mappers()
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)  # compiled once, in the master, shared after fork
    gc.collect()  # garbage is freed, not frozen
    gc.freeze()
    return True
