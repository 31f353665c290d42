"""The `/prep stories` options turned back into the `/prep stories ...` line they mean."""

from __future__ import annotations

from adapters.discord._choices import short_id, words

ACTIONS = ("list", "add", "edit", "attach", "show", "delete")
FIELDS = ("title", "text", "themes")


def story_line(
    action: str,
    *,
    title: str | None = None,
    id: str | None = None,
    text: str | None = None,
    field: str | None = None,
    answer: str | None = None,
) -> str:
    """The line the grammar reads; options that make no sense for the action are dropped."""
    if action == "list":
        return "stories"
    if action == "add":
        return words("stories", "add", title, f"| {text}" if text and text.strip() else None)
    if action == "edit":
        return words("stories", "edit", short_id(id), field, text)
    if action == "attach":
        if id:
            return words("stories", "attach", short_id(answer), "to", short_id(id))
        return words("stories", "attach", short_id(answer), title)
    return words("stories", action, short_id(id))
