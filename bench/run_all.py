"""Every benchmark on SQLite and on a throwaway PostgreSQL server: `make bench`.

usage: python bench/run_all.py [--quick] [--backends sqlite,postgresql] [--candidates N] ...

Each script writes its figures to bench/out/results/<backend>/<script>.json; at the end this
prints the one table of issue 11's rows (bench/report.py), every figure with its ratio to a
baseline measured in the same run. ``python bench/readme.py`` then puts that table, and a
description of the machine, into the README. Wall-clock numbers of the machine it runs on;
tests never assert times, this does not either. ``--quick`` is a smoke run (small data,
short durations) whose figures mean little.
"""

from __future__ import annotations

import argparse
import ast
import compileall
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.common import OUT, RESULTS, save  # noqa: E402
from bench.machine import describe, postgres_version  # noqa: E402
from tests.support.postgres import start_postgres  # noqa: E402

FULL = {"candidates": 20000, "repeat": 20, "hits": 50, "seconds": 6, "gc_seconds": 20,
        "distinct": 400, "settings": "5x4,3x4,2x8", "packets": 8, "packet_repeat": 3}
QUICK = {"candidates": 2000, "repeat": 5, "hits": 10, "seconds": 2, "gc_seconds": 4,
         "distinct": 60, "settings": "5x4,2x8", "packets": 4, "packet_repeat": 1}


FAILED: list[str] = []


def run(*args: str) -> str:
    """One script; a failure is reported (its rows show "-") and the others still run."""
    print(f"\n$ python {' '.join(args)}", flush=True)
    started = time.monotonic()
    lines = []
    with subprocess.Popen([sys.executable, "-u", *args], cwd=ROOT, text=True,
                          stdout=subprocess.PIPE) as process:
        assert process.stdout is not None
        for line in process.stdout:  # shown as it comes: a full run takes minutes
            print(line, end="", flush=True)
            lines.append(line)
    print(f"({time.monotonic() - started:.0f} s)", flush=True)
    if process.returncode != 0:
        FAILED.append(" ".join(args[:2]))
        print(f"FAILED (exit {process.returncode})", flush=True)
    return "".join(lines)


def suite(backend: str, url: str, writes_url: str, packets_url: str, o: argparse.Namespace,
          ) -> None:
    """Seed, then the in-process pages, the load, the packets and the writes."""
    print(f"\n=== {backend} ===", flush=True)
    instance = str(OUT / f"instance-{backend}")
    seeded = run("bench/seed.py", url, "--instance", instance,
                 "--candidates", str(o.candidates))
    counts = [line for line in seeded.splitlines() if line.startswith("{")]
    save(backend, "seed", ast.literal_eval(counts[-1]) if counts else {})
    run("bench/pages.py", url, "--instance", instance, "--repeat", str(o.repeat),
        "--hits", str(o.hits))
    run("bench/load.py", url, "--instance", instance, "--seconds", str(o.seconds),
        "--gc-seconds", str(o.gc_seconds))
    run("bench/packets.py", packets_url, "--candidates", str(o.packets), "--repeat",
        str(o.packet_repeat), "--out", str(OUT / f"packets-{backend}"))
    run("bench/writes.py", writes_url, "--distinct", str(o.distinct), "--settings",
        o.settings)


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, short durations")
    parser.add_argument("--backends", default="sqlite,postgresql")
    for name, value in FULL.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=None)
    args = parser.parse_args()
    for name, value in (QUICK if args.quick else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def main() -> None:
    args = options()
    started = time.monotonic()
    # Bytecode as a deployment has it (deploy/README.md compiles it on install): without it,
    # PYTHONDONTWRITEBYTECODE or a read-only checkout makes every fresh process (a packet
    # command, a server's start) compile the app from source, about 0.3 s of CPU.
    compileall.compile_dir(ROOT / "hiring", quiet=1)
    shutil.rmtree(RESULTS, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    backends = args.backends.split(",")
    machine = describe()
    if "sqlite" in backends:
        suite("sqlite", *(f"sqlite:///{OUT / name}.sqlite3"
                          for name in ("bench", "writes", "packets")), args)
    if "postgresql" in backends:
        server = start_postgres()
        try:
            for name in ("hiring_bench", "hiring_writes", "hiring_packets"):
                server.create_database(name)
            machine["postgresql"] = postgres_version(server.url("hiring_bench"))
            suite("postgresql", server.url("hiring_bench"), server.url("hiring_writes"),
                  server.url("hiring_packets"), args)
        finally:
            server.stop()
    machine["load_average_end"] = os.getloadavg()[0]
    machine["minutes"] = round((time.monotonic() - started) / 60, 1)
    machine["options"] = {k: v for k, v in vars(args).items() if k != "backends"}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "machine.json").write_text(json.dumps(machine, indent=2), encoding="utf-8")
    print(f"\n=== issue 11's table ({machine['minutes']} min; "
          f"`python bench/readme.py` puts it into the README) ===\n")
    print(report.markdown())
    if FAILED:
        print("\nFAILED: " + "; ".join(FAILED))
        sys.exit(1)


if __name__ == "__main__":
    main()
