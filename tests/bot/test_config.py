from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings

ENV_FILE = Path(__file__).parents[1] / "fixtures" / "test.env"
EXAMPLE = Path(__file__).parents[2] / ".env.example"


def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


def test_checked_in_env_file_sets_every_documented_value(monkeypatch):
    """The test env file is read into typed settings, secrets hidden in repr."""
    _clean(monkeypatch)
    settings = Settings(_env_file=ENV_FILE)
    assert settings.database_url.startswith("postgresql://")
    assert settings.log_level == "DEBUG"
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value().startswith("xoxb-")
    assert "xoxb" not in repr(settings)
    assert settings.tick_seconds == 2
    assert settings.platform == "slack"


def test_defaults_give_console_and_sqlite(monkeypatch, tmp_path):
    """With nothing set, prepbot runs on the console with an SQLite file."""
    _clean(monkeypatch)
    settings = Settings(_env_file=tmp_path / "missing.env")
    assert settings.platform == "console"
    assert settings.database_url.startswith("sqlite:///")


def test_bad_database_url_is_refused(monkeypatch, tmp_path):
    """A URL for an unsupported database fails at start-up with a clear message."""
    _clean(monkeypatch)
    with pytest.raises(ValidationError, match="DATABASE_URL"):
        Settings(_env_file=tmp_path / "missing.env", database_url="mysql://x")


def test_env_example_documents_every_setting():
    """Every settings field appears in .env.example."""
    documented = EXAMPLE.read_text()
    for name in Settings.model_fields:
        assert f"{name.upper()}=" in documented, name
