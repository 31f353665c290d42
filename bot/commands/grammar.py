"""The `/prep` text grammar: one line a member typed -> a `Command` or a `ParseError`.

Slack passes the text after `/prep`, the console a whole line (with or without
`/prep`), and Discord's subcommand tree is flattened to the same text by its adapter, so
this is the one place that decides what a member meant. `parse` never raises: bad input
becomes a `ParseError` saying what was wrong and showing the right form. When the parser
can guess what was meant, `ParseError.extra["suggestion"]` holds that text (after
`/prep`, e.g. `remind` or `tz Europe/Berlin`) for an adapter to offer as a button.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable

from bot.commands import forms
from bot.commands._community import parse_admin, parse_channel, parse_digest, parse_pair
from bot.commands._manage import (
    CANCEL_WORDS,
    parse_followup,
    parse_interviews,
    parse_reminders,
    parse_stories,
    parse_thanks,
)
from bot.commands._practice import (
    MAX_ANSWER,
    STOP_WORDS,
    TOPICS,
    parse_answer,
    parse_daily,
    parse_practice,
    parse_question,
    parse_review,
    parse_second_round,
)
from bot.commands._quiet import parse_quiet
from bot.commands._settings import parse_name, parse_nudges
from bot.commands._when import take_rule, take_when
from bot.commands._zones import parse_tz
from bot.commands.applications import parse_applications, parse_apply, parse_outcome
from bot.commands.calendar import parse_calendar
from bot.commands.forms import COMMAND_WORDS, EXAMPLES, USAGE
from bot.commands.interview import parse_interview
from bot.commands.text import (
    MAX_INPUT,
    Reject,
    free_text,
    normalise,
    nothing_after,
    show,
    split_first,
)
from bot.commands.types import (
    Command,
    Help,
    ParseError,
    PrivacyDelete,
    PrivacyExport,
    Remind,
)
from bot.when.examples import when_forms

__all__ = ["EXAMPLES", "MAX_ANSWER", "STOP_WORDS", "TOPICS", "USAGE", "parse"]

log = logging.getLogger(__name__)

MAX_REMINDER = 500

_PREFIX = re.compile(r"/?prep(?:\s+|$)", re.IGNORECASE)
_ALIASES = {
    "?": "help",
    "second_round": "second-round",
    "secondround": "second-round",
    "2nd-round": "second-round",
    "round2": "second-round",
    "round-2": "second-round",
    "follow-up": "followup",
    "follow_up": "followup",
    "timezone": "tz",
    "time-zone": "tz",
    "reminder": "reminders",
    "story": "stories",
    "pairs": "pair",
    "pairing": "pair",
    "channels": "channel",
    "application": "applications",
    "pipeline": "applications",
    "outcomes": "outcome",
    "practise": "practice",
    "nudge": "nudges",
    "ics": "calendar",
    "cal": "calendar",
}


def _command_word(text: str) -> tuple[str, str]:
    """Split off the command word, made canonical (aliases, `second round`), and the rest."""
    word, rest = split_first(text)
    word = word.lower()
    if word == "second":  # "second round", two words
        next_word, after = split_first(rest)
        if next_word.lower() == "round":
            return "second-round", after
    return _ALIASES.get(word, word), rest


def _help(rest: str) -> Help:
    if not rest.strip():
        return Help()
    word, _ = _command_word(rest.strip().lstrip("/"))
    if word in USAGE:
        return Help(topic=word)
    extra = _suggest(word)
    hint = f" Did you mean `{extra['suggestion']}`?" if extra else ""
    raise Reject(f"I have no help on `{show(word)}`.{hint}", **extra)


def _interview(rest: str) -> Command:
    # `interview cancel <id>` is what many will type for `interviews cancel <id>`.
    if split_first(rest)[0].lower() in CANCEL_WORDS:
        return parse_interviews(rest)
    return parse_interview(rest)


def _remind(rest: str) -> Remind:
    word, after = split_first(rest)
    if word.lower() == "me":  # "remind me tomorrow to ..."
        rest = after
    if not rest.strip():
        raise Reject("Say when and what, like `remind tomorrow 9am send the portfolio link`.")
    rule = None
    if split_first(rest)[0].lower() == "every":
        rule, text = take_rule(split_first(rest)[1])
        when = None
    else:
        when, text = take_when(rest)
    if when is None and rule is None:
        raise Reject(f"Start with when: {when_forms()}.")
    text = free_text(
        text,
        what="the reminder text",
        limit=MAX_REMINDER,
        multiline=True,
        missing="Add what to remind you about after the time.",
    )
    return Remind(when=when, text=text, rule=rule)


def _privacy(rest: str) -> Command:
    sub, args = split_first(rest)
    sub = sub.lower()
    if sub == "":
        return Help(topic="privacy")
    if sub == "export":
        nothing_after(args, "privacy export")
        return PrivacyExport()
    if sub == "delete":
        if not args.strip():
            return PrivacyDelete()
        if args.strip().lower() == "confirm":
            return PrivacyDelete(confirmed=True)
        raise Reject(
            "To delete everything, write exactly `privacy delete confirm`.", "privacy delete"
        )
    raise Reject(f"`privacy {show(sub)}` isn't a privacy command: use export or delete.", "privacy")


_PARSERS: dict[str, Callable[[str], Command]] = {
    "help": _help,
    "second-round": parse_second_round,
    "question": parse_question,
    "daily": parse_daily,
    "tz": parse_tz,
    "quiet": parse_quiet,
    "answer": parse_answer,
    "practice": parse_practice,
    "review": parse_review,
    "interview": _interview,
    "interviews": parse_interviews,
    "thanks": parse_thanks,
    "followup": parse_followup,
    "remind": _remind,
    "reminders": parse_reminders,
    "stories": parse_stories,
    "privacy": _privacy,
    "channel": parse_channel,
    "pair": parse_pair,
    "digest": parse_digest,
    "admin": parse_admin,
    "apply": parse_apply,
    "applications": parse_applications,
    "outcome": parse_outcome,
    "name": parse_name,
    "nudges": parse_nudges,
    "calendar": parse_calendar,
}

# Which form's usage an error shows when the parser did not name one.
_DEFAULT_FORM = {
    "daily": "daily on",
    "reminders": "reminders list",
    "stories": "stories list",
    "channel": "channel daily",
    "admin": "admin stats",
    "quiet": "quiet",
    "review": "review status",
    "nudges": "nudges status",
}


def _suggest(word: str) -> dict[str, str]:
    """`{"suggestion": closest command word}` for a mistyped word, or nothing."""
    if word in TOPICS:  # `/prep culture` meant the guide topic
        return {"suggestion": f"second-round {word}"}
    candidates = [*COMMAND_WORDS, *_ALIASES]
    close = difflib.get_close_matches(word[:30], candidates, n=1, cutoff=0.6)
    return {"suggestion": _ALIASES.get(close[0], close[0])} if close else {}


def _unknown(word: str) -> ParseError:
    extra = _suggest(word)
    hint = f" Did you mean `{extra['suggestion']}`?" if extra else ""
    suggestion = extra.get("suggestion")
    if suggestion is None:
        example = EXAMPLES["help"]
    else:
        example = EXAMPLES.get(suggestion, forms.PREFIX + suggestion)
    message = f"I don't know `{show(word)}`.{hint}"
    return ParseError(message, usage=forms.PREFIX + "help", example=example, extra=extra)


def _parse(text: str) -> Command | ParseError:
    """`parse` without the safety net; the fuzz tests prove it never raises either."""
    if len(text) > MAX_INPUT:  # checked before normalising, which costs time per char
        return forms.error("help", f"That is too long: keep it under {MAX_INPUT} characters.")
    text = normalise(text).strip()
    if len(text) > MAX_INPUT:  # NFKC can lengthen text (ligatures, ellipses)
        return forms.error("help", f"That is too long: keep it under {MAX_INPUT} characters.")
    if match := _PREFIX.match(text):
        text = text[match.end() :]
    word, rest = _command_word(text)
    if not word:
        return Help()
    parser = _PARSERS.get(word)
    if parser is None:
        return _unknown(word)
    try:
        return parser(rest)
    except Reject as reject:
        return forms.from_reject(reject, _DEFAULT_FORM.get(word, word))


def parse(text: str) -> Command | ParseError:
    """Parse the text after `/prep` into a `Command`, or say what was wrong; never raises."""
    try:
        return _parse(text)
    except Exception:  # a bug must cost one reply, not the listener that called us
        log.exception(
            "grammar failed on a %d-character line", len(text) if isinstance(text, str) else -1
        )
        return ParseError(
            message="Sorry, I couldn't read that.", usage=USAGE["help"], example=EXAMPLES["help"]
        )
