"""Usage lines and examples for every `/prep` form, shared by help and error replies."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from bot.commands.text import Reject
from bot.commands.types import ParseError
from bot.when import examples

PREFIX = "/prep "

# form -> (usage, example). A form is "word subcommand" or a command word alone; the
# first word groups forms into the one usage line per command word that help shows.
# `{soon}` in an example is a date two weeks ahead, filled in when read, so a copied
# example never names a day that is already past (the handler would refuse it).
FORMS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "help": ("help [command]", "help daily"),
        "second-round": ("second-round [topic]", "second-round thank-you"),
        "question": ("question [category]", "question behavioral"),
        "practice": ("practice [category]", "practice conflict"),
        "practice cancel": ("practice cancel", "practice cancel"),
        "daily on": ("daily on [HH:MM] [category]", "daily on 07:45"),
        "daily off": ("daily off", "daily off"),
        "daily status": ("daily status", "daily status"),
        "daily skip": ("daily skip", "daily skip"),
        "tz": ("tz <city | IANA zone>", "tz Europe/Berlin"),
        "quiet": ("quiet <HH:MM>-<HH:MM>", "quiet 21:00-08:00"),
        "quiet off": ("quiet off", "quiet off"),
        "quiet status": ("quiet status", "quiet status"),
        "answer": (
            "answer <text>",
            "answer When our release slipped, I re-planned the sprint with the team and "
            "we shipped a week later with no defects.",
        ),
        "review on": ("review on", "review on"),
        "review off": ("review off", "review off"),
        "review status": ("review status", "review status"),
        "interview": (
            "interview <YYYY-MM-DD> <HH:MM> [for <length> | until <HH:MM>] <company> "
            "[as <job title>] [at <place or link>] "
            "[format panel|presentation|case|technical|work-sample|meal|onsite] "
            "[with <Name> (<role>[, <email>]), <Name> (<role>) ...]",
            "interview {soon} 14:00 for 90 minutes Acme as Data Analyst "
            "with Dana Lee (hiring manager), Sam Ortiz (peer)",
        ),
        "apply": (
            "apply <company> [as <job title>] [via <source>] [on <YYYY-MM-DD>]",
            "apply Acme as Data Analyst via LinkedIn",
        ),
        "applications": ("applications", "applications"),
        "outcome": (
            "outcome <company|id> offer|rejected|next-round|withdrawn|accepted|screening",
            "outcome Acme next-round",
        ),
        "interviews": ("interviews", "interviews"),
        "interviews cancel": ("interviews cancel <id|company>", "interviews cancel k7qd2"),
        "thanks": ("thanks [interview-id|company]", "thanks"),
        "thanks sent": ("thanks sent <name>|all [interview-id]", "thanks sent Dana Lee"),
        "thanks note": (
            "thanks note [#<id|company>] <name> <what you discussed>",
            "thanks note Dana the plan to split the data team",
        ),
        "followup": (
            "followup <YYYY-MM-DD | in N days> [#interview-id|#company] [note]",
            "followup in 5 days ask about the timeline",
        ),
        "remind": ("remind <when> <text>", "remind tomorrow 9am send Dana the portfolio link"),
        "remind every": (
            "remind every <day(s)> [at] <time> <text>",
            "remind every monday and thursday 9am practise one STAR story",
        ),
        "reminders list": ("reminders", "reminders"),
        "reminders cancel": ("reminders cancel <id>", "reminders cancel k7qd2"),
        "reminders snooze": (
            "reminders snooze <id> <20m|1h|tomorrow>",
            "reminders snooze k7qd2 1h",
        ),
        "reminders done": ("reminders done <id>", "reminders done k7qd2"),
        "reminders skip": ("reminders skip <id>", "reminders skip k7qd2"),
        "stories list": ("stories", "stories"),
        "stories add": ("stories add <title>", "stories add Rescued the late migration"),
        "stories add text": (
            "stories add <title> | <text>",
            "stories add Rescued the late migration | When our migration slipped, I ...",
        ),
        "stories edit": (
            "stories edit <id> title|text|themes <value>",
            "stories edit k7qd2 themes conflict, likability",
        ),
        "stories attach": (
            "stories attach <answer-id> [title | to <story-id>]",
            "stories attach m3xp8 Rescued the late migration",
        ),
        "stories show": ("stories show <id>", "stories show k7qd2"),
        "stories delete": ("stories delete <id>", "stories delete k7qd2"),
        "privacy export": ("privacy export", "privacy export"),
        "privacy delete": ("privacy delete [confirm]", "privacy delete"),
        "channel daily": (
            "channel daily <HH:MM> [IANA zone] [category]",
            "channel daily 10:00 Europe/Berlin",
        ),
        "channel off": ("channel off", "channel off"),
        "channel status": ("channel status", "channel status"),
        "pair on": ("pair on", "pair on"),
        "pair off": ("pair off", "pair off"),
        "pair status": ("pair status", "pair status"),
        "pair schedule": (
            "pair schedule <weekday> <HH:MM> [IANA zone]",
            "pair schedule monday 10:00 Europe/Berlin",
        ),
        "pair met": ("pair met <round-id> yes|no", "pair met 2026-W11 yes"),
        "digest on": ("digest on", "digest on"),
        "digest off": ("digest off", "digest off"),
        "admin stats": ("admin stats", "admin stats"),
        "admin ai": ("admin ai on|off|status", "admin ai off"),
        "name": ("name [<your name>]", "name Maria Garcia"),
        "nudges on": ("nudges on", "nudges on"),
        "nudges off": ("nudges off", "nudges off"),
        "nudges status": ("nudges status", "nudges status"),
        "name reset": ("name reset", "name reset"),
        "calendar": ("calendar [interview-id]", "calendar"),
    }
)

# The command words, in the order help lists them, and which forms each one covers.
_WORD_FORMS: dict[str, tuple[str, ...]] = {}
for _form in FORMS:
    _word = _form.split(" ", 1)[0]
    _WORD_FORMS[_word] = (*_WORD_FORMS.get(_word, ()), _form)
del _form, _word

COMMAND_WORDS: tuple[str, ...] = tuple(_WORD_FORMS)

# The form whose example represents a command word (the most useful one, not the first).
_EXAMPLE_FORM = {
    "daily": "daily on",
    "thanks": "thanks sent",
    "reminders": "reminders cancel",
    "stories": "stories add",
    "channel": "channel daily",
    "digest": "digest off",
    "review": "review off",
}


def _fill(example: str) -> str:
    return example.replace("{soon}", examples.soon().isoformat())


def usage_of(form: str) -> str:
    """Return the usage line of one form, with the `/prep ` prefix."""
    return PREFIX + FORMS[form][0]


def example_of(form: str) -> str:
    """Return a working line for one form, with the `/prep ` prefix."""
    return PREFIX + _fill(FORMS[form][1])


# One usage line per command word: its forms joined the way the design brief writes them.
USAGE: Mapping[str, str] = MappingProxyType(
    {
        word: PREFIX + " | ".join(FORMS[form][0] for form in forms)
        for word, forms in _WORD_FORMS.items()
    }
)


class _Examples(Mapping[str, str]):
    """One working example per command word, dated when read (see `{soon}` above)."""

    def __getitem__(self, word: str) -> str:
        if word not in _WORD_FORMS:
            raise KeyError(word)
        return example_of(_EXAMPLE_FORM.get(word, _WORD_FORMS[word][0]))

    def __iter__(self) -> Iterator[str]:
        return iter(_WORD_FORMS)

    def __len__(self) -> int:
        return len(_WORD_FORMS)


EXAMPLES: Mapping[str, str] = _Examples()


def error(form: str, message: str, extra: Mapping[str, str] | None = None) -> ParseError:
    """Build a `ParseError` showing one form, or every form of a command word.

    A command word that is not itself a form (`daily`, `privacy`, `reminders`) shows its
    whole usage line: right when the subcommand itself was what went wrong.
    """
    if form in FORMS:
        usage, example = usage_of(form), example_of(form)
    else:
        usage, example = USAGE[form], EXAMPLES[form]
    return ParseError(message=message, usage=usage, example=example, extra=dict(extra or {}))


def from_reject(reject: Reject, default_form: str) -> ParseError:
    """Turn an internal `Reject` into the `ParseError` the caller sees."""
    return error(reject.form or default_form, reject.message, reject.extra)
