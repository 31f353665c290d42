"""Turn validated pack data into the immutable `ContentLibrary`.

Only reached once every check passed, so the shapes are known to be right here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from bot.content import schema
from bot.content._checks import normalise_words
from bot.content._feedback_build import build_feedback
from bot.content._models import (
    Category,
    Checklist,
    ContentLibrary,
    GuideTopic,
    MockInterviewScript,
    NoteTemplate,
    Question,
    RoleGroup,
    RoleRule,
    Section,
    StoryTheme,
)
from bot.content._yaml import LocatedDict

T = TypeVar("T")


def _frozen(items: Iterable[tuple[str, T]]) -> Mapping[str, T]:
    return MappingProxyType(dict(items))


def _s(record: Mapping[str, Any], key: str) -> str:
    return str(record[key]).strip()


def _opt(record: Mapping[str, Any], key: str) -> str | None:
    return _s(record, key) if key in record else None


def _strs(record: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in record.get(key, ()))


def _sections(raw: Iterable[Mapping[str, Any]]) -> tuple[Section, ...]:
    return tuple(Section(_opt(s, "heading"), _opt(s, "text"), _strs(s, "items")) for s in raw)


def build_library(root: Path, docs: Mapping[str, list[LocatedDict]]) -> ContentLibrary:
    """Build the library from the one-document-per-file packs under `root`."""
    (guide,) = docs["guide.yaml"]
    (cats,) = docs["categories.yaml"]
    (templates,) = docs["templates.yaml"]
    (coaching,) = docs["coaching.yaml"]
    (roles,) = docs["roles.yaml"]
    topics = {
        _s(t, "id"): GuideTopic(
            _s(t, "id"),
            _s(t, "title"),
            _s(t, "summary"),
            _sections(t["sections"]),
            _strs(t, "aliases"),
        )
        for t in guide["topics"]
    }
    slots = _frozen((k, _s(templates["slots"], k)) for k in templates["slots"])

    def note(raw: Mapping[str, Any], kind: str, fields: frozenset[str]) -> NoteTemplate:
        # Bodies keep their line breaks; only the block scalar's trailing newline goes.
        return NoteTemplate(
            kind,
            _opt(raw, "role_group"),
            _s(raw, "subject"),
            str(raw["body"]).strip(),
            fields,
            _frozen((k, slots[k]) for k in sorted(fields)),
        )

    (community,) = docs["community.yaml"]
    (feedback,) = docs["feedback.yaml"]
    (applications,) = docs["applications.yaml"]
    script = community["mock_interview"]
    checklist = coaching["eve_checklist"]
    return ContentLibrary(
        source=root,
        guide_topics=_frozen((i, topics[i]) for i in schema.TOPIC_IDS),
        categories=_frozen(
            (
                _s(c, "id"),
                Category(_s(c, "id"), _s(c, "label"), _s(c, "description"), _strs(c, "aliases")),
            )
            for c in sorted(cats["categories"], key=lambda c: schema.CATEGORY_IDS.index(c["id"]))
        ),
        questions=tuple(
            Question(
                _s(q, "id"), _s(q, "category"), _s(q, "text"), _s(q, "strong"), _strs(q, "themes")
            )
            for doc in docs["questions/*.yaml"]
            for q in doc["questions"]
        ),
        story_themes=_frozen(
            (
                _s(t, "id"),
                StoryTheme(_s(t, "id"), _s(t, "label"), _s(t, "prompt"), _strs(t, "stems")),
            )
            for t in coaching["story_themes"]
        ),
        eve_checklist=Checklist(
            _s(checklist, "title"), _opt(checklist, "intro"), _sections(checklist["sections"])
        ),
        role_groups=_frozen(
            (_s(g, "id"), RoleGroup(_s(g, "id"), _s(g, "label"), _s(g, "tip")))
            for g in roles["groups"]
        ),
        role_rules=tuple(
            RoleRule(_s(r, "group"), tuple(normalise_words(k) for k in r["keywords"]))
            for r in roles["rules"]
        ),
        thank_you_templates=_frozen(
            (_s(t, "role_group"), note(t, "thank-you", schema.THANK_YOU_FIELDS))
            for t in templates["thank_you"]
        ),
        followup=note(templates["follow_up"], "follow-up", schema.FOLLOW_UP_FIELDS),
        mock_interview=MockInterviewScript(
            _s(script, "title"),
            _s(script, "intro"),
            _s(script, "pair_roles"),
            _s(script, "trio_roles"),
            _strs(script, "steps"),
            _strs(script, "feedback"),
        ),
        feedback=build_feedback(feedback),
        format_prep=_frozen(
            (_s(f, "format"), Section(_s(f, "heading"), None, _strs(f, "items")))
            for f in coaching.get("format_prep", ())
        ),
        outcome_pages=_frozen(
            (_s(page, "outcome"), Checklist(_s(page, "title"), None, _sections(page["sections"])))
            for page in applications["outcomes"]
        ),
        feedback_request=note(
            applications["feedback_request"], "follow-up", schema.FOLLOW_UP_FIELDS
        ),
        application_followup=note(
            applications["application_follow_up"], "follow-up", schema.FOLLOW_UP_FIELDS
        ),
    )
