"""Block Kit -> plain text, the way a member reads it (for assertions)."""

from __future__ import annotations

import re
from typing import Any

_PAIRED = re.compile(r"([*_`~])(\S(?:[^\n]*?\S)?)\1")


def unescape(text: str) -> str:
    """Slack's three entities back to characters."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def text_of(obj: dict[str, Any] | None) -> str:
    """A text object as shown: mrkdwn markers dropped and entities decoded."""
    if not obj:
        return ""
    if obj.get("type") == "mrkdwn":
        return unescape(_PAIRED.sub(r"\2", obj["text"]))
    return obj.get("text", "")


def _rich(elements: list[dict[str, Any]], depth: int = 0) -> list[str]:
    lines: list[str] = []
    for element in elements:
        kind = element["type"]
        if kind == "rich_text_list":
            offset = element.get("offset") or 0
            for i, item in enumerate(element["elements"], 1):
                mark = f"{offset + i}." if element.get("style") == "ordered" else "-"
                lines.append(f"{'  ' * depth}{mark} " + "".join(_rich([item], depth + 1)))
        else:
            parts = []
            for part in element.get("elements", []):
                if part["type"] == "text":
                    parts.append(part["text"])
                elif part["type"] == "emoji":
                    parts.append(f":{part['name']}:")
            lines.append("".join(parts))
    return lines


def block_text(block: dict[str, Any]) -> str:
    """One block as the lines a member sees."""
    kind = block["type"]
    if kind in ("header",):
        return text_of(block["text"])
    if kind == "section":
        parts = [text_of(block.get("text"))] + [text_of(f) for f in block.get("fields", [])]
        return "\n".join(p for p in parts if p)
    if kind == "context":
        return " ".join(text_of(e) for e in block["elements"])
    if kind == "rich_text":
        return "\n".join(_rich(block["elements"]))
    if kind == "actions":
        return " ".join(f"[{text_of(b['text'])}]" for b in block["elements"])
    if kind == "divider":
        return "---"
    return ""


def plain(blocks: list[dict[str, Any]]) -> str:
    """Blocks as plain text, one block per line."""
    return "\n".join(block_text(b) for b in blocks)


def is_error(blocks: list[dict[str, Any]]) -> bool:
    """Whether the message opens with the warning sign the renderer puts on errors."""
    for block in blocks:
        if block["type"] == "rich_text":
            return plain([block]).startswith(":warning:")
        if block["type"] not in ("header", "context"):
            return False
    return False


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every button element, in order."""
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def button(blocks: list[dict[str, Any]], label: str) -> dict[str, Any]:
    """The button labelled `label`."""
    found = [b for b in buttons(blocks) if b["text"]["text"] == label]
    assert found, f"no button {label!r} in {[b['text']['text'] for b in buttons(blocks)]}"
    return found[0]
