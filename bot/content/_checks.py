"""Rules that span records or files: ids, cross-references, counts and total lengths.

These run after (and alongside) the per-file schema check, on whatever parsed, so one
run reports everything. They skip values of the wrong type: the schema already named
those, and a second message about the same mistake would only be noise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.content import schema
from bot.content._yaml import LocatedDict, LocatedList, Problems


@dataclass(frozen=True)
class Doc:
    """One parsed pack file: its name in messages and its top-level mapping."""

    file: str
    data: LocatedDict


def records(docs: Sequence[Doc], key: str) -> Iterator[tuple[Doc, LocatedDict, int]]:
    """Yield every mapping item of the list under `key`, with its doc and line."""
    for doc in docs:
        items = doc.data.get(key)
        if isinstance(items, LocatedList):
            for item, line in zip(items, items.item_lines, strict=True):
                if isinstance(item, LocatedDict):
                    yield doc, item, line


def text(record: LocatedDict, key: str) -> str | None:
    """Return a text field's stripped value, or None when absent or not text."""
    value = record.get(key)
    return value.strip() if isinstance(value, str) else None


def text_list(record: LocatedDict, key: str) -> list[str]:
    """Return the text items of a list field (other items are the schema's business)."""
    value = record.get(key)
    return [v.strip() for v in value if isinstance(v, str)] if isinstance(value, list) else []


def check_ids(
    docs: Sequence[Doc], key: str, id_key: str, what: str, expected: Sequence[str], out: Problems
) -> dict[str, tuple[str, int]]:
    """Check ids under `key` are unique and exactly `expected`; return id -> (file, line)."""
    seen: dict[str, tuple[str, int]] = {}
    for doc, record, _ in records(docs, key):
        ident = text(record, id_key)
        if ident is None:
            continue
        at = record.line_of(id_key)
        if ident in seen:
            first = "{}:{}".format(*seen[ident])
            out.add(doc.file, at, f"duplicate {what} id {ident!r} (first defined at {first})")
        elif ident not in expected:
            out.add(doc.file, at, f"unknown {what} id {ident!r} (expected: {', '.join(expected)})")
        else:
            seen[ident] = (doc.file, at)
    for doc in docs[:1]:  # a missing id belongs to the list that should hold it
        if not isinstance(doc.data.get(key), LocatedList):
            continue  # the schema already said the list itself is missing or wrong
        for ident in expected:
            if ident not in seen:
                out.add(doc.file, doc.data.line_of(key), f"missing {what} {ident!r}")
    return seen


def check_guide(docs: Sequence[Doc], out: Problems) -> None:
    """Check topics: the 13 ids, unique aliases, a total length one message can carry."""
    check_ids(docs, "topics", "id", "guide topic", schema.TOPIC_IDS, out)
    _check_aliases(docs, "topics", "topic", out)
    for doc, topic, line in records(docs, "topics"):
        size = sum(len(t) for t in _topic_texts(topic))
        if size > schema.TOPIC_TEXT_LIMIT:
            out.add(
                doc.file,
                line,
                f"topic {text(topic, 'id')!r} has {size} characters of text; "
                f"the limit is {schema.TOPIC_TEXT_LIMIT} (split it or trim it)",
            )


def _topic_texts(topic: LocatedDict) -> Iterator[str]:
    yield from (t for t in (text(topic, "title"), text(topic, "summary")) if t)
    sections = topic.get("sections")
    for section in sections if isinstance(sections, list) else []:
        if isinstance(section, LocatedDict):
            yield from (t for t in (text(section, "heading"), text(section, "text")) if t)
            yield from text_list(section, "items")


def _check_aliases(docs: Sequence[Doc], key: str, what: str, out: Problems) -> None:
    # An alias shared by two records, or equal to another id, would make lookups
    # depend on file order; refuse it.
    ids = {text(r, "id") for _, r, _ in records(docs, key)}
    owner: dict[str, str | None] = {}
    for doc, record, _ in records(docs, key):
        ident = text(record, "id")
        for alias in text_list(record, "aliases"):
            at = record.line_of("aliases")
            if alias in ids:
                out.add(doc.file, at, f"{what} alias {alias!r} is already a {what} id")
            elif alias in owner and owner[alias] != ident:
                out.add(doc.file, at, f"{what} alias {alias!r} is also used by {owner[alias]!r}")
            owner.setdefault(alias, ident)


def check_questions(categories: Sequence[Doc], questions: Sequence[Doc], out: Problems) -> None:
    """Check categories are the fixed set and questions unique, well-referenced, enough."""
    where = check_ids(categories, "categories", "id", "category", schema.CATEGORY_IDS, out)
    _check_aliases(categories, "categories", "category", out)
    counts: Counter[str] = Counter()
    seen: dict[str, str] = {}
    for doc, question, _ in records(questions, "questions"):
        ident, category = text(question, "id"), text(question, "category")
        if ident is not None:
            if ident in seen:
                out.add(
                    doc.file,
                    question.line_of("id"),
                    f"duplicate question id {ident!r} (first defined at {seen[ident]})",
                )
            else:
                seen[ident] = f"{doc.file}:{question.line_of('id')}"
        if category is not None:
            counts[category] += 1
            if category not in schema.CATEGORY_IDS:
                out.add(
                    doc.file,
                    question.line_of("category"),
                    f"unknown category {category!r} (known: {', '.join(schema.CATEGORY_IDS)})",
                )
        for theme in text_list(question, "themes"):
            if theme not in schema.STORY_THEME_IDS:
                out.add(
                    doc.file,
                    question.line_of("themes"),
                    f"unknown story theme {theme!r} (known: {', '.join(schema.STORY_THEME_IDS)})",
                )
    for category, (file, line) in where.items():
        need = (
            schema.MIN_PER_ASK_CATEGORY
            if category in schema.ASK_CATEGORIES
            else schema.MIN_PER_CATEGORY
        )
        if counts[category] < need:
            out.add(
                file, line, f"category {category!r} has {counts[category]} question(s); "
                f"at least {need} are needed"
            )  # fmt: skip
    total = sum(counts.values())
    if questions and total < schema.MIN_QUESTIONS:
        first = questions[0]
        out.add(
            first.file,
            first.data.line_of("questions"),
            f"the packs hold {total} questions; at least {schema.MIN_QUESTIONS} are needed",
        )


def check_templates(docs: Sequence[Doc], out: Problems) -> None:
    """Check there is one thank-you note per role group, each using the fields it must."""
    check_ids(docs, "thank_you", "role_group", "thank-you template", schema.ROLE_GROUP_IDS, out)
    for doc, note, line in records(docs, "thank_you"):
        _check_required(doc, note, line, schema.THANK_YOU_REQUIRED, out)
    for doc in docs:
        follow_up = doc.data.get("follow_up")
        if isinstance(follow_up, LocatedDict):
            _check_required(doc, follow_up, follow_up.line, schema.FOLLOW_UP_REQUIRED, out)


def _check_required(
    doc: Doc, note: LocatedDict, line: int, required: frozenset[str], out: Problems
) -> None:
    # Plain containment is enough: unknown or malformed fields are the schema's message.
    written = " ".join(t for t in (text(note, "subject"), text(note, "body")) if t)
    used = {name for name in required if "{" + name + "}" in written}
    for name in sorted(required - used):
        out.add(doc.file, line, f"note template must use the placeholder {{{name}}}")


def check_coaching(coaching: Sequence[Doc], roles: Sequence[Doc], out: Problems) -> None:
    """Check story themes and role groups are the fixed sets and rules name real groups."""
    check_ids(coaching, "story_themes", "id", "story theme", schema.STORY_THEME_IDS, out)
    check_ids(coaching, "format_prep", "format", "format prep", schema.FORMAT_IDS, out)
    check_ids(roles, "groups", "id", "role group", schema.ROLE_GROUP_IDS, out)
    first_seen: dict[str, str] = {}
    for doc, rule, _ in records(roles, "rules"):
        group = text(rule, "group")
        if group is not None and group not in schema.ROLE_GROUP_IDS:
            out.add(
                doc.file,
                rule.line_of("group"),
                f"unknown role group {group!r} (known: {', '.join(schema.ROLE_GROUP_IDS)})",
            )
        for keyword in text_list(rule, "keywords"):
            # A keyword listed twice can never match the second time: a silent dead rule.
            words = normalise_words(keyword)
            at = f"{doc.file}:{rule.line_of('keywords')}"
            if words in first_seen:
                out.add(
                    doc.file,
                    rule.line_of("keywords"),
                    f"keyword {keyword!r} is already listed (at {first_seen[words]})",
                )
            first_seen.setdefault(words, at)


def normalise_words(text: str) -> str:
    """Return lower-case words joined by single spaces (punctuation becomes a space)."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return " ".join(cleaned.split())


def check_community(docs: Sequence[Doc], out: Problems) -> None:
    """Check the mock-interview role lines name every member of a pair or a trio."""
    for doc in docs:
        script = doc.data.get("mock_interview")
        if not isinstance(script, LocatedDict):
            continue  # the schema already said so
        for key, fields in (("pair_roles", schema.PAIR_FIELDS), ("trio_roles", schema.TRIO_FIELDS)):
            line = text(script, key)
            if line is None:
                continue
            for name in sorted(fields):
                if "{" + name + "}" not in line:
                    out.add(doc.file, script.line_of(key), f"{key!r} must use {{{name}}}")


def check_applications(docs: Sequence[Doc], out: Problems) -> None:
    """Check there is one page per outcome that has one, and the feedback ask is addressed."""
    check_ids(docs, "outcomes", "outcome", "outcome page", schema.OUTCOME_PAGE_IDS, out)
    for doc in docs:
        note = doc.data.get("feedback_request")
        if isinstance(note, LocatedDict):
            _check_required(doc, note, note.line, schema.FOLLOW_UP_REQUIRED, out)
        quiet = doc.data.get("application_follow_up")
        if isinstance(quiet, LocatedDict):
            _check_required(doc, quiet, quiet.line, frozenset({"job_title"}), out)
