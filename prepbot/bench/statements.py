"""Every SQL statement a benchmark process sends, counted and timed from the client.

`pg_stat_statements` would say the same from the server, but it has to be preloaded
when the server starts, which a shared server cannot be asked to do. Counting at the
driver's cursor instead gives the statements, their calls and rows, and the time each
took to come back, per delivery: what `prepbot bench dbwork` reports beside the
server's table, index and WAL counters.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

# `($1, $2, ..., $500)` and multi-row VALUES differ with the batch size; one statement.
_PARAM = re.compile(r"\$\d+(?:::[A-Za-z_]+(?: (?:WITH|WITHOUT|TIME|ZONE))*(?:\[\])?)?")
_PARAM_LIST = re.compile(r"\(\s*\$N(?:\s*,\s*\$N)*\s*\)")
_VALUES = re.compile(r"VALUES\s*(?:\(\$N\)\s*,?\s*)+")
_SPACE = re.compile(r"\s+")


def normalize(sql: str) -> str:
    """The statement with its parameter lists folded, so batch sizes do not split it."""
    folded = _PARAM_LIST.sub("($N)", _PARAM.sub("$N", _SPACE.sub(" ", sql.strip())))
    return _VALUES.sub("VALUES ($N)... ", folded)


@dataclass
class _Figures:
    calls: int = 0
    rows: int = 0
    seconds: float = 0.0


class StatementTrace:
    """Counts statements on an engine (attach once, read `report` at the end)."""

    def __init__(self) -> None:
        self._by_sql: dict[str, _Figures] = {}
        self.transactions = 0

    def attach(self, engine: Engine) -> None:
        """Listen to `engine`'s cursor executions and commits."""
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "commit", self._commit)

    def _before(self, conn: Any, *_: Any) -> None:
        conn.info.setdefault("_trace_started", []).append(time.perf_counter())

    def _after(self, conn: Any, cursor: Any, sql: str, *_: Any) -> None:
        started = conn.info["_trace_started"].pop()
        figures = self._by_sql.setdefault(normalize(sql), _Figures())
        figures.calls += 1
        figures.seconds += time.perf_counter() - started
        rowcount = getattr(cursor, "rowcount", -1)
        if isinstance(rowcount, int) and rowcount > 0:
            figures.rows += rowcount

    def _commit(self, conn: Any) -> None:
        self.transactions += 1

    def report(self) -> list[dict[str, Any]]:
        """One entry per statement, the most time first."""
        return [
            {"sql": sql[:400], "calls": f.calls, "rows": f.rows, "seconds": round(f.seconds, 4)}
            for sql, f in sorted(self._by_sql.items(), key=lambda item: -item[1].seconds)
        ]
