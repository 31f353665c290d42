"""Find content word lists in a text: whole words, phrases, and `stem*` prefixes.

The coaching rules (feedback.yaml, story themes) are written as lower-case words; a
trailing `*` makes the last word a stem. One matcher for all of them means every rule
reads the same way to the coach who writes it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[\w%]+(?:['’-][\w%]+)*")


def words_of(text: str) -> list[str]:
    """Lower-case words of `text`, curly apostrophes made straight."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


@dataclass(frozen=True)
class Phrase:
    """One entry of a word list: its words, and which of them are stems (`think*`)."""

    text: str
    words: tuple[str, ...]
    stems: tuple[bool, ...]

    @classmethod
    def of(cls, entry: str) -> Phrase:
        """Read an entry as written in content (`negotiat*`, `think* outside the box`)."""
        parts = entry.split()
        words = tuple(w for part in parts for w in words_of(part.rstrip("*"))[:1])
        stems = tuple(part.endswith("*") for part in parts)[: len(words)]
        return cls(" ".join(words), words, stems)

    def matches_at(self, words: Sequence[str], start: int) -> bool:
        """Tell whether the phrase starts at `words[start]`."""
        if not self.words or start + len(self.words) > len(words):
            return False
        return all(
            words[start + i].startswith(want) if stem else words[start + i] == want
            for i, (want, stem) in enumerate(zip(self.words, self.stems, strict=True))
        )


def compile_list(entries: Iterable[str]) -> tuple[Phrase, ...]:
    """Compile a content word list, longest phrases first so they win over their parts."""
    phrases = [Phrase.of(e) for e in entries]
    return tuple(sorted(phrases, key=lambda p: -len(p.words)))


def count(words: Sequence[str], phrases: Sequence[Phrase]) -> Counter[str]:
    """How often each phrase occurs; words used by a longer phrase are not counted again."""
    found: Counter[str] = Counter()
    index = 0
    while index < len(words):
        hit = next((p for p in phrases if p.matches_at(words, index)), None)
        if hit is None:
            index += 1
            continue
        found[hit.text] += 1
        index += len(hit.words)
    return found


def first_hits(words: Sequence[str], phrases: Sequence[Phrase], limit: int = 3) -> list[str]:
    """The words of the text that matched, as written there, first ones first."""
    hits: list[str] = []
    for index in range(len(words)):
        hit = next((p for p in phrases if p.matches_at(words, index)), None)
        if hit is not None:
            said = " ".join(words[index : index + len(hit.words)])
            if said not in hits:
                hits.append(said)
            if len(hits) >= limit:
                break
    return hits


def any_hit(words: Sequence[str], phrases: Sequence[Phrase]) -> bool:
    """Tell whether any phrase occurs in the words."""
    return any(p.matches_at(words, i) for i in range(len(words)) for p in phrases)
