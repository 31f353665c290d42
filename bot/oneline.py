"""An error as one line a person can read: for consoles, CLIs and "it started" logs.

SQLAlchemy's messages carry the statement and a link on extra lines, pydantic's a
paragraph per field; a terminal wants one line saying what is wrong, with secrets
masked (a database URL's password, a token in a driver's message).
"""

from __future__ import annotations

import re

from bot.logs import redact

_SQLALCHEMY_NOISE = re.compile(r"\s*(\[SQL:.*|\(Background on this error at:.*)", re.DOTALL)
_DRIVER_PREFIX = re.compile(r"^\((?:[\w.]+)\)\s*")
MAX_LENGTH = 300


def one_line(error: BaseException) -> str:
    """`error` as one short line: what it is and what it says."""
    errors = getattr(error, "errors", None)
    if callable(errors):  # pydantic: the first problem, as the field and its message
        try:
            first = errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ())).upper()
            message = str(first.get("msg", error))
            return redact(" ".join(f"{where}: {message}".split()))[:MAX_LENGTH]
        except (IndexError, TypeError, AttributeError):
            pass
    text = _SQLALCHEMY_NOISE.sub("", str(error))
    text = _DRIVER_PREFIX.sub("", " ".join(text.split()))
    line = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return redact(line)[:MAX_LENGTH]
