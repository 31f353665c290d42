"""Tell an answer from noise: too short, not sentences, one word repeated, or not English.

An answer that is not one yet is named as such and not scored: scoring "ok" or keyboard
mash would tell the member something false ("there's a number"). Every reason says what
was counted, so the member can see why.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from bot.content import Length, ReadingRules


@dataclass(frozen=True)
class NotAnAnswer:
    """Why the text is not scored: `reason` is short, noise, repeats, language or script."""

    reason: str
    explanation: str


def _non_latin_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    other = sum(1 for ch in letters if not unicodedata.name(ch, "LATIN").startswith("LATIN"))
    return other / len(letters)


def read(words: list[str], text: str, rules: ReadingRules, length: Length) -> NotAnAnswer | None:
    """None if `words` (of `text`) read as an answer, else why not."""
    if _non_latin_share(text) > rules.other_script_share:
        return NotAnAnswer(
            "script",
            "This is written mostly in a script other than the Latin alphabet. I can only "
            "read answers in English for now, so I won't score it.",
        )
    lettered = [w for w in words if any(ch.isalpha() for ch in w)]
    count = len(lettered)
    common = sum(1 for w in lettered if w in rules.common_words)
    if count >= 3:
        best = max(
            rules.other_languages,
            key=lambda lang: sum(1 for w in lettered if w in lang.words),
            default=None,
        )
        theirs = sum(1 for w in lettered if best and w in best.words)
        if best and theirs / count >= rules.other_language_share and theirs > common:
            return NotAnAnswer(
                "language",
                f"This looks like {best.label}. I can only read answers in English for now, "
                "so I won't score it. Practising in the interview's language is good: say it "
                "out loud, and type an English version here for feedback.",
            )
        if common / count < rules.min_common_share:
            sample = '"the", "I" or "was"'
            return NotAnAnswer(
                "noise",
                f"This doesn't read as sentences: {common} of its {count} words are everyday "
                f"words like {sample}, which real sentences are full of. Write the answer "
                "the way you would say it.",
            )
    if count < rules.min_words:
        unit = "word" if count == 1 else "words"
        return NotAnAnswer(
            "short",
            f"{count} {unit} is too short to give feedback on. An answer to this kind of "
            f"question runs {length.spoken}, about {length.min_words}-{length.max_words} words.",
        )
    top, times = Counter(lettered).most_common(1)[0]
    if times / count > rules.max_repeat_share:
        return NotAnAnswer(
            "repeats",
            f'This repeats one word: "{top}" is {times} of its {count} words. Write the '
            "answer the way you would say it.",
        )
    return None
