"""Start-up checks that fail fast with one line and a documented exit status.

A process supervisor (a container runtime, a PaaS) restarts a process that exits; what
an operator reads is the last line it printed. So every problem found before the bot
serves anyone (a setting, the database, a platform token) becomes a `StartupError`:
one line saying what is wrong and what to do, never a traceback, never a secret.

Exit statuses (docs/hosting.md, "Exit codes"):
"""

from __future__ import annotations

import asyncio
import socket

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from bot.db.engine import Database

EXIT_OK = 0
EXIT_FAILURE = 1  # a command ran and failed (e.g. `content check` found problems)
EXIT_CONFIG = 2  # a setting or argument is missing or not valid; nothing was started
EXIT_DATABASE = 3  # the database cannot be reached or refused us
EXIT_TOKEN = 4  # Slack or Discord rejected a token
EXIT_PLATFORM_UNREACHABLE = 5  # Discord could not be reached to log in
EXIT_INTERRUPTED = 130  # Ctrl-C

EXIT_CODES = {
    EXIT_OK: "done (or stopped by SIGTERM)",
    EXIT_FAILURE: "the command ran and failed",
    EXIT_CONFIG: "a setting or argument is missing or not valid",
    EXIT_DATABASE: "the database cannot be reached or refused the connection",
    EXIT_TOKEN: "Slack or Discord rejected a token",
    EXIT_PLATFORM_UNREACHABLE: "Discord could not be reached to log in",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
}
__doc__ = (__doc__ or "") + "".join(f"\n- {code}: {what}" for code, what in EXIT_CODES.items())

# How long the start-up database check waits before calling the server unreachable.
CONNECT_TIMEOUT_SECONDS = 10.0


class StartupError(Exception):
    """A problem found before serving: `message` is the one line to print."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# What each setting accepts, said the way an operator writes it in `.env`.
ACCEPTED = {
    "database_url": "postgresql://USER:PASSWORD@HOST:5432/NAME or sqlite:////path/prepbot.sqlite3",
    "log_level": "DEBUG, INFO, WARNING or ERROR (any case)",
    "log_format": "text or json",
    "tick_seconds": "a number of seconds above 0 and at most 60, e.g. 5",
    "dispatch_concurrency": "a whole number from 1 to 1000, e.g. 32",
    "claim_batch_size": "a whole number from 1 to 10000, e.g. 500",
    "slack_allowed_teams": "team ids separated by commas, e.g. T0123ABCD,T0456EFGH",
}
# Settings whose value is never echoed back (a URL can carry a password).
SECRET_SETTINGS = {"database_url"}


def settings_error(error: ValidationError) -> StartupError:
    """One line naming each refused setting and what it accepts."""
    parts = []
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem["loc"] else "a setting"
        shown = (
            ""
            if name in SECRET_SETTINGS or "secret" in name or "token" in name
            else (f"={problem.get('input')!r}")
        )
        accepted = ACCEPTED.get(name)
        why = f"use {accepted}" if accepted else problem["msg"]
        parts.append(f"{name.upper()}{shown} is not valid: {why}")
    return StartupError("; ".join(parts), EXIT_CONFIG)


def describe_database(url: str) -> str:
    """`user@host:port/name` (or the SQLite path): never the password."""
    try:
        parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    except ArgumentError:
        return "DATABASE_URL"
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite file {parsed.database}"
    user = f"{parsed.username}@" if parsed.username else ""
    port = f":{parsed.port}" if parsed.port else ""
    return f"{user}{parsed.host or 'localhost'}{port}/{parsed.database or ''}"


def database_reason(error: BaseException) -> str:
    """Why a connection failed, in a few words, from the driver's exception."""
    root = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    root = getattr(root, "__cause__", None) or root
    name = type(root).__name__
    if isinstance(root, ConnectionRefusedError):
        return "connection refused (is PostgreSQL running, and on that port?)"
    if isinstance(root, socket.gaierror):
        return "unknown host name"
    if isinstance(root, TimeoutError | asyncio.TimeoutError):
        return f"no answer within {CONNECT_TIMEOUT_SECONDS:g} s"
    if name == "InvalidPasswordError":
        return "password authentication failed"
    if name == "InvalidCatalogNameError":
        return "that database does not exist (create it first)"
    if name == "InvalidAuthorizationSpecificationError":
        return "that user may not connect"
    if name == "CannotConnectNowError":
        return "the server is starting up or shutting down"
    if name == "ObjectInUseError" or "not currently accepting connections" in str(root):
        return "the database is not accepting connections"
    if isinstance(root, OSError) and root.strerror:
        return root.strerror.lower()
    message = " ".join(str(root).split())[:160]
    return f"{name}: {message}" if message else name


def database_error(url: str, error: BaseException) -> StartupError:
    """The one line for a database that cannot be used."""
    return StartupError(
        f"cannot use the database {describe_database(url)}: {database_reason(error)}",
        EXIT_DATABASE,
    )


# Options after which a command prints or talks to a platform only: no database needed.
NO_DATABASE_OPTIONS = {"-h", "--help", "--print-commands", "--sync"}
DATABASE_COMMANDS = {"run", "console", "clock", "db", "slack", "discord"}


def needs_database(command: str, arguments: list[str]) -> bool:
    """Whether `prepbot COMMAND ARGS` opens the database (so it is checked first)."""
    return command in DATABASE_COMMANDS and not NO_DATABASE_OPTIONS.intersection(arguments)


async def check_database(url: str) -> None:
    """Connect once and run `SELECT 1`; a `StartupError` says why it could not.

    SQLite is a local file created on first use, so only a server database is checked.
    """
    try:
        database = Database(url)
    except (ArgumentError, ValueError) as error:
        raise StartupError(
            f"DATABASE_URL is not a valid URL ({type(error).__name__}): "
            f"use {ACCEPTED['database_url']}",
            EXIT_CONFIG,
        ) from None
    if database.is_sqlite:
        await database.dispose()
        return
    try:
        async with (
            asyncio.timeout(CONNECT_TIMEOUT_SECONDS),
            database.engine.connect() as connection,
        ):
            await connection.execute(text("SELECT 1"))
    except (OSError, TimeoutError, DBAPIError) as error:
        raise database_error(url, error) from None
    except Exception as error:  # asyncpg's own errors when SQLAlchemy does not wrap them
        if type(error).__module__.startswith("asyncpg"):
            raise database_error(url, error) from None
        raise
    finally:
        await database.dispose()
