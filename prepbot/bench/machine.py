"""What a benchmark result needs besides its numbers: the machine, the database, the process.

Every benchmark prints these with its figures, so a number is never read without knowing
what produced it (two shared cores and a local PostgreSQL are not a production box).
"""

from __future__ import annotations

import os
import platform
import resource
import sys
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy

MIB = 1024 * 1024


def machine() -> dict[str, Any]:
    """CPU count, OS and Python of this machine."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "cpu_model": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "sqlalchemy": sqlalchemy.__version__,
        "python_speed_ms": python_speed_ms(),
    }


def python_speed_ms(repeats: int = 5) -> float:
    """Milliseconds for a fixed pure-Python loop (best of `repeats`): this host's speed today.

    The shared machines here run the same code up to 2.5x slower on one day than on
    another (the database server with it), so a figure is only comparable with others
    measured at a similar speed. Lower is faster.
    """
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def _cpu_model() -> str | None:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


async def database_version(url: str) -> str:
    """`PostgreSQL 15.x ...` or `SQLite 3.x` for the database at `url`."""
    from bot.db.engine import Database

    db = Database(url)
    try:
        async with db.engine.connect() as connection:
            if db.is_postgres:
                found = await connection.exec_driver_sql("SHOW server_version")
                return f"PostgreSQL {found.scalar_one()}"
            found = await connection.exec_driver_sql("SELECT sqlite_version()")
            return f"SQLite {found.scalar_one()}"
    finally:
        await db.dispose()


@dataclass(frozen=True)
class Usage:
    """A process's CPU seconds and wall clock at one moment."""

    cpu: float
    wall: float

    @classmethod
    def now(cls) -> Usage:
        """User + system CPU of this process so far, and the monotonic clock."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return cls(usage.ru_utime + usage.ru_stime, time.monotonic())


def peak_rss_mib() -> float:
    """The largest resident set this process has had, in MiB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024
    return round(peak * scale / MIB, 1)


def current_rss_mib() -> float:
    """The resident set now, in MiB."""
    import psutil

    return round(float(psutil.Process().memory_info().rss) / MIB, 1)


def percentiles(samples: list[float], points: tuple[int, ...] = (50, 95, 99)) -> dict[str, Any]:
    """`{"p50": ..., "p95": ..., "p99": ..., "max": ..., "n": ...}` in milliseconds.

    Nearest-rank on the sorted samples (seconds in, ms out): with a few hundred samples
    p99 is one of the few slowest, which is what the figure is meant to show.
    """
    if not samples:
        return {"n": 0}
    ordered = sorted(samples)
    result: dict[str, Any] = {"n": len(ordered)}
    for point in points:
        rank = max(0, min(len(ordered) - 1, -(-point * len(ordered) // 100) - 1))
        result[f"p{point}"] = round(ordered[rank] * 1000, 1)
    result["max"] = round(ordered[-1] * 1000, 1)
    return result
