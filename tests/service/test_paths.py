"""The default database and `.env` do not depend on the folder prepbot starts in."""

from __future__ import annotations

from bot import paths
from bot.config import Settings
from tests.service.cli import ROOT, prepbot


def test_a_checkout_keeps_its_data_in_its_own_folder(monkeypatch):
    """From a clone: <checkout>/data and <checkout>/.env, whatever the current folder."""
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(paths.ENV_FILE_ENV, raising=False)
    assert paths.checkout_root() == ROOT
    assert paths.data_dir() == ROOT / "data"
    assert paths.env_file() == ROOT / ".env"


def test_data_dir_and_env_file_can_be_set(monkeypatch, tmp_path):
    """PREPBOT_DATA_DIR and PREPBOT_ENV_FILE win; DATABASE_URL wins over the data folder."""
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "d"))
    monkeypatch.setenv(paths.ENV_FILE_ENV, str(tmp_path / "prepbot.env"))
    assert paths.default_database_url() == f"sqlite:///{tmp_path / 'd' / 'prepbot.sqlite3'}"
    assert paths.env_file() == tmp_path / "prepbot.env"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Settings(_env_file=None).database_url == paths.default_database_url()  # type: ignore[call-arg]
    assert Settings(_env_file=None, database_url="").database_url == paths.default_database_url()  # type: ignore[call-arg]
    chosen = f"sqlite:///{tmp_path / 'mine.sqlite3'}"
    assert Settings(_env_file=None, database_url=chosen).database_url == chosen  # type: ignore[call-arg]


def test_two_folders_open_the_same_database(tmp_path):
    """`db upgrade` from one folder, `db current` from another: the same file, at head."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    data = str(tmp_path / "data")
    assert prepbot(one, "db", "upgrade", PREPBOT_DATA_DIR=data).code == 0
    current = prepbot(two, "db", "current", PREPBOT_DATA_DIR=data)
    assert current.code == 0 and "(head)" in current.stdout
    assert (tmp_path / "data" / "prepbot.sqlite3").is_file()
    assert not (one / "data").exists() and not (two / "data").exists()


def test_the_env_file_is_read_from_its_fixed_place(tmp_path):
    """A `.env` named by PREPBOT_ENV_FILE is read from any folder; the cwd's is not."""
    env_file = tmp_path / "prepbot.env"
    env_file.write_text("LOG_LEVEL=loud\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".env").write_text("TICK_SECONDS=abc\n")
    result = prepbot(elsewhere, "db", "current", PREPBOT_ENV_FILE=str(env_file))
    assert result.code == 2 and "LOG_LEVEL" in result.stderr and "TICK" not in result.stderr


def test_db_history_marks_the_current_revision(tmp_path):
    """`prepbot db history` lists the migrations; after upgrade, head is (current)."""
    url = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    assert "no revision" in prepbot(tmp_path, "db", "current", DATABASE_URL=url).stdout
    assert prepbot(tmp_path, "db", "upgrade", DATABASE_URL=url).code == 0
    history = prepbot(tmp_path, "db", "history", DATABASE_URL=url)
    assert history.code == 0 and "(head) (current)" in history.stdout
    assert "<base> -> 0001" in history.stdout
