"""A benchmark's figures: each with its target and verdict, printed as one Markdown table."""

import os
import platform
import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Figure:
    name: str
    value: str
    target: str
    passed: bool | None  # None: printed for information


def ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def machine() -> str:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            ln.split()[1]
            for ln in Path("/proc/meminfo").read_text().splitlines()
            if ln.startswith("MemTotal")
        ),
        "0",
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(memory) / 1024 / 1024:.0f} GiB; "
        f"{platform.platform()}; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; wrk and the server share the cores"
    )


def table(rows: list[Figure]) -> str:
    lines = ["| figure | measured | target | result |", "|---|---|---|---|"]
    for f in rows:
        verdict = "" if f.passed is None else ("PASS" if f.passed else "FAIL")
        lines.append(f"| {f.name} | {f.value} | {f.target} | {verdict} |")
    return "\n".join(lines)
