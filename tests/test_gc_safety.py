"""Automatic GC is off while the app runs; collections happen when an app context ends."""

import gc

from hiring.gc_safety import collect_if_due


def test_the_app_collects_only_at_safe_points(app):
    assert not gc.isenabled(), "automatic collection can crash CPython 3.11 (gc_safety.py)"
    threshold = gc.get_threshold()[0]
    with app.app_context():
        garbage = []
        for _ in range(threshold * 3):
            node: list[object] = []
            node.append(node)  # a reference cycle only the collector can free
            garbage.append(node)
        del garbage, node
        assert gc.get_count()[0] > threshold  # nothing collected in the middle of the work
    assert gc.get_count()[0] < threshold  # collected when the context ended


def test_collect_if_due_follows_the_thresholds():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        assert collect_if_due() is None  # nothing due right after a full collection
        junk = [[] for _ in range(gc.get_threshold()[0] + 10)]
        assert collect_if_due() == 0
        del junk
    finally:
        if was_enabled:
            gc.enable()
