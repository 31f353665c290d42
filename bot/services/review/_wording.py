"""Filler, hedges and cliches, counted and quoted back.

Fillers ("um") and hedges ("I guess", "kind of") make a spoken answer sound unsure;
cliches ("team player") claim a quality instead of showing it. Counting them with the
words quoted lets a member find each one in their own text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.content import Cliche, WordingRules
from bot.services._phrases import Phrase, compile_list, count

# A pause in writing: a comma, dots or a dash (spaced, so "well-known" is no pause).
# Tokens are stripped, so a spaced dash reads as "-".
_TOKEN = re.compile(r"[\w']+|\.{2,}|…|[,;:]|\s[-–—]\s|[.!?]")
_PAUSES = {",", ";", ":", "…"}


@dataclass(frozen=True)
class Wording:
    """What the answer's wording costs it."""

    fillers: Counter[str]
    hedges: Counter[str]
    cliches: tuple[Cliche, ...]

    @property
    def filler_total(self) -> int:
        """Fillers and hedges together."""
        return sum(self.fillers.values()) + sum(self.hedges.values())


def _pause(token: str) -> bool:
    return token in _PAUSES or token.startswith("..") or token.strip() in {"-", "–", "—"}


def _pause_fillers(text: str, words: tuple[str, ...]) -> Counter[str]:
    tokens = [t.strip().lower().replace("’", "'") for t in _TOKEN.findall(text)]
    found: Counter[str] = Counter()
    for index, token in enumerate(tokens):
        if token not in words:
            continue
        # "Like, ..." and "um... like..." are filler; ", so it was" is a conjunction.
        before = tokens[index - 1] if index else ""
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        if _pause(after) or before.startswith("..") or before in {"…", "-", "–", "—"}:
            found[token] += 1
    return found


def read_wording(words: list[str], text: str, rules: WordingRules) -> Wording:
    """Count fillers, hedges and cliches in an answer."""
    fillers = count(words, compile_list(rules.fillers))
    fillers.update(_pause_fillers(text, rules.pause_fillers))
    hedges = count(words, compile_list(rules.hedges))
    cliche_hits = count(words, compile_list(c.phrase for c in rules.cliches))
    cliches = tuple(c for c in rules.cliches if cliche_hits[Phrase.of(c.phrase).text])
    return Wording(fillers, hedges, cliches)


def quote_counts(found: Counter[str]) -> str:
    """`"um" 3 times, "like" twice`, most frequent first."""

    def times(n: int) -> str:
        return "once" if n == 1 else "twice" if n == 2 else f"{n} times"

    return ", ".join(f'"{word}" {times(n)}' for word, n in found.most_common())
