"""What every bench script shares: result files, percentiles, gunicorn as served, wrk, and
the CPU and memory of processes read from /proc.

Each script writes its figures to ``bench/out/results/<backend>/<script>.json``;
bench/report.py turns them into the table (ratios are computed there, from one run).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.error import URLError

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = OUT / "results"
TICKS = os.sysconf("SC_CLK_TCK")


def backend_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def save(backend: str, name: str, figures: Mapping[str, Any]) -> Path:
    path = RESULTS / backend / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, sort_keys=True), encoding="utf-8")
    return path


def load(backend: str, name: str) -> dict[str, Any] | None:
    path = RESULTS / backend / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def spread(values: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / p99 / max of a list of milliseconds."""
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "p99": percentile(values, 99), "max": max(values)}


# --- gunicorn, configured as the README tells production to run it ----------------------

WORKER_CLASS = "gthread"
# What deploy/hiring-web.service sets for gunicorn, for both apps: two malloc arenas, not
# eight per core (glibc's default grows a worker's memory by one arena per thread).
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    handle: BinaryIO

    def workers(self) -> list[int]:
        """The worker processes (children of the master)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def pids(self) -> list[int]:
        return [self.process.pid, *self.workers()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.handle.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(target: str, env: Mapping[str, str], log: Path, *, workers: int, threads: int,
          probe: str = "/login") -> Server:
    """``gunicorn --preload`` with the given workers and threads on 127.0.0.1. The bare app
    and the hiring app get exactly the same flags (that is what makes the ratio fair)."""
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("wb")
    process = subprocess.Popen(
        [str(gunicorn), "--preload", "--bind", f"127.0.0.1:{port}",
         "--worker-class", WORKER_CLASS, "--workers", str(workers), "--threads", str(threads),
         "--timeout", "120", "--graceful-timeout", "5",
         "--no-control-socket", target],  # several servers at once must not share one
        cwd=ROOT, env={**os.environ, **SERVER_ENV, **env}, stdout=handle,
        stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            handle.close()
            raise RuntimeError(f"gunicorn exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url + probe, timeout=5) as response:
                if response.status == 200:
                    server = Server(url, process, log, handle)
                    _wait_for_workers(server, workers)
                    return server
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    process.kill()
    process.wait()
    handle.close()
    raise RuntimeError(f"gunicorn did not answer: {log.read_text(errors='replace')[-2000:]}")


def _wait_for_workers(server: Server, workers: int) -> None:
    deadline = time.monotonic() + 30
    while len(server.workers()) < workers and time.monotonic() < deadline:
        time.sleep(0.1)


# --- /proc ----------------------------------------------------------------------------

def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU of these processes (all their threads) so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / TICKS


def memory_kib(pid: int) -> dict[str, int]:
    """RSS, PSS and USS (private clean + dirty) of one process, from smaps_rollup."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[name.strip()] = int(parts[0])
    return {"rss": values.get("Rss", 0), "pss": values.get("Pss", 0),
            "uss": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)}


def worker_memory(server: Server) -> dict[str, float]:
    """The largest worker's RSS and its PSS / USS, and the mean RSS, in MiB."""
    rows = [memory_kib(pid) for pid in server.workers()]
    biggest = max(rows, key=lambda row: row["rss"])
    return {"rss": biggest["rss"] / 1024, "pss": biggest["pss"] / 1024,
            "uss": biggest["uss"] / 1024,
            "mean_rss": sum(row["rss"] for row in rows) / len(rows) / 1024,
            "workers": len(rows)}


# --- wrk ------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(url: str, *, seconds: float, connections: int, threads: int = 2,
        cookie: str | None = None, server: Server | None = None) -> dict[str, float]:
    """Requests/s, latency percentiles, errors; with ``server``, the CPU its master and
    workers spent per request (from /proc, before and after)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
               "--latency", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: hiring_session={cookie}"]
    before = cpu_seconds(server.pids()) if server else 0.0
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    after = cpu_seconds(server.pids()) if server else 0.0
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
               "requests": requests, "max": _ms(latency.group(3)) if latency else 0.0}
    for p in ("50", "90", "99"):
        match = re.search(rf"\s{p}%\s+([\d.]+\w+)", out)
        figures[f"p{p}"] = _ms(match.group(1)) if match else 0.0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       out)
    figures["socket_errors"] = sum(int(n) for n in errors.groups()) if errors else 0
    if server:
        figures["cpu_ms_per_request"] = (after - before) * 1000 / max(requests, 1)
    return figures


def fresh_schema() -> None:
    """An empty database as ``hiring db upgrade`` leaves it: our tables and, on PostgreSQL,
    the task queue's (the Alembic revision f1 creates them there). Call in an app context."""
    from hiring.extensions import db
    from hiring.tasks.schema import create_sql, drop_sql

    db.drop_all()
    db.create_all()
    if db.engine.dialect.name == "postgresql":
        raw = db.engine.raw_connection()  # psycopg itself: no placeholders parsed
        try:
            with raw.cursor() as cursor:
                cursor.execute(drop_sql())
                cursor.execute(create_sql())
            raw.commit()
        finally:
            raw.close()
