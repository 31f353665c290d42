"""Typed, immutable content objects: what the rest of prepbot reads from the packs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.content._checks import normalise_words
from bot.content._feedback_models import CategoryCoaching, FeedbackRules
from bot.content._spec import placeholders_in
from bot.content.schema import DEFAULT_ROLE_GROUP


@dataclass(frozen=True)
class Section:
    """A block of a guide topic or checklist: optional heading, paragraph and bullets."""

    heading: str | None
    text: str | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class GuideTopic:
    """One page of the `/prep second-round` guide."""

    id: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    """A practice-question category, with the words members may type for it."""

    id: str
    label: str
    description: str
    aliases: tuple[str, ...] = ()

    @property
    def is_ask(self) -> bool:
        """Tell whether members ask these questions (ask-*) rather than answer them."""
        return self.id.startswith("ask-")


@dataclass(frozen=True)
class Question:
    """A practice question and what a strong answer (or, for ask-*, asking it) shows."""

    id: str
    category: str
    text: str
    strong: str
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryTheme:
    """A theme the STAR story bank should cover."""

    id: str
    label: str
    prompt: str
    stems: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleGroup:
    """A kind of interviewer (executive, peer, ...) with a one-line handling tip."""

    id: str
    label: str
    tip: str


@dataclass(frozen=True)
class RoleRule:
    """Interviewer roles containing any of `keywords` (whole words) belong to `group`."""

    group: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Checklist:
    """The interview-eve checklist."""

    title: str
    intro: str | None
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class RenderedNote:
    """A filled-in note, ready to show as a draft."""

    subject: str
    body: str


@dataclass(frozen=True)
class NoteTemplate:
    """A thank-you or follow-up note with `{name}` fields."""

    kind: str  # "thank-you" or "follow-up"
    role_group: str | None  # None for follow-ups
    subject: str
    body: str
    fields: frozenset[str]  # every field this kind of note may be given
    slots: Mapping[str, str]  # what a field shows when its value is unknown

    @property
    def placeholders(self) -> frozenset[str]:
        """Return the fields this template actually uses."""
        return placeholders_in(self.subject) | placeholders_in(self.body)

    def render(self, **values: str | None) -> RenderedNote:
        """Fill the template; a missing or blank value shows its slot, e.g. `[your name]`.

        Values are inserted verbatim (str.format never re-reads them), so member text
        with braces is safe. An unknown field name is a caller bug and raises TypeError.
        """
        unknown = set(values) - self.fields
        if unknown:
            raise TypeError(f"unknown note field(s): {', '.join(sorted(unknown))}")
        filled = {
            name: (values.get(name) or "").strip() or self.slots[name] for name in self.fields
        }
        return RenderedNote(self.subject.format_map(filled), self.body.format_map(filled))


@dataclass(frozen=True)
class MockInterviewScript:
    """What a weekly practice group is told: roles, how to run it, how to give feedback.

    `pair_roles` uses `{first}` and `{second}`; `trio_roles` also `{third}`.
    """

    title: str
    intro: str
    pair_roles: str
    trio_roles: str
    steps: tuple[str, ...]
    feedback: tuple[str, ...]

    def roles(self, names: tuple[str, ...]) -> str:
        """The role line for a group, names in interviewer-first order (2 or 3 names)."""
        keys = ("first", "second", "third")
        template = self.trio_roles if len(names) >= 3 else self.pair_roles
        return template.format_map(dict(zip(keys, names, strict=False)))


def _key(text: str) -> str:
    # What members type: any case, spaces or underscores for hyphens.
    return "-".join(text.strip().lower().replace("_", " ").split())


@dataclass(frozen=True)
class ContentLibrary:
    """Everything the packs hold, validated; build it with `load_library`."""

    source: Path
    guide_topics: Mapping[str, GuideTopic]  # in the design's order; the first is default
    categories: Mapping[str, Category]
    questions: tuple[Question, ...]
    story_themes: Mapping[str, StoryTheme]
    eve_checklist: Checklist
    role_groups: Mapping[str, RoleGroup]
    role_rules: tuple[RoleRule, ...]
    thank_you_templates: Mapping[str, NoteTemplate]
    followup: NoteTemplate
    mock_interview: MockInterviewScript | None = None
    feedback: FeedbackRules | None = None
    # Advice per application outcome (`offer`, `rejected`) and the feedback request.
    outcome_pages: Mapping[str, Checklist] = field(default_factory=dict)
    feedback_request: NoteTemplate | None = None
    # The nudge of an application with no interview yet and no news for 10 days.
    application_followup: NoteTemplate | None = None
    # What to prepare for each interview format, added to the eve checklist.
    format_prep: Mapping[str, Section] = field(default_factory=dict)
    _by_id: Mapping[str, Question] = field(init=False, repr=False, compare=False)
    _by_category: Mapping[str, tuple[Question, ...]] = field(init=False, repr=False, compare=False)
    _names: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _topic_names: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Indexes are derived once here; frozen dataclasses need object.__setattr__.
        by_category = {
            cid: tuple(q for q in self.questions if q.category == cid) for cid in self.categories
        }
        names = {_key(n): c.id for c in self.categories.values() for n in (c.id, *c.aliases)}
        topics = {_key(n): t.id for t in self.guide_topics.values() for n in (t.id, *t.aliases)}
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})
        object.__setattr__(self, "_by_category", by_category)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_topic_names", topics)

    @property
    def default_topic(self) -> GuideTopic:
        """Return the topic shown by a bare `second-round` (overview)."""
        return next(iter(self.guide_topics.values()))

    def topic(self, topic_id: str) -> GuideTopic:
        """Return the guide topic with this id; KeyError if there is none."""
        return self.guide_topics[topic_id]

    def resolve_topic(self, user_text: str) -> str | None:
        """Return the topic id a member meant (id or alias, any case), or None."""
        return self._topic_names.get(_key(user_text))

    def question(self, question_id: str) -> Question:
        """Return the question with this id; KeyError if there is none."""
        return self._by_id[question_id]

    def questions_in(self, category: str) -> tuple[Question, ...]:
        """Return a category's questions in pack order; KeyError for an unknown category."""
        return self._by_category[category]

    def resolve_category(self, user_text: str) -> str | None:
        """Return the category id a member meant (id or alias, any case), or None."""
        return self._names.get(_key(user_text))

    def coaching(self, category: str) -> CategoryCoaching | None:
        """Return how a category is answered (None when the rules do not cover it)."""
        return self.feedback.categories.get(category) if self.feedback else None

    def role_group(self, role_text: str) -> str:
        """Return the interviewer group for a free-text role; the first matching rule wins."""
        padded = f" {normalise_words(role_text)} "
        for rule in self.role_rules:
            if any(f" {keyword} " in padded for keyword in rule.keywords):
                return rule.group
        return DEFAULT_ROLE_GROUP

    def thank_you_template(self, role_group: str) -> NoteTemplate:
        """Return the thank-you template for a role group id; KeyError if unknown."""
        return self.thank_you_templates[role_group]

    def followup_template(self) -> NoteTemplate:
        """Return the follow-up note template."""
        return self.followup
