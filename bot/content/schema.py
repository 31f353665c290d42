"""The declared schema every content pack is checked against.

Each pack file has a `Record` spec below (FILES); `_spec.validate` walks a loaded file
against it and records every mismatch with its line. Rules that span records or files
(duplicate ids, cross-references, counts) live in `_checks.py`. The ids and limits here
are contracts: commands, services and the platform renderers rely on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.content._spec import Field, ListOf, Record, Text, opt, slug
from bot.content.schema_feedback import FEEDBACK, phrases

# --- contracts other parts of prepbot rely on ---

#: Guide topics in the order the design lists them; the first is the default.
TOPIC_IDS: tuple[str, ...] = (
    "overview", "formats", "evaluate", "culture", "people", "research", "stories",
    "questions", "day-of", "mistakes", "thank-you", "follow-up", "signs",
)  # fmt: skip
#: Questions the member answers, then questions the member asks an interviewer.
ANSWER_CATEGORIES: tuple[str, ...] = (
    "behavioural", "situational", "culture-fit", "leadership", "conflict", "failure",
    "pressure", "motivation", "role-skills",
)  # fmt: skip
ASK_CATEGORIES: tuple[str, ...] = (
    "ask-executive", "ask-hiring-manager", "ask-peer", "ask-cross-functional",
    "ask-recruiter",
)  # fmt: skip
CATEGORY_IDS: tuple[str, ...] = ANSWER_CATEGORIES + ASK_CATEGORIES
ROLE_GROUP_IDS: tuple[str, ...] = (
    "executive", "hiring-manager", "peer", "cross-functional", "generic", "recruiter",
)  # fmt: skip
DEFAULT_ROLE_GROUP = "generic"
STORY_THEME_IDS: tuple[str, ...] = (
    "pressure", "leadership-collaboration", "failure", "conflict", "role-skills",
    "critical-thinking", "likability",
)  # fmt: skip
THANK_YOU_FIELDS = frozenset(
    {"interviewer_first", "company", "job_title", "specific", "member_name"}
)
FOLLOW_UP_FIELDS = frozenset({"company", "job_title", "contact", "interview_date", "member_name"})
#: A note must at least greet the person and, for thanks, say something personal.
THANK_YOU_REQUIRED = frozenset({"interviewer_first", "specific"})
FOLLOW_UP_REQUIRED = frozenset({"contact", "job_title"})
#: Interview formats members can give (`interview ... format case`), each with eve prep.
FORMAT_IDS: tuple[str, ...] = (
    "panel", "presentation", "case", "technical", "work-sample", "meal", "onsite",
)  # fmt: skip
#: Outcomes of an application that have a page of advice (`outcome` shows it).
OUTCOME_PAGE_IDS: tuple[str, ...] = ("offer", "rejected")

# --- limits, chosen from the platform limits in the design ---

MIN_QUESTIONS = 80
MIN_PER_CATEGORY = 8
MIN_PER_ASK_CATEGORY = 6
#: One topic must fit one Slack section (3000) and one Discord embed (4096) with room
#: for the renderer's own header and buttons.
TOPIC_TEXT_LIMIT = 2500
ITEM_LIMIT = 300
#: Titles, labels and summaries double as Discord choice names/descriptions (<= 100).
LABEL_LIMIT = 100

_KEYWORD = re.compile(r"[a-z0-9][a-z0-9 &'./-]*")

SECTION = Record(
    "section",
    {
        "heading": opt(Text(LABEL_LIMIT)),
        "text": opt(Text(1500, markup=True, multiline=True)),
        "items": opt(ListOf(Text(ITEM_LIMIT, markup=True), 1)),
    },
    one_of=("text", "items"),
)
TOPIC = Record(
    "topic",
    {
        "id": Field(slug()),
        "title": Field(Text(LABEL_LIMIT)),
        "summary": Field(Text(LABEL_LIMIT)),
        "aliases": opt(ListOf(slug())),
        "sections": Field(ListOf(SECTION, 1)),
    },
)
CATEGORY = Record(
    "category",
    {
        "id": Field(slug()),
        "label": Field(Text(LABEL_LIMIT)),
        "description": Field(Text(LABEL_LIMIT)),
        "aliases": opt(ListOf(slug())),
    },
)
QUESTION = Record(
    "question",
    {
        "id": Field(slug(60)),
        "category": Field(slug()),
        "text": Field(Text(ITEM_LIMIT)),
        "strong": Field(Text(ITEM_LIMIT, markup=True)),
        "themes": opt(ListOf(slug())),
    },
)


def _note(fields: frozenset[str]) -> Record:
    return Record(
        "note template",
        {
            "subject": Field(Text(150, placeholders=fields)),
            "body": Field(Text(1500, multiline=True, placeholders=fields)),
        },
    )


THANK_YOU_NOTE = Record(
    "thank-you template",
    {"role_group": Field(slug()), **_note(THANK_YOU_FIELDS).fields},
)
ROLE_GROUP = Record(
    "role group",
    {
        "id": Field(slug()),
        "label": Field(Text(LABEL_LIMIT)),
        "tip": Field(Text(ITEM_LIMIT, markup=True)),
    },
)
ROLE_RULE = Record(
    "role rule",
    {
        "group": Field(slug()),
        "keywords": Field(ListOf(Text(60, _KEYWORD, "lower-case words"), 1)),
    },
)
STORY_THEME = Record(
    "story theme",
    {
        "id": Field(slug()),
        "label": Field(Text(LABEL_LIMIT)),
        "prompt": Field(Text(ITEM_LIMIT, markup=True)),
        # Word stems that show a story covers the theme (see services/_themes.py).
        "stems": Field(phrases()),
    },
)

#: The names a practice group's role line may use, in the order prepbot chose.
PAIR_FIELDS = frozenset({"first", "second"})
TRIO_FIELDS = frozenset({"first", "second", "third"})
MOCK_INTERVIEW = Record(
    "mock interview script",
    {
        "title": Field(Text(LABEL_LIMIT)),
        "intro": Field(Text(ITEM_LIMIT, markup=True)),
        "pair_roles": Field(Text(ITEM_LIMIT, markup=True, placeholders=PAIR_FIELDS)),
        "trio_roles": Field(Text(ITEM_LIMIT, markup=True, placeholders=TRIO_FIELDS)),
        "steps": Field(ListOf(Text(ITEM_LIMIT, markup=True), 2)),
        "feedback": Field(ListOf(Text(ITEM_LIMIT, markup=True), 2)),
    },
)

OUTCOME_PAGE = Record(
    "outcome page",
    {
        "outcome": Field(slug()),
        "title": Field(Text(LABEL_LIMIT)),
        "sections": Field(ListOf(SECTION, 1)),
    },
)

#: The pack files, by path relative to the content folder (a `*` matches many files).
FILES: Mapping[str, Record] = {
    "guide.yaml": Record("guide file", {"topics": Field(ListOf(TOPIC, 1))}),
    "categories.yaml": Record("categories file", {"categories": Field(ListOf(CATEGORY, 1))}),
    "questions/*.yaml": Record("questions file", {"questions": Field(ListOf(QUESTION, 1))}),
    "templates.yaml": Record(
        "templates file",
        {
            "slots": Field(
                Record(
                    "slots",
                    {name: Field(Text(60)) for name in sorted(THANK_YOU_FIELDS | FOLLOW_UP_FIELDS)},
                )
            ),
            "thank_you": Field(ListOf(THANK_YOU_NOTE, 1)),
            "follow_up": Field(_note(FOLLOW_UP_FIELDS)),
        },
    ),
    "coaching.yaml": Record(
        "coaching file",
        {
            "eve_checklist": Field(
                Record(
                    "checklist",
                    {
                        "title": Field(Text(LABEL_LIMIT)),
                        "intro": opt(Text(ITEM_LIMIT, markup=True)),
                        "sections": Field(ListOf(SECTION, 1)),
                    },
                )
            ),
            "story_themes": Field(ListOf(STORY_THEME, 1)),
            "format_prep": opt(
                ListOf(
                    Record(
                        "format prep",
                        {
                            "format": Field(slug()),
                            "heading": Field(Text(LABEL_LIMIT)),
                            "items": Field(ListOf(Text(ITEM_LIMIT, markup=True), 1)),
                        },
                    ),
                    1,
                )
            ),
        },
    ),
    "roles.yaml": Record(
        "roles file",
        {"groups": Field(ListOf(ROLE_GROUP, 1)), "rules": Field(ListOf(ROLE_RULE, 1))},
    ),
    "community.yaml": Record("community file", {"mock_interview": Field(MOCK_INTERVIEW)}),
    "feedback.yaml": FEEDBACK,
    "applications.yaml": Record(
        "applications file",
        {
            "outcomes": Field(ListOf(OUTCOME_PAGE, 1)),
            "feedback_request": Field(_note(FOLLOW_UP_FIELDS)),
            "application_follow_up": Field(_note(FOLLOW_UP_FIELDS)),
        },
    ),
}
