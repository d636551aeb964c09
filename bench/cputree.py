"""CPU of a command's whole process tree: ``python bench/cputree.py -- COMMAND ...``.

Prints one JSON line: {"cpu": user + system seconds, "wall": seconds, "returncode": n}.
This process becomes a child subreaper, so a grandchild whose parent exits before it
(a forkserver, a pool of render workers) is re-parented here and reaped here, and its CPU
is counted by ``getrusage(RUSAGE_CHILDREN)`` like every other descendant's.
Run it in its own process: it waits for *every* child it has.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main() -> None:
    command = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else sys.argv[1:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise SystemExit("prctl(PR_SET_CHILD_SUBREAPER) failed")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          check=False)
    wall = time.perf_counter() - started
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # orphans of the tree, re-parented to us
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(json.dumps({"cpu": cpu, "wall": wall, "returncode": done.returncode,
                      "stderr": done.stderr.decode(errors="replace")[-1000:]}))


if __name__ == "__main__":
    main()
