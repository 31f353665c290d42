"""The company and job title of `apply` and `interview`, read one way for both.

Keywords count only outside brackets and at their last occurrence: company names and
titles may contain them ("Fun With Flags", "Bet As One") while what follows never does.
"""

from __future__ import annotations

import re

from bot.commands.text import Reject, free_text, show

MAX_COMPANY = 80  # the applications.company and interviews.company columns
MAX_TITLE = MAX_COMPANY

AS = re.compile(r"(?:^|\s)as(?:\s|$)", re.IGNORECASE)


def mask_brackets(text: str) -> str:
    """`text` with everything inside parentheses blanked out, same length."""
    depth = 0
    out: list[str] = []
    for ch in text:
        if ch == "(":
            depth += 1
        out.append("_" if depth > 0 and ch != "(" and ch != ")" else ch)
        if ch == ")":
            depth = max(depth - 1, 0)
    return "".join(out)


def split_last(text: str, keyword: re.Pattern[str]) -> tuple[str, str | None]:
    """Split at the last keyword outside brackets: (before, after), after None if absent."""
    matches = list(keyword.finditer(mask_brackets(text)))
    if not matches:
        return text, None
    last = matches[-1]
    return text[: last.start()], text[last.end() :]


def company_and_title(head: str, *, missing: str) -> tuple[str, str | None]:
    """Read `<company> [as <title>]`: the company checked, the title if given."""
    company_text, title_text = split_last(head, AS)
    company = free_text(company_text, what="the company name", limit=MAX_COMPANY, missing=missing)
    if not any(ch.isalnum() for ch in company):
        raise Reject(f"`{show(company)}` doesn't look like a company name.")
    title = None
    if title_text is not None:
        title = free_text(title_text, what="the job title after `as`", limit=MAX_TITLE)
    return company, title
