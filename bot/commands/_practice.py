"""The practice commands: `second-round`, `question`, `practice`, `daily`, `answer`, `review`."""

from __future__ import annotations

import difflib
import re

from bot.commands._when import DEFAULT_AT, take_clock
from bot.commands.text import Reject, free_text, nothing_after, show, split_first
from bot.commands.types import (
    AiReview,
    Answer,
    CancelPractice,
    Command,
    DailyOff,
    DailyOn,
    DailySkip,
    DailyStatus,
    Practice,
    QuestionNow,
    SecondRound,
)

TOPICS = (
    "overview",
    "formats",
    "evaluate",
    "culture",
    "people",
    "research",
    "stories",
    "questions",
    "day-of",
    "mistakes",
    "thank-you",
    "follow-up",
    "signs",
)
MAX_ANSWER = 3000
MAX_CATEGORY = 60

# Topics match with spaces, hyphens and underscores ignored: "day of", "thankyou".
_TOPIC_KEYS = {re.sub(r"[\s_-]", "", topic): topic for topic in TOPICS}


def parse_second_round(rest: str) -> SecondRound:
    """Read `second-round [topic]`; topics forgive spaces, hyphens and underscores."""
    if not rest.strip():
        return SecondRound()
    key = re.sub(r"[\s_-]", "", rest.lower())
    if key in _TOPIC_KEYS:
        return SecondRound(topic=_TOPIC_KEYS[key])
    close = difflib.get_close_matches(key[:40], list(_TOPIC_KEYS), n=1)
    hint = f" Did you mean `{_TOPIC_KEYS[close[0]]}`?" if close else ""
    raise Reject(f"`{show(rest)}` isn't a topic. Topics: {', '.join(TOPICS)}.{hint}")


def parse_question(rest: str) -> QuestionNow:
    """Read `question [category]`; the handler checks the category against content."""
    if not rest.strip():
        return QuestionNow()
    return QuestionNow(category=free_text(rest, what="a category", limit=MAX_CATEGORY).lower())


def parse_daily(rest: str) -> Command:
    """Read `daily on [HH:MM] [category]`, `daily off|status|skip` (bare `daily`: status)."""
    sub, args = split_first(rest)
    sub = sub.lower()
    simple: dict[str, Command] = {
        "off": DailyOff(),
        "status": DailyStatus(),
        "skip": DailySkip(),
        "": DailyStatus(),
    }
    if sub in simple:
        nothing_after(args, f"daily {sub or 'status'}")
        return simple[sub]
    if sub != "on":
        args = rest  # `daily 07:45` reads as `daily on 07:45`; anything else is a typo
        if take_clock(rest)[0] is None:
            raise Reject(
                f"`daily {show(sub)}` isn't a daily setting: use on, off or status.", "daily"
            )
    at, category_text = take_clock(args)
    category = None
    if category_text.strip():
        category = free_text(category_text, what="a category", limit=MAX_CATEGORY).lower()
    return DailyOn(at=DEFAULT_AT if at is None else at, category=category)


def parse_answer(rest: str) -> Answer:
    """Read `answer <text>`, keeping the text's line breaks."""
    text = free_text(
        rest,
        what="your answer",
        limit=MAX_ANSWER,
        multiline=True,
        missing="Write your answer after `answer`.",
    )
    return Answer(text=text)


#: What stops an open question, typed alone in the DM or after `practice`.
STOP_WORDS = frozenset({"cancel", "skip", "stop"})


def parse_practice(rest: str) -> Practice | CancelPractice:
    """Read `practice [category]` and `practice cancel`; the handler checks the category."""
    if not rest.strip():
        return Practice()
    if rest.strip().lower() in STOP_WORDS:
        return CancelPractice()
    return Practice(category=free_text(rest, what="a category", limit=MAX_CATEGORY).lower())


REVIEW_SETTINGS = ("on", "off", "status")


def parse_review(rest: str) -> AiReview:
    """Read `review on|off|status` (bare `review`: status)."""
    sub, args = split_first(rest)
    sub = sub.lower() or "status"
    if sub not in REVIEW_SETTINGS:
        raise Reject(f"`review {show(sub)}` isn't a setting: use on, off or status.", "review")
    nothing_after(args, f"review {sub}")
    return AiReview(setting=sub)
