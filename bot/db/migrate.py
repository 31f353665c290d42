"""Run Alembic migrations from code (`prepbot db upgrade`, tests, `make run`).

The migration scripts ship inside the package so an installed copy can upgrade too.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.db.engine import ensure_sqlite_folder

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave slack_sdk's OAuth tables (created by migration 0002) out of autogenerate.

    slack_sdk defines them and the core must not import it, so they are not in our
    metadata; without this filter autogenerate would propose dropping them.
    """
    return not (type_ == "table" and (name or "").startswith("slack_"))


def alembic_config(database_url: str, stdout: io.StringIO | None = None) -> Config:
    """An Alembic config pointing at our scripts and the given database."""
    config = Config(stdout=stdout) if stdout is not None else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # `%` is interpolation syntax in ConfigParser; escape it for passwords that contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


# Alembic's `context` and `op` are module-wide proxies, so two upgrades in one process at
# once (Slack and Discord starting side by side, each in a thread) trip over each other
# (`KeyError: 'script'`): they take turns.
_ONE_AT_A_TIME = threading.Lock()


def upgrade(database_url: str, revision: str = "head") -> None:
    """Upgrade the database to `revision` (head by default)."""
    ensure_sqlite_folder(database_url)
    with _ONE_AT_A_TIME:
        command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    """Downgrade the database to `revision`."""
    command.downgrade(alembic_config(database_url), revision)


def current(database_url: str) -> str:
    """The revision the database is at (`0005 (head)`), or "" for an empty database."""
    buffer = io.StringIO()
    command.current(alembic_config(database_url, buffer))
    return buffer.getvalue().strip()


def history(database_url: str) -> str:
    """Every migration, newest first, the database's own marked `(current)`."""
    buffer = io.StringIO()
    command.history(alembic_config(database_url, buffer), indicate_current=True)
    return buffer.getvalue().strip()
