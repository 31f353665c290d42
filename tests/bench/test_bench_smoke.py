"""Each benchmark at a tiny size: it runs, its JSON has the documented shape, and nothing is
lost or sent twice. Timings are printed by the benchmarks but never asserted here: this
machine is shared and noisy, so CI only proves the benchmarks still work."""

from __future__ import annotations

import json

import pytest

from prepbot.cli import main
from tests.conftest import POSTGRES_ENV, postgres_base_url

pytestmark = pytest.mark.slow

FANOUT_KEYS = {
    "wall_seconds",
    "deliveries_per_second",
    "cpu_ms_per_delivery",
    "peak_rss_mib",
    "delivered",
    "duplicates",
    "missing",
}
NAIVE_KEYS = {"wall_seconds", "peak_rss_mib", "sent", "misfired", "errors", "job_store"}


def run(capsys, *argv: str) -> dict:
    """Run `prepbot <argv>` in this process and parse the JSON it printed."""
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def postgres() -> str:
    url = postgres_base_url()
    if url is None:
        pytest.skip(f"PostgreSQL not configured: set {POSTGRES_ENV}")
    return url


def check_machine(result: dict) -> None:
    machine = result["machine"]
    assert {"cpu_count", "python", "platform", "database", "python_speed_ms"} <= set(machine)


def test_fanout_on_sqlite_sends_every_message_once(capsys, tmp_path):
    """`bench fanout` on SQLite: ours delivers all 200, once; the naive leg reports its figures."""
    db = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    argv = ["bench", "fanout", "--members", "200", "--db", db, "--naive", "memory", "--json"]
    result = run(capsys, *argv)
    check_machine(result)
    [ours] = result["ours"]
    assert set(ours) >= FANOUT_KEYS
    assert (ours["delivered"], ours["duplicates"], ours["missing"]) == (200, 0, 0)
    assert ours["statuses"] == {"sent": 200}
    naive = result["naive"]["memory"]
    assert set(naive) >= NAIVE_KEYS
    assert naive["sent"] + naive["misfired"] + naive["errors"] + naive["unfinished"] == 200
    assert naive["duplicates"] == 0
    assert set(result["ours_over_naive"]["memory"]) >= {"wall_seconds", "peak_rss_mib"}
    assert not list(tmp_path.glob("prepbot_bench_*")), "the scratch database is removed"


def test_fanout_on_postgres_with_two_workers_and_the_sql_job_store(capsys):
    """`bench fanout` on PostgreSQL: 1 and 2 workers deliver all, once; naive on its SQL store."""
    result = run(
        capsys,
        "bench", "fanout", "--members", "300", "--db", postgres(),
        "--workers", "1,2", "--naive", "sqlalchemy", "--json",
    )  # fmt: skip
    assert [run["workers"] for run in result["ours"]] == [1, 2]
    for ours in result["ours"]:
        assert (ours["delivered"], ours["duplicates"], ours["missing"]) == (300, 0, 0)
    assert sum(worker["sent"] for worker in result["ours"][1]["per_worker"]) == 300
    assert "2_vs_1_workers" in result["scaling"]
    assert result["machine"]["database"].startswith("PostgreSQL")
    naive = result["naive"]["sqlalchemy"]
    assert set(naive) >= NAIVE_KEYS
    assert naive["sent"] + naive["misfired"] + naive["errors"] + naive["unfinished"] == 300


def test_fanout_refuses_several_workers_on_sqlite(tmp_path, capsys):
    """SQLite runs one worker: asking for two is a usage error, not a silent wrong result."""
    db = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    assert main(["bench", "fanout", "--members", "10", "--db", db, "--workers", "2"]) == 2


def test_pacing_scaled_down_loses_nothing(capsys, tmp_path):
    """`bench pacing` for a second: every platform reports its share, 429s and 0 lost."""
    db = f"sqlite:///{tmp_path / 'pacing.sqlite3'}"
    result = run(capsys, "bench", "pacing", "--db", db, "--seconds", "1", "--json")
    check_machine(result)
    for platform in ("slack", "discord_warm", "discord_cold"):
        found = result[platform]
        assert {"share_of_allowed", "answered_429", "share_429", "lost", "sent"} <= set(found)
        assert found["lost"] == 0, (platform, found)
        assert found["sent"] == found["members"], (platform, found)


def test_latency_with_a_small_fanout(capsys, tmp_path):
    """`bench latency` with a small fan-out: both phases measured, the fan-out complete."""
    db = f"sqlite:///{tmp_path / 'latency.sqlite3'}"
    argv = ["bench", "latency", "--db", db, "--members", "300", "--requests", "10"]
    result = run(capsys, *argv, "--rate", "40", "--json")
    check_machine(result)
    for phase in ("idle", "during_fanout"):
        assert {"slack_answer_ms", "discord_answer_ms", "event_loop_lag_ms"} <= set(result[phase])
    assert result["idle"]["slack_answer_ms"]["n"] == 10
    assert result["idle"]["unanswered"] == 0
    fanout = result["fanout"]
    assert (fanout["sent"], fanout["duplicates"], fanout["missing"]) == (300, 0, 0)
