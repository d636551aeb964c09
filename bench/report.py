"""The bench's one table: every row of issue 11, each figure with the ratio to its baseline
measured in the same run, on SQLite and PostgreSQL.

usage: python bench/report.py    (prints the table from bench/out/results/)
Rows whose script did not run (or failed) show "-". A cell ends with "met" or "NOT met"
when the row has a target.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load

BACKENDS = ("sqlite", "postgresql")
PAGES = (("candidates", "candidates list"), ("candidate", "candidate page"),
         ("kit", "interview kit"), ("debrief", "debrief page"))

Results = dict[str, dict[str, Any] | None]
Cell = tuple[str, bool | None]  # the text, and whether the target is met (None: no target)


@dataclass(frozen=True)
class Row:
    what: str
    target: str
    cell: Callable[[Results], Cell]


def results(backend: str) -> Results:
    return {name: load(backend, name) for name in ("seed", "pages", "load", "packets", "writes")}


def _n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _ms(value: float) -> str:
    return _n(value, 1) if value < 100 else _n(value)


def committee_index(r: Results) -> Cell:
    pages = r["pages"]
    index, kit = pages["committee_index"], pages["kit"]
    text = (f"p50 {_ms(index['p50'])} / p95 {_ms(index['p95'])} ms, {_ms(index['cpu_ms'])} ms "
            f"CPU, {index['queries']} statements; {index['p50'] / kit['p50']:.1f} x the kit "
            f"(p50 {_ms(kit['p50'])} ms)")
    return text, index["p95"] <= 50


def bare_app(r: Results) -> Cell:
    bare = r["load"]["bare"]
    return f"{_n(bare['rps'])} req/s, {bare['cpu_ms_per_request']:.2f} ms CPU per request", None


def page(key: str, anonymous: bool = False) -> Callable[[Results], Cell]:
    def cell(r: Results) -> Cell:
        load = r["load"]
        row, bare = load["pages"][key], load["bare"]
        ratio = row["rps"] / bare["rps"]
        text = (f"{_n(row['rps'])} req/s = {ratio:.3f} x bare; "
                f"{row['cpu_ms_per_request']:.1f} ms CPU per request")
        if row["non_2xx"] or row["socket_errors"]:
            text += f" ({row['non_2xx']} non-2xx, {row['socket_errors']} socket errors)"
        return text, None if anonymous else (ratio >= 0.10
                                             and row["cpu_ms_per_request"] <= 8)
    return cell


def packet_cli(r: Results) -> Cell:
    packets = r["packets"]
    cli, bare = packets["cli"]["cpu"], packets["bare"]["cpu"]
    return (f"{cli:.2f} s CPU vs {bare:.2f} s bare = {cli / bare:.2f} x "
            f"(wall {packets['cli']['wall']:.1f} / {packets['bare']['wall']:.1f} s)",
            cli / bare <= 1.15)


def cache_hit(r: Results) -> Cell:
    hit, kit = r["pages"]["packet_cache_hit"], r["pages"]["kit"]
    return (f"p50 {_ms(hit['p50'])} / p95 {_ms(hit['p95'])} ms = {hit['p50'] / kit['p50']:.2f} x "
            f"the kit", hit["p50"] <= 5)


def batch(r: Results) -> Cell:
    one, two = r["packets"]["batch"]["one"], r["packets"]["batch"]["two"]
    ratio = two["per_second"] / one["per_second"]
    return (f"{two['per_second']:.2f} vs {one['per_second']:.2f} packets/s = {ratio:.2f} x "
            f"({one['packets']} packets)", ratio >= 1.7)


def submits(index: int) -> Callable[[Results], Cell]:
    def cell(r: Results) -> Cell:
        setting = r["writes"]["settings"][index]
        s = setting["submits"]
        fails = s["5xx"]
        return (f"{setting['workers']} x {setting['threads']}: p50 {s['p50']:.2f} / p95 "
                f"{s['p95']:.2f} s, {setting['lost']} lost, {fails} x 5xx",
                setting["lost"] == 0 and fails == 0 and s["p95"] <= 1)
    return cell


def memory(r: Results) -> Cell:
    mem, bare = r["load"]["memory"], r["load"]["bare_memory"]
    return (f"RSS {mem['rss']:.0f} / PSS {mem['pss']:.0f} / USS {mem['uss']:.0f} MiB "
            f"({mem['rss'] / bare['rss']:.1f} x the bare app's RSS {bare['rss']:.0f})",
            mem["rss"] <= 80)


def gc_row(r: Results) -> Cell:
    gc = r["load"]["gc"]
    on, off = gc["frozen"], gc["unfrozen"]
    return (f"p99 {_ms(on['p99'])} / max {_ms(on['max'])} ms frozen vs {_ms(off['p99'])} / "
            f"{_ms(off['max'])} ms not ({on['p99'] / off['p99']:.2f} x p99; "
            f"{on['requests']:,} / {off['requests']:,} requests)", None)


def rows(settings: int, distinct: int = 400) -> list[Row]:
    found = [
        Row("committee index, 40 committees / 400 candidates in debrief (in process)",
            "p95 <= 50 ms", committee_index),
        Row("bare Flask app under the same gunicorn (baseline)", "", bare_app),
        Row("login page, anonymous", "", page("login", anonymous=True)),
        *(Row(label, ">= 0.10 x bare, <= 8 ms CPU", page(key)) for key, label in PAGES),
        Row("`hiring packet`, 8 scorecards, CPU of the process tree vs bare WeasyPrint",
            "<= 1.15 x", packet_cli),
        Row("web packet cache hit (in process)", "<= 5 ms", cache_hit),
        Row("batch of packets, --jobs 2 vs 1", ">= 1.7 x", batch),
        *(Row(f"{distinct} concurrent submits" + (" (also: re-sends, login flood)"
                                                  if not i else ""),
              "0 lost, 0 5xx, p95 <= 1 s", submits(i)) for i in range(settings)),
        Row("largest gunicorn worker's memory after the page load", "RSS <= 80 MiB", memory),
        Row("GC: 2 connections on the candidate page, gc.freeze() vs not", "no stall", gc_row),
    ]
    return found


def cell_text(row: Row, r: Results) -> str:
    try:
        text, met = row.cell(r)
    except (KeyError, TypeError, IndexError, ZeroDivisionError):
        return "-"
    return text if met is None else f"{text} ({'met' if met else 'NOT met'})"


def markdown() -> str:
    """The table, as Markdown (printed by run_all, pasted into the README by readme.py)."""
    per_backend = {b: results(b) for b in BACKENDS}
    writes = [r["writes"] for r in per_backend.values() if r["writes"]]
    settings = max((len(w["settings"]) for w in writes), default=1)
    distinct = writes[0]["distinct"] if writes else 400
    lines = ["| what | SQLite | PostgreSQL | target |", "|---|---|---|---|"]
    for row in rows(settings, distinct):
        cells = [cell_text(row, per_backend[b]) for b in BACKENDS]
        lines.append(f"| {row.what} | {cells[0]} | {cells[1]} | {row.target} |")
    return "\n".join(lines)


def recommended_setting() -> str | None:
    """The gunicorn setting with the lowest worst-backend p95 among those with no lost write
    and no 5xx on both databases."""
    by_setting: dict[tuple[int, int], list[float]] = {}
    for backend in BACKENDS:
        writes = load(backend, "writes") or {"settings": []}
        for s in writes["settings"]:
            ok = s["lost"] == 0 and s["submits"]["5xx"] == 0
            by_setting.setdefault((s["workers"], s["threads"]), []).append(
                s["submits"]["p95"] if ok else float("inf"))
    complete = {k: max(v) for k, v in by_setting.items() if len(v) == len(BACKENDS)}
    if not complete:
        return None
    (workers, threads), p95 = min(complete.items(), key=lambda item: item[1])
    if p95 == float("inf"):
        return None
    return f"--workers {workers} --threads {threads}"


if __name__ == "__main__":
    print(markdown())
