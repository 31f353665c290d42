"""The story-bank forms that carry text: `stories add <title> | <text>`, `edit`, `attach`.

A story's text may be typed, edited, or taken from an answer the member names by id;
nothing is ever taken silently from "the latest answer".
"""

from __future__ import annotations

import re

from bot.commands.ids import parse_short_id
from bot.commands.text import Reject, free_text, show, split_first
from bot.commands.types import STORY_FIELDS, AddStory, AttachAnswer, EditStory

MAX_TITLE = 120
MAX_STORY_TEXT = 3000  # the answer limit: an answer can always become a story's text
MAX_THEMES_TEXT = 200
_ID_HELP = "5 letters and digits, like k7qd2"
# The bar between title and text has a space on at least one side, so a title holding a
# bar of its own (a pasted `<url|label>`) stays one title.
_BAR = re.compile(r"\s\|\s?|\|\s|\|$")


def _title(value: str, form: str) -> str:
    return free_text(
        value,
        what="the story title",
        limit=MAX_TITLE,
        missing="Give the story a short title.",
        form=form,
    )


def _text(value: str, form: str) -> str:
    return free_text(
        value,
        what="the story text",
        limit=MAX_STORY_TEXT,
        multiline=True,
        missing="Write the story's text after the `|`.",
        form=form,
    )


def parse_add(args: str) -> AddStory:
    """`stories add <title>` or `stories add <title> | <text>`."""
    parts = _BAR.split(args, maxsplit=1)
    if len(parts) == 1:
        return AddStory(title=_title(args, "stories add"))
    title, text = parts
    return AddStory(title=_title(title, "stories add text"), text=_text(text, "stories add text"))


def _story_id(word: str, form: str) -> str:
    if not word:
        raise Reject(f"Add the story id ({_ID_HELP}).", form)
    found = parse_short_id(word)
    if found is None:
        raise Reject(f"`{show(word)}` isn't a story id ({_ID_HELP}).", form)
    return found


def parse_edit(args: str) -> EditStory:
    """`stories edit <id> title|text|themes <value>`."""
    word, rest = split_first(args)
    story_id = _story_id(word, "stories edit")
    field, value = split_first(rest)
    field = field.lower()
    if field not in STORY_FIELDS:
        what = f"`{show(field)}` isn't" if field else "Say"
        raise Reject(
            f"{what} what to change: title, text or themes.", "stories edit"
        )  # fmt: skip
    if field == "title":
        return EditStory(story_id, field, _title(value, "stories edit"))
    if field == "text":
        text = free_text(
            value,
            what="the story text",
            limit=MAX_STORY_TEXT,
            multiline=True,
            missing="Write the new text after `text`.",
            form="stories edit",
        )
        return EditStory(story_id, field, text)
    themes = free_text(
        value,
        what="the themes",
        limit=MAX_THEMES_TEXT,
        missing="Name the themes after `themes` (or `auto` to detect them again).",
        form="stories edit",
    )
    return EditStory(story_id, field, themes)


def parse_attach(args: str) -> AttachAnswer:
    """`stories attach`, `stories attach <answer-id> [<title>]`, `... to <story-id>`."""
    word, rest = split_first(args)
    if not word:
        return AttachAnswer()
    answer_id = parse_short_id(word)
    if answer_id is None:
        raise Reject(
            f"`{show(word)}` isn't an answer id ({_ID_HELP}). `/prep stories attach` lists "
            "your recent answers with their ids.",
            "stories attach",
        )
    target, after = split_first(rest)
    if target.lower() == "to":
        story, extra = split_first(after)
        if extra.strip():
            raise Reject("After `to` give just the story id.", "stories attach")
        return AttachAnswer(answer_id, story_id=_story_id(story, "stories attach"))
    title = _title(rest, "stories attach") if rest.strip() else None
    return AttachAnswer(answer_id, title=title)
