"""An interviewer's email, as written in `Name (role, email)`: checked, never guessed.

Deliberately narrower than RFC 5322: the characters real addresses use (letters,
digits and `. _ % + -` before the `@`, a dotted domain with a letter TLD after it).
Quoted local parts and comments would need escaping in every chat client and in a
mailto: link; nobody types them into a chat.
"""

from __future__ import annotations

import re

from bot.commands.text import Reject, show

MAX_EMAIL = 254  # RFC 5321's path limit, and the interviewers.email column
_LOCAL = r"[A-Za-z0-9%+_-]+(?:\.[A-Za-z0-9%+_-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"(?P<local>{_LOCAL})@(?P<domain>(?:{_LABEL}\.)+[A-Za-z]{{2,63}})")


def looks_like_email(text: str) -> bool:
    """Whether the member meant an email here (it has an `@`): then it must be valid."""
    return "@" in text


def is_email(text: str) -> bool:
    """Whether `text` is an address we accept, exactly (no spaces, no markup)."""
    match = _EMAIL.fullmatch(text)
    return match is not None and len(text) <= MAX_EMAIL and len(match["local"]) <= 64


def read_email(text: str, form: str = "interview") -> str:
    """The address in `text` (trimmed), or a `Reject` saying what a valid one looks like."""
    email = text.strip()
    if not is_email(email):
        raise Reject(
            f"`{show(email[:80])}` isn't an email address I can use: write it like "
            "`dana.lee@acme.com`, or leave it out.",
            form,
        )
    return email
