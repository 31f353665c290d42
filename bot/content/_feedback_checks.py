"""Rules across `feedback.yaml` records: one entry per category, sane lengths."""

from __future__ import annotations

from collections.abc import Sequence

from bot.content import schema
from bot.content._checks import Doc, check_ids, records, text
from bot.content._yaml import LocatedDict, Problems


def check_feedback(docs: Sequence[Doc], out: Problems) -> None:
    """Every category has coaching of the right structure, and lengths that make sense."""
    check_ids(docs, "categories", "id", "category coaching", schema.CATEGORY_IDS, out)
    for doc, entry, line in records(docs, "categories"):
        ident, structure = text(entry, "id"), text(entry, "structure")
        if ident is None or structure is None:
            continue  # the schema already said so
        asked = ident in schema.ASK_CATEGORIES
        if asked != (structure == "ask"):
            want = "ask" if asked else "star, plan or view"
            out.add(doc.file, entry.line_of("structure"), f"{ident!r} must have structure {want}")
        if structure == "ask":
            for key in ("length", "keywords", "topic"):
                if key in entry:
                    out.add(
                        doc.file, entry.line_of(key), f"{key!r} means nothing for ask questions"
                    )
            continue
        for key in ("length", "topic"):
            if key not in entry:
                out.add(doc.file, line, f"category coaching {ident!r} needs {key!r}")
        length = entry.get("length")
        if isinstance(length, LocatedDict):
            low, high = length.get("min_words"), length.get("max_words")
            if isinstance(low, int) and isinstance(high, int) and low >= high:
                out.add(doc.file, entry.line_of("length"), "min_words must be below max_words")
