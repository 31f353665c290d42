"""A role written without brackets (`Bob Smith CTO`): found, so it is asked back, not lost.

The role keywords are the content's own (content/roles.yaml), so a word that would put
an interviewer in a group when bracketed is the word we notice when it is not.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.commands.types import InterviewerSpec
from bot.content import ContentLibrary

# Keywords up to this many words long end a name: "head of", "hiring manager".
_MAX_WORDS = 3


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()


def trailing_role(name: str, content: ContentLibrary) -> str | None:
    """The role words a name ends with (`CTO` in `Bob Smith CTO`), as written; or None.

    A name must keep at least one word of its own, so `Director` alone is left alone.
    """
    written = name.split()
    keywords = {keyword for rule in content.role_rules for keyword in rule.keywords}
    for size in range(min(_MAX_WORDS, len(written) - 1), 0, -1):
        tail = written[-size:]
        if " ".join(_words(" ".join(tail))) in keywords:
            return " ".join(tail)
    return None


def unbracketed_roles(
    people: Sequence[InterviewerSpec], content: ContentLibrary
) -> list[tuple[str, str]]:
    """(name without the role, role) for each person given no role but ending in one."""
    found = []
    for person in people:
        if person.role:
            continue
        role = trailing_role(person.name, content)
        if role is not None:
            found.append((person.name[: -len(role)].strip(), role))
    return found
