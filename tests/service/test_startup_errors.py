"""Start-up problems end the process with one line and a documented exit status."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.startup import EXIT_CONFIG, EXIT_DATABASE
from tests.conftest import postgres_base_url
from tests.service.cli import free_port, prepbot

PASSWORD = "not-in-any-log-9c1f"


def _sqlite(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'prepbot.sqlite3'}"


def test_log_level_in_lower_case_is_accepted(tmp_path):
    """`LOG_LEVEL=info` is what people write: it means INFO."""
    settings = Settings(_env_file=None, log_level="info")  # type: ignore[call-arg]
    assert settings.log_level == "INFO"
    result = prepbot(tmp_path, "db", "upgrade", LOG_LEVEL="info", DATABASE_URL=_sqlite(tmp_path))
    assert result.code == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "accepted"),
    [
        ("LOG_LEVEL", "verbose", "DEBUG, INFO, WARNING or ERROR"),
        ("TICK_SECONDS", "abc", "a number of seconds"),
        ("TICK_SECONDS", "600", "at most 60"),
        ("DISPATCH_CONCURRENCY", "0", "a whole number from 1 to 1000"),
        ("LOG_FORMAT", "xml", "text or json"),
    ],
)
def test_a_bad_setting_names_the_variable_and_what_it_accepts(tmp_path, variable, value, accepted):
    """One line: the variable, the value given and the accepted values; exit 2."""
    result = prepbot(tmp_path, "db", "upgrade", DATABASE_URL=_sqlite(tmp_path), **{variable: value})
    assert result.code == EXIT_CONFIG
    assert len(result.lines) == 1, result.stderr
    assert variable in result.stderr and accepted in result.stderr
    assert "Traceback" not in result.stderr


def test_a_database_url_of_another_kind_is_refused_without_echoing_it(tmp_path):
    """DATABASE_URL=mysql://... : one line with the accepted forms, never the password."""
    result = prepbot(tmp_path, "db", "upgrade", DATABASE_URL=f"mysql://u:{PASSWORD}@h/db")
    assert result.code == EXIT_CONFIG
    assert len(result.lines) == 1 and "DATABASE_URL" in result.stderr
    assert "postgresql://" in result.stderr and PASSWORD not in result.stderr


@pytest.mark.parametrize("command", [["db", "upgrade"], ["clock"], ["console"]])
def test_postgresql_down_is_one_line_naming_host_and_database(tmp_path, command):
    """Nothing listens on the port: say where and why, exit 3, no password, no traceback."""
    port = free_port()
    url = f"postgresql://prepbot:{PASSWORD}@127.0.0.1:{port}/prepbot"
    result = prepbot(tmp_path, *command, DATABASE_URL=url)
    assert result.code == EXIT_DATABASE
    assert result.lines == [
        f"prepbot: cannot use the database prepbot@127.0.0.1:{port}/prepbot: "
        "connection refused (is PostgreSQL running, and on that port?)"
    ]


def test_unknown_host_is_one_line(tmp_path):
    """A host name that does not resolve says so."""
    url = f"postgresql://prepbot:{PASSWORD}@no-such-host.invalid/prepbot"
    result = prepbot(tmp_path, "db", "upgrade", DATABASE_URL=url)
    assert result.code == EXIT_DATABASE
    assert len(result.lines) == 1 and "no-such-host.invalid/prepbot" in result.stderr
    assert "unknown host name" in result.stderr and PASSWORD not in result.stderr


@pytest.mark.postgres
def test_a_missing_database_on_a_running_server_is_one_line(tmp_path):
    """The server answers but the database is not there: say so, exit 3."""
    base = postgres_base_url()
    if base is None:
        pytest.skip("PostgreSQL not configured")
    name = f"h_missing_{uuid.uuid4().hex[:8]}"
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    result = prepbot(tmp_path, "db", "upgrade", DATABASE_URL=url)
    assert result.code == EXIT_DATABASE
    assert len(result.lines) == 1 and f"/{name}: that database does not exist" in result.stderr


def test_run_without_a_token_or_a_terminal_exits_2_with_what_to_set(tmp_path):
    """In a container `run` used to read end of input and exit 0: a silent restart loop."""
    result = prepbot(tmp_path, "run", DATABASE_URL=_sqlite(tmp_path))
    assert result.code == EXIT_CONFIG
    assert len(result.lines) == 1
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN"):
        assert name in result.stderr


def test_run_http_without_slack_says_what_to_set(tmp_path):
    """`run --http` is accepted; without Slack settings it says which ones."""
    result = prepbot(tmp_path, "run", "--http", DATABASE_URL=_sqlite(tmp_path))
    assert result.code == EXIT_CONFIG
    assert len(result.lines) == 1 and "SLACK_SIGNING_SECRET" in result.stderr


def test_piped_console_still_answers(tmp_path):
    """Scripting stays possible: `prepbot console` with piped lines answers and exits 0."""
    result = prepbot(tmp_path, "console", stdin="/prep help\n", DATABASE_URL=_sqlite(tmp_path))
    assert result.code == 0, result.stderr
    assert "/prep" in result.stdout
