"""Hypothesis strategies for the reliability suite: hostile text, near-valid lines.

`LINES` has one strategy per `/prep` command word, building lines close enough to valid
to reach deep into the handlers, with hostile free text where a member types freely.
"""

from __future__ import annotations

from hypothesis import strategies as st

from bot.commands.context import Actor
from bot.commands.forms import COMMAND_WORDS
from bot.commands.grammar import TOPICS
from bot.commands.ids import ALPHABET

# --- hostile text ---

# What a member (or a compromised profile) could type to make a message shout, link,
# hide or reorder text, or break the markup of one of our renderers.
HOSTILE = (
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<!subteam^S0123ABC>",
    "@everyone",
    "@here",
    "<@U0ANA0001>",
    "<@W0BEN0002|ben>",
    "<@&123456789012345678>",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<#C0GENERAL>",
    "<#123456789012345678>",
    "<https://evil.example|click me>",
    "https://evil.example/?a=1&b=2",
    "[click](https://evil.example)",
    "`",
    "```",
    "```py\nprint(1)\n```",
    "*bold*",
    "**strong**",
    "_it_",
    "~strike~",
    "||spoiler||",
    "> quote",
    "# heading",
    "-# small print",
    "\\",
    "\\*",
    "&amp;",
    "&lt;b&gt;",
    "<script>alert(1)</script>",
    "\u202e",  # right-to-left override
    "\u202d",
    "\u2066",
    "\u2067",
    "\u2069",
    "\u200f",
    "\u061c",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\r",
    "\n",
    "\t",
    "\u2028",
    "\u0085",
    "مرحبا",
    "שלום עולם",
    "👩\u200d💻",
    "e\u0301",
    "ﬁ",
    "Ｆｕｌｌ",
    "%s%n{0}",
    "'; DROP TABLE members; --",
    "\ud800",
)

_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))


def hostile_text(*, max_parts: int = 8) -> st.SearchStrategy[str]:
    """Free text made of hostile fragments and random characters, sometimes very long."""
    fragment = st.one_of(
        st.sampled_from(HOSTILE),
        st.text(_ALPHABET, max_size=12),
        st.text("abcdefghij klmnop ", min_size=1, max_size=12),
    )
    short = st.lists(fragment, min_size=1, max_size=max_parts).map("".join)
    huge = st.tuples(
        st.sampled_from(("x", "@everyone ", "<!here>", "\u202e", "*")), st.integers(1, 10_000)
    ).map(lambda pair: pair[0] * (pair[1] // len(pair[0]) + 1))
    return st.one_of(short, short, short, huge)


# --- strategies: near-valid command lines with hostile free text ---

text = hostile_text()
short_text = hostile_text(max_parts=3)
ids = st.one_of(
    st.text(ALPHABET, min_size=5, max_size=5),
    st.sampled_from(["#k7qd2", "K7QD2", "00000", "zzzzz", "k7qd", "k7qd22"]),
    short_text,
)
whens = st.one_of(
    st.sampled_from(
        [
            "in 2 hours",
            "tomorrow 9am",
            "today 17:00",
            "tonight",
            "in 30 minutes",
            "in 0 minutes",
            "in 400 days",
            "2026-03-09 14:00",
            "2026-03-01 14:00",
            "2026-02-30 10:00",
            "20m",
            "1h",
            "tomorrow",
            "friday 3pm",
            "next monday at 10",
            "dec 20 5pm",
            "12/17 10:00",
            "03/04 10:00",
            "tomorrow 14h",
            "at 5pm",
            "in half an hour",
            "0001-01-01 00:00",
            "every monday 9am",
            "every weekday at 8",
            "every 2 weeks on friday",
            "every mars",
        ]
    ),
    short_text,
)
clocks = st.one_of(
    st.sampled_from(["07:45", "9am", "2pm", "25:00", "12:60", "noon", "7", "23:59", "00:00"]),
    short_text,
)
dates = st.one_of(
    st.sampled_from(["2026-03-09", "2026-03-01", "2027-05-09", "2026-02-30", "9999-12-31"]),
    short_text,
)
categories = st.one_of(
    st.sampled_from(["behavioural", "culture-fit", "pressure", "ask-peer", "nope"]), short_text
)
zones = st.one_of(
    st.sampled_from(
        [
            "Europe/Berlin",
            "UTC",
            "america/new_york",
            "Mars/Olympus",
            "Etc/GMT+5",
            "EST",
            "Berlin",
            "GMT+1",
            "IST",
        ]
    ),
    short_text,
)
names = st.one_of(st.sampled_from(["Dana Lee", "Sam", "all", "Priya Nair"]), short_text)
person = st.one_of(names, st.tuples(names, short_text).map(lambda pair: f"{pair[0]} ({pair[1]})"))
people = st.lists(person, min_size=1, max_size=14).map(", ".join)
opt = st.one_of(st.just(""), short_text)


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


LINES: dict[str, st.SearchStrategy[str]] = {
    "help": st.one_of(
        st.just("help"),
        st.sampled_from(COMMAND_WORDS).map("help {}".format),
        text.map("help {}".format),
    ),
    "second-round": st.one_of(
        st.sampled_from(TOPICS).map("second-round {}".format),
        text.map("second round {}".format),
        st.just("second-round"),
    ),
    "question": st.builds(_join, st.just("question"), st.one_of(st.just(""), categories)),
    "daily": st.one_of(
        st.builds(
            _join,
            st.just("daily on"),
            st.one_of(st.just(""), clocks),
            st.one_of(st.just(""), categories),
        ),
        st.sampled_from(["daily off", "daily status", "daily skip", "daily"]),
        text.map("daily {}".format),
    ),
    "tz": st.one_of(st.just("tz"), zones.map("tz {}".format)),
    "quiet": st.one_of(
        st.sampled_from(["quiet", "quiet status", "quiet off", "quiet 21:00-08:00"]),
        st.builds(lambda a, b: f"quiet {a}-{b}", clocks, clocks),
        text.map("quiet {}".format),
    ),
    "answer": text.map("answer {}".format),
    "interview": st.builds(
        lambda day, at, length, company, title, place, kind, who: _join(
            "interview",
            day,
            at,
            length,
            company,
            f"as {title}" if title else "",
            f"at {place}" if place else "",
            f"format {kind}" if kind else "",
            f"with {who}" if who else "",
        ),
        dates,
        clocks,
        st.one_of(
            st.just(""),
            st.sampled_from(["for 90 minutes", "for 2h", "for 13h", "until 17:00", "until"]),
        ),
        text,
        opt,
        opt,
        st.one_of(st.just(""), st.sampled_from(["case", "onsite", "karaoke", "work sample"])),
        st.one_of(st.just(""), people),
    ),
    "interviews": st.one_of(st.just("interviews"), text.map("interviews {}".format)),
    "apply": st.builds(
        lambda company, title, via, on: _join(
            "apply",
            company,
            f"as {title}" if title else "",
            f"via {via}" if via else "",
            f"on {on}" if on else "",
        ),
        text,
        opt,
        opt,
        st.one_of(st.just(""), dates, st.sampled_from(["today", "yesterday"])),
    ),
    "applications": st.one_of(
        st.sampled_from(["applications", "pipeline"]), text.map("applications {}".format)
    ),
    "outcome": st.builds(
        _join,
        st.just("outcome"),
        st.one_of(text, ids),
        st.sampled_from(
            ["offer", "rejected", "next-round", "withdrawn", "accepted", "screening", "next", ""]
        ),
    ),
    "thanks": st.one_of(
        st.builds(_join, st.just("thanks"), st.one_of(st.just(""), ids, text)),
        st.builds(_join, st.just("thanks sent"), names, st.one_of(st.just(""), ids)),
        st.builds(_join, st.just("thanks note"), opt, names, text),
    ),
    "followup": st.builds(
        _join,
        st.just("followup"),
        st.one_of(dates, st.sampled_from(["in 3 days", "in 1 week", "tomorrow", "in 2 hours"])),
        st.one_of(st.just(""), ids.map("#{}".format)),
        opt,
    ),
    "remind": st.builds(
        _join, st.sampled_from(["remind", "remind me"]), whens, st.one_of(text, st.just(""))
    ),
    "reminders": st.one_of(
        st.sampled_from(["reminders", "reminders list"]),
        st.builds(
            _join, st.sampled_from(["reminders cancel", "reminders done", "reminders skip"]), ids
        ),
        st.builds(_join, st.just("reminders snooze"), ids, whens),
        text.map("reminders {}".format),
    ),
    "stories": st.one_of(
        st.just("stories"),
        text.map("stories add {}".format),
        ids.map("stories show {}".format),
        ids.map("stories {}".format),
    ),
    "privacy": st.one_of(
        st.sampled_from(["privacy", "privacy export", "privacy delete"]),
        text.map("privacy delete {}".format),
        text.map("privacy {}".format),
    ),
    "channel": st.one_of(
        st.builds(
            _join,
            st.just("channel daily"),
            clocks,
            st.one_of(st.just(""), zones),
            st.one_of(st.just(""), categories),
        ),
        st.sampled_from(["channel off", "channel status", "channel"]),
        text.map("channel {}".format),
    ),
    "pair": st.one_of(
        st.sampled_from(["pair on", "pair off", "pair status", "pair"]),
        st.builds(
            _join,
            st.just("pair schedule"),
            st.one_of(st.sampled_from(["monday", "Fri", "sundays"]), short_text),
            clocks,
            st.one_of(st.just(""), zones),
        ),
        st.builds(
            _join,
            st.just("pair met"),
            st.one_of(st.sampled_from(["2026-W10", "2026w11", "1999-W99"]), short_text),
            st.sampled_from(["yes", "no", "maybe", ""]),
        ),
    ),
    "digest": st.one_of(
        st.sampled_from(["digest", "digest on", "digest off"]), text.map("digest {}".format)
    ),
    "admin": st.one_of(
        st.sampled_from(["admin stats", "admin ai on", "admin ai off", "admin ai"]),
        text.map("admin {}".format),
        text.map("admin ai {}".format),
    ),
    "practice": st.one_of(
        st.sampled_from(["practice", "practice cancel", "practice conflict", "practise"]),
        text.map("practice {}".format),
    ),
    "review": st.one_of(
        st.sampled_from(["review", "review on", "review off", "review status"]),
        text.map("review {}".format),
    ),
    "name": st.one_of(st.sampled_from(["name", "name reset"]), text.map("name {}".format)),
    "calendar": st.one_of(
        st.sampled_from(["calendar", "ics", "cal"]),
        ids.map("calendar {}".format),
        text.map("calendar {}".format),
    ),
    "nudges": st.one_of(
        st.sampled_from(["nudges", "nudges on", "nudges off", "nudges status"]),
        text.map("nudges {}".format),
    ),
}


@st.composite
def mutated(draw: st.DrawFn, line: st.SearchStrategy[str]) -> str:
    """A line, sometimes with a word swapped for hostile text or a `/prep` prefix."""
    value = draw(line)
    how = draw(st.sampled_from(["as is", "as is", "as is", "swap", "append", "prefix"]))
    if how == "swap":
        words = value.split(" ")
        index = draw(st.integers(0, len(words) - 1))
        words[index] = draw(st.sampled_from(HOSTILE))
        value = " ".join(words)
    elif how == "append":
        value = f"{value} {draw(short_text)}"
    elif how == "prefix":
        value = f"/prep {value}"
    return value


# A few members per platform, so quotas fill and ids collide across examples; their
# display names and profile zones are drawn each time, as a platform would send them.
IDENTITIES = (
    ("console", "ana", ""),
    ("console", "bo", ""),
    ("slack", "U0ANA0001", "T0FAKE001"),
    ("slack", "U0ANA0001", "T0OTHER02"),
    ("discord", "1180000000000000500", "1180000000000000001"),
)


@st.composite
def actors(draw: st.DrawFn) -> Actor:
    """One of `IDENTITIES` as a platform might describe them, hostile fields included."""
    platform, user_id, team_id = draw(st.sampled_from(IDENTITIES))
    return Actor(
        platform=platform,
        user_id=user_id,
        team_id=team_id,
        display_name=draw(st.one_of(st.just("Ana"), short_text)),
        channel_id=draw(st.sampled_from([None, "C0GENERAL", "D0ANA0001", "123"])),
        is_admin=draw(st.booleans()),
        tz_hint=draw(st.one_of(st.none(), zones, st.just("x" * 300))),
    )
