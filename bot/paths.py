"""Where prepbot keeps its data and finds its `.env`, whatever the current folder.

Starting prepbot from another folder must not open a new empty database. So the
default SQLite file and the `.env` file are found from fixed places, not from `./`:

- `PREPBOT_DATA_DIR`, if set (the container image sets `/data`);
- else, in a source checkout (a clone, `make run`), the checkout's own `data/`;
- else `$XDG_DATA_HOME/prepbot` (by default `~/.local/share/prepbot`).

The `.env` file is `PREPBOT_ENV_FILE` if set, else the checkout's `.env`, else
`$XDG_CONFIG_HOME/prepbot/.env` (by default `~/.config/prepbot/.env`). A variable set
in the environment beats the file, and `DATABASE_URL` beats the data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "PREPBOT_DATA_DIR"
ENV_FILE_ENV = "PREPBOT_ENV_FILE"
SQLITE_NAME = "prepbot.sqlite3"


def checkout_root() -> Path | None:
    """The source checkout prepbot runs from, or None for an installed copy."""
    root = Path(__file__).resolve().parents[1]
    project = root / "pyproject.toml"
    if project.is_file() and 'name = "prepbot"' in project.read_text(encoding="utf-8"):
        return root
    return None


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    return Path(value) if value else Path.home() / fallback


def data_dir() -> Path:
    """The folder of the default SQLite database (absolute)."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    root = checkout_root()
    if root is not None:
        return root / "data"
    return _xdg("XDG_DATA_HOME", ".local/share") / "prepbot"


def default_database_url() -> str:
    """`sqlite:////absolute/path/prepbot.sqlite3` in the data folder."""
    return f"sqlite:///{data_dir() / SQLITE_NAME}"


def env_file() -> Path:
    """The `.env` file settings are read from (it may not exist)."""
    configured = os.environ.get(ENV_FILE_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    root = checkout_root()
    if root is not None:
        return root / ".env"
    return _xdg("XDG_CONFIG_HOME", ".config") / "prepbot" / ".env"
