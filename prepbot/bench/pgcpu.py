"""CPU that PostgreSQL's backends spent for a benchmark's own database.

On a two-core machine the database server competes with the bot for the same cores, so
CPU per delivery means little without the server's share. Backends are PostgreSQL's
processes whose title names the scratch database (`postgres: ... prepbot_bench_x ...`);
only a server on this machine can be measured, and background processes shared with
other databases (WAL writer, checkpointer) are left out.
"""

from __future__ import annotations

import psutil

from prepbot.bench.scratch import Scratch


def _backends(database: str) -> dict[int, float]:
    found: dict[int, float] = {}
    for process in psutil.process_iter(["name", "cmdline"]):
        try:
            title = " ".join(process.info["cmdline"] or ())
            if process.info["name"] != "postgres" or f" {database} " not in f" {title} ":
                continue
            times = process.cpu_times()
            found[process.pid] = times.user + times.system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


class BackendCpu:
    """A snapshot now; `spent()` is the backends' CPU seconds since (None if unknown)."""

    def __init__(self, scratch: Scratch) -> None:
        self._database = scratch.name if scratch.backend == "postgresql" else None
        self._before = _backends(self._database) if self._database else {}

    def spent(self) -> float | None:
        """CPU seconds of the database's backends since the snapshot.

        Call it while the measured processes are still connected: a backend's time
        disappears with it when its connection closes.
        """
        if self._database is None:
            return None
        after = _backends(self._database)
        if not after:
            return None
        return round(sum(cpu - self._before.get(pid, 0.0) for pid, cpu in after.items()), 3)
