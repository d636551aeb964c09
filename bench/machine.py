"""A description of the machine a bench ran on, from /proc and the database servers."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _ram_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _wrk() -> str:
    try:
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return "not installed"
    return (out.stdout or out.stderr).split(" [")[0].strip() or "unknown"


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0]}" if row else "PostgreSQL (unknown version)"


def describe(postgres: str | None = None) -> dict[str, Any]:
    return {"cpu": _cpu_model(), "cores": os.cpu_count(), "ram_gib": round(_ram_gib(), 1),
            "kernel": platform.release(), "python": platform.python_version(),
            "sqlite": f"SQLite {sqlite3.sqlite_version}", "postgresql": postgres or "-",
            "weasyprint": version("weasyprint"), "gunicorn": version("gunicorn"),
            "wrk": _wrk(), "load_average": os.getloadavg()[0]}


def sentence(machine: dict[str, Any]) -> str:
    return (f"{machine['cpu']}, {machine['cores']} cores, {machine['ram_gib']:g} GiB RAM, "
            f"Linux {machine['kernel']}; Python {machine['python']}, {machine['sqlite']} (WAL), "
            f"{machine['postgresql']} (a local throwaway cluster, fsync off); WeasyPrint "
            f"{machine['weasyprint']}, gunicorn {machine['gunicorn']}, {machine['wrk']}; load "
            f"average {machine['load_average']:.1f} at the start, "
            f"{machine.get('load_average_end', 0):.1f} at the end")
