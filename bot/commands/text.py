"""Text helpers for the grammar: cleaning input, splitting words, checking free text."""

from __future__ import annotations

import re
import unicodedata

MAX_INPUT = 4000
SHOW_LIMIT = 40

_WS = re.compile(r"\s+")
# Zero-width (non-)joiners stay: Persian, Indic scripts and emoji sequences need them.
_KEEP_FORMAT = {"\u200c", "\u200d"}
_LINE_BREAKS = {"\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}


class Reject(Exception):
    """Raised inside the grammar when a line does not parse; `parse` turns it into a value.

    `form` names the usage line to show (see `_forms.FORMS`); None means the form of the
    command word being parsed. `extra` ends up in `ParseError.extra`.
    """

    def __init__(self, message: str, form: str | None = None, **extra: str) -> None:
        super().__init__(message)
        self.message = message
        self.form = form
        self.extra = extra


def normalise(text: str) -> str:
    """NFKC-normalise and drop control characters; line breaks become newlines, tabs stay.

    NFKC folds look-alikes members paste from phones and word processors (full-width
    digits, non-breaking spaces, ligatures) into what the grammar expects. Control and
    invisible format characters go, since they spoof or break rendering (bidi overrides).
    """
    # Lone surrogates (possible in a Python str, never in real text) go before NFKC.
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n"))
    out: list[str] = []
    for ch in text:
        if ch in "\n\t ":
            out.append(ch)
        elif ch in _LINE_BREAKS:
            out.append("\n")
        elif ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf") and ch not in _KEEP_FORMAT:
            continue
        else:
            out.append(ch)
    return "".join(out)


def split_first(text: str) -> tuple[str, str]:
    """Split off the first word; the rest keeps its inner spacing and line breaks."""
    parts = _WS.split(text.strip(), maxsplit=1)
    return parts[0], (parts[1] if len(parts) > 1 else "")


def collapse(text: str) -> str:
    """Trim and squeeze whitespace runs (including line breaks) to one space."""
    return " ".join(text.split())


def show(text: str, limit: int = SHOW_LIMIT) -> str:
    """Make a member's text safe to quote in a reply: one line, short, no backticks."""
    flat = collapse(text).replace("`", "'")
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def free_text(
    value: str,
    *,
    what: str,
    limit: int,
    multiline: bool = False,
    missing: str | None = None,
    form: str | None = None,
) -> str:
    """Keep a member's free text literally but trimmed; reject empty or over-long text.

    Single-line fields (names, titles, companies) have whitespace runs squeezed so they
    render and match predictably; multi-line ones (answers, notes) keep their line breaks.
    `what` names the field in messages ("the company name"); `missing` replaces the
    default "Add {what}." when the field is empty; `form` is the usage to show.
    """
    cleaned = value.strip() if multiline else collapse(value)
    if not cleaned:
        raise Reject(missing or f"Add {what}.", form)
    if len(cleaned) > limit:
        raise Reject(
            f"{what[:1].upper()}{what[1:]} is too long: {len(cleaned)} characters, "
            f"the limit is {limit}.",
            form,
        )
    return cleaned


def nothing_after(rest: str, form: str) -> None:
    """Reject words after a form that takes none (`daily off please`)."""
    if rest.strip():
        raise Reject(f"`{form}` takes nothing after it.", form)
