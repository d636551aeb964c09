"""Every benchmark on SQLite and on a throwaway PostgreSQL server: `make bench`.

Prints the figures the README's performance section reports. Wall-clock numbers of the
machine it runs on; tests never assert times, this does not either.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.postgres import start_postgres  # noqa: E402

OUT = ROOT / "bench" / "out"


def run(*args: str) -> None:
    print(f"\n$ python {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True)


def suite(label: str, url: str, writes_url: str) -> None:
    """The read benchmarks on a seeded database; the write bench on its own empty one."""
    print(f"\n=== {label} ===", flush=True)
    instance = str(OUT / f"instance-{label}")
    run("bench/seed.py", url, "--instance", instance)
    run("bench/pages.py", url, "--instance", instance)
    run("bench/load.py", url, "--instance", instance)
    run("bench/writes.py", writes_url)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    suite("sqlite", f"sqlite:///{OUT / 'bench.sqlite3'}", f"sqlite:///{OUT / 'writes.sqlite3'}")
    server = start_postgres()
    try:
        server.create_database("hiring_bench")
        server.create_database("hiring_writes")
        suite("postgresql", server.url("hiring_bench"), server.url("hiring_writes"))
    finally:
        server.stop()
    print("\n=== PDF packets ===", flush=True)
    run("bench/packets.py", "--out", str(OUT / "packets"))


if __name__ == "__main__":
    main()
