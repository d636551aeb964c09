"""The render pool: workers independent of ``__main__``, recycled, killed on a timeout, and
never shared across a fork; the app itself never imports WeasyPrint."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hiring.packet.renderer import Limits, PacketTimedOut, RenderPool
from hiring.rubric_files import PROJECT_ROOT

pytestmark = pytest.mark.pdf
STATIC = PROJECT_ROOT / "hiring" / "static"
PAGE = "<html><body><h1>Packet</h1><p>One page.</p></body></html>"

# Fed to ``python -`` on stdin: a __main__ that cannot be imported again, no main guard, as
# in a shell pipe. It renders, checks that this process never imported WeasyPrint (the web
# process must not), then forks like gunicorn: the child gets a pool of its own.
STDIN_SCRIPT = f"""
import os, sys
from pathlib import Path
import hiring.committee.views_packet, hiring.packet.jobs, hiring.cli_packet
from hiring.packet.content import template_version
from hiring.packet.renderer import Limits, render_pdf, shared_pool
static = Path({str(STATIC)!r})
first = render_pdf({PAGE!r}, static, Limits())
template_version()
parent_workers = shared_pool().worker_pids
pid = os.fork()
if pid == 0:
    child = render_pdf({PAGE!r}, static, Limits())
    mine = shared_pool().worker_pids
    os._exit(0 if child.pages == 1 and not set(mine) & set(parent_workers) else 3)
_, status = os.waitpid(pid, 0)
again = render_pdf({PAGE!r}, static, Limits())
print("pages", first.pages, again.pages, "child", os.waitstatus_to_exitcode(status),
      "weasyprint" in sys.modules, shared_pool().worker_pids == parent_workers)
"""


def test_a_render_works_under_a_main_that_cannot_be_imported_and_across_a_fork():
    result = subprocess.run([sys.executable, "-"], input=STDIN_SCRIPT, capture_output=True,
                            text=True, cwd=PROJECT_ROOT, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["pages", "1", "1", "child", "0", "False", "True"]


def test_a_worker_is_replaced_after_its_quota_of_packets():
    pool = RenderPool(size=1, max_packets=2)
    try:
        assert pool.render(PAGE, STATIC, Limits()).pages == 1
        [first] = pool.worker_pids
        pool.render(PAGE, STATIC, Limits())
        assert pool.worker_pids == []  # its second packet was its last
        pool.render(PAGE, STATIC, Limits())
        [second] = pool.worker_pids
        assert second != first
    finally:
        pool.close()


def test_a_worker_past_the_time_limit_is_killed_and_the_next_render_works():
    pool = RenderPool(size=1, max_packets=50)
    long_page = "<html><body>" + "<p>Many words on many pages.</p>" * 4000 + "</body></html>"
    try:
        pool.render(PAGE, STATIC, Limits())
        [worker] = pool.worker_pids
        with pytest.raises(PacketTimedOut, match=r"took longer than 0\.01 seconds"):
            pool.render(long_page, STATIC, Limits(timeout_seconds=0.01))
        assert pool.worker_pids == []
        with pytest.raises(ProcessLookupError):
            os.kill(worker, 0)  # killed and reaped
        assert pool.render(PAGE, STATIC, Limits()).pages == 1
        assert pool.worker_pids != [worker]
    finally:
        pool.close()
