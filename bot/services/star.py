"""Structural feedback on a spoken-style answer: STAR parts, length, numbers, I versus we.

Pure and deterministic: cue phrases and counts, no model and no network, so the same
answer always gets the same feedback and every remark can say why it was made. It
judges structure only; whether the story is a good one is the member's call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# Spoken English runs at about 130-150 words a minute, so a 1-2 minute answer is roughly
# 140-280 words; the flags leave some slack either side.
WORDS_PER_MINUTE = 140
TOO_SHORT = 120
TOO_LONG = 320
TITLE_LIMIT = 60

PARTS = ("situation", "task", "action", "result")

_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(when|while|at my (last|previous|old|current)|in my (last|previous|old|current)"
        r"|last (year|quarter|month|summer|spring|autumn|fall|winter)|we were|our team"
        r"|the team was|there was|situation|background|context|at the time|i was working"
        r"|i worked|i was (a|an|the)|as (a|an|the) \w+ (at|in|on|for))\b"
    ),
    "task": re.compile(
        r"\b(my (task|job|goal|role|responsibility|aim|brief) was|i (needed|had|was asked"
        r"|was expected|wanted|set out) to|i was (responsible|in charge|tasked)"
        r"|(the|our) (goal|task|challenge|objective|problem|target) was|asked me to"
        r"|to make sure|it was up to me|i owned)\b"
    ),
    "result": re.compile(
        r"\b(as a result|result(ed|s)?|outcome|in the end|ultimately|eventually|finally"
        r"|(which|that|this) (meant|led|let|allowed|helped|cut|saved)|so that"
        r"|(we|i|it|that|this|they) (reduced|increased|improved|saved|cut|grew|doubled"
        r"|tripled|halved|shipped|launched|delivered|won|hit|met|beat|exceeded|finished"
        r"|completed|closed|recovered|resolved|fixed|reached)|went (up|down)|on time"
        r"|ahead of schedule|under budget|lessons?|i (learned|learnt)|since then)\b"
    ),
}
# "I <past-tense verb>" is the spine of the Action part; these past forms are feelings or
# intentions rather than things done.
_ACTION = re.compile(
    r"\b(i|we) (\w+ed|built|wrote|led|ran|made|set|took|met|spoke|sent|drove|began|chose"
    r"|found|gave|kept|brought|taught|sought|held|told|won|put|cut|did|got|went|rewrote"
    r"|broke|split|dug|spent|paired|sat|stood|flew|drew|fought|thought through)\b"
)
_NOT_ACTIONS = {"needed", "wanted", "liked", "loved", "hoped", "felt", "seemed", "used"}
_MEASURE = re.compile(
    r"\d|%|\bpercent\b|[$€£¥]|\b(half|halved|double|doubled|twice|triple|tripled|dozens?"
    r"|hundreds?|thousands?|millions?|billions?)\b"
)
_I = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|myself)\b")
_WE = re.compile(r"\b(we|we're|we've|we'd|we'll|our|ours|us|ourselves)\b")
_WORD = re.compile(r"[\w'’-]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class StarFeedback:
    """What the analysis found, and the one thing to do next."""

    parts: dict[str, bool]
    words: int
    seconds: int
    length: str  # "short", "ok" or "long"
    measurable: bool
    i_count: int
    we_count: int
    next_step: str

    @property
    def missing(self) -> list[str]:
        """STAR parts with no cue found, in STAR order."""
        return [part for part in PARTS if not self.parts[part]]


def _has_action(text: str) -> bool:
    return any(m.group(2) not in _NOT_ACTIONS for m in _ACTION.finditer(text))


def analyse(text: str) -> StarFeedback:
    """Feedback on one answer."""
    lowered = text.lower().replace("’", "'")
    words = len(_WORD.findall(lowered))
    parts = {part: bool(cue.search(lowered)) for part, cue in _CUES.items()}
    parts["action"] = _has_action(lowered)
    sentences = [s for s in _SENTENCE.split(lowered) if s.strip()]
    # The result is measurable if a number sits where the result is told: in a sentence
    # with a result cue, or in the last two sentences, where results usually come.
    result_zone = [s for s in sentences if _CUES["result"].search(s)] + sentences[-2:]
    measurable = any(_MEASURE.search(s) for s in result_zone)
    i_count, we_count = len(_I.findall(lowered)), len(_WE.findall(lowered))
    length = "short" if words < TOO_SHORT else "long" if words > TOO_LONG else "ok"
    feedback = StarFeedback(
        parts={p: parts[p] for p in PARTS},
        words=words,
        seconds=round(words * 60 / WORDS_PER_MINUTE),
        length=length,
        measurable=measurable,
        i_count=i_count,
        we_count=we_count,
        next_step="",
    )
    return replace(feedback, next_step=_next_step(feedback))


def _next_step(f: StarFeedback) -> str:
    """The single most useful fix, in order of how much it costs an answer."""
    if not f.parts["result"]:
        return (
            "Add the result: one sentence on how it ended, ideally with a number "
            "(time saved, % improved, money, customers)."
        )
    if not f.parts["action"]:
        return 'Say what *you* did, step by step: "I decided...", "I built...", "I asked...".'
    if not f.measurable:
        return "Put a number on the result: how much faster, cheaper, bigger, or how many people."
    if f.we_count > f.i_count and f.we_count >= 3:
        return 'Swap some "we" for "I": they are hiring you, so make your own part clear.'
    if f.length == "long":
        return "Trim the situation to two sentences and spend the time on action and result."
    if f.length == "short":
        return "Add detail to the action: the choices you made and why, to reach 1-2 minutes."
    if not (f.parts["situation"] or f.parts["task"]):
        return "Open with one line of context: where you were and what was at stake."
    return "Strong structure. Say it out loud with a 2-minute timer, then save it as a story."


def suggest_title(text: str) -> str:
    """A short story title from the answer's first sentence (at most 60 characters)."""
    first = next((s for s in _SENTENCE.split(text.strip()) if s.strip()), "")
    # `|` separates a story's title from its text in `stories add`: never in a title.
    first = " ".join(first.replace("|", " ").split()).strip(" .,;:!?-\"'")
    # The opening clause ("When our release slipped two weeks out") names the story
    # best; the rest of the sentence is usually the member's part in it.
    clause = re.split(r"\s*[,;:(]\s*|\s+-+\s+", first, maxsplit=1)[0]
    if len(clause.split()) >= 4:
        first = clause
    if len(first) > TITLE_LIMIT:
        # At a word boundary if one falls late enough, else a hard cut.
        cut = first[: TITLE_LIMIT + 1].rsplit(" ", 1)[0][:TITLE_LIMIT]
        first = (cut if len(cut) >= 20 else first[:TITLE_LIMIT]).rstrip(" ,;:-")
    if not any(ch.isalpha() for ch in first):
        return "Practice answer"
    return first[:1].upper() + first[1:]
