"""Short ids for interviews, reminders and stories: what members type (`k7qd2`).

An id is 5 lowercase ASCII letters and digits with at least one of each. Requiring a
digit keeps ids apart from words (`thanks sent Dana Lee k7qd2`: the last token is an id,
`thanks sent Dana Lee` is not), and requiring a letter keeps them apart from numbers.
New ids leave out characters that read alike (0/o, 1/l/i) so a member copying one from a
phone screen gets it right. Uniqueness is the database's job (a unique key, retry on
conflict); 31**5 is about 28 million, plenty per owner.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Callable

ID_LENGTH = 5
DIGITS = "23456789"
LETTERS = "abcdefghjkmnpqrstuvwxyz"
ALPHABET = DIGITS + LETTERS

# What the parser accepts: any 5 lowercase letters/digits with at least one of each
# (ambiguous characters included: an id with `0` is simply one that does not exist).
SHORT_ID_RE = re.compile(r"(?=[a-z0-9]*[0-9])(?=[a-z0-9]*[a-z])[a-z0-9]{5}")


def parse_short_id(token: str) -> str | None:
    """Return `token` as a normalised id (lowercase, no `#`), or None if it is not one."""
    candidate = token[1:] if token.startswith("#") else token
    # isascii first: str.lower() maps a few non-ASCII letters onto ASCII ones.
    if not candidate.isascii():
        return None
    candidate = candidate.lower()
    return candidate if SHORT_ID_RE.fullmatch(candidate) else None


def is_short_id(token: str) -> bool:
    """Whether `token` is written like a short id (`k7qd2`, `#K7QD2`)."""
    return parse_short_id(token) is not None


# Where new ids come from. Production draws from the operating system's randomness;
# a simulation passes `ShortIds(random.Random(seed))` to `PrepBot` so its output repeats.
NewShortId = Callable[[], str]


def new_short_id(rng: random.Random | None = None) -> str:
    """Make a fresh random id from the unambiguous alphabet, with a digit and a letter."""
    choose = (rng or _SYSTEM).choice
    while True:
        # Rejection sampling keeps every valid id equally likely; ~1.3 draws on average.
        candidate = "".join(choose(ALPHABET) for _ in range(ID_LENGTH))
        if any(c in DIGITS for c in candidate) and any(c in LETTERS for c in candidate):
            return candidate


_SYSTEM = secrets.SystemRandom()


class ShortIds:
    """A source of new short ids drawing from one generator (a `NewShortId`)."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng

    def __call__(self) -> str:
        """A new id from this source's generator."""
        return new_short_id(self._rng)
