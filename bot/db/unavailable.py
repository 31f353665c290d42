"""Which database errors mean "the database cannot be used right now".

Such an error is worth waiting out: the same statement will work once the server is
back. Everything else (a bad statement, a constraint) fails the same way every time.
SQLAlchemy wraps most driver errors as a plain `DBAPIError`, so the class alone does not
say: PostgreSQL's SQLSTATE does, and asyncpg puts it on the error SQLAlchemy wraps.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# SQLSTATE classes (and codes) that say nothing about the statement, only the server:
# 08 connection exception (refused, closed mid-operation), 53 insufficient resources
# (too many connections, disk full, out of memory), 57P operator intervention
# (terminated by an administrator, crash shutdown, "the database system is starting
# up", the database dropped).
_UNAVAILABLE_PREFIXES = ("08", "53", "57P")
# 55000 object_not_in_prerequisite_state is mostly a statement's fault, except for this
# one: `ALLOW_CONNECTIONS false` ("database ... is not currently accepting connections").
_NOT_ACCEPTING = ("55000", "accepting connections")


def _sqlstates(error: BaseException) -> list[tuple[str, str]]:
    """(SQLSTATE, message) of `error`, the driver error it wraps, and their causes."""
    found = []
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        state = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if isinstance(state, str):
            found.append((state, str(current)))
        stack += [getattr(current, "orig", None), current.__cause__, current.__context__]
    return found


def unreachable(error: BaseException) -> bool:
    """Whether `error` is a lost, refused or unusable database connection.

    An outage is worth waiting out; a bad statement fails the same way every time.
    """
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OSError | TimeoutError | InterfaceError | OperationalError):
        return True
    for state, message in _sqlstates(error):
        if state.startswith(_UNAVAILABLE_PREFIXES):
            return True
        if state == _NOT_ACCEPTING[0] and _NOT_ACCEPTING[1] in message:
            return True
    return False
