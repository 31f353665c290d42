"""Which of a member's rows a company name means: the same name, else a unique start.

One rule for applications and interviews, so `outcome Acm offer`, `thanks Acm` and
`interviews cancel Acm` read a company the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.commands.text import collapse, normalise

Row = TypeVar("Row")


def company_key(text: str) -> str:
    """A company name as compared: one line, case-folded, without a leading `#`."""
    return collapse(normalise(text)).casefold().lstrip("#")


def by_company(rows: Sequence[Row], target: str, company: Callable[[Row], str]) -> list[Row]:
    """The rows whose company is `target` exactly, else those whose company starts so."""
    key = company_key(target)
    if not key:
        return []
    exact = [r for r in rows if company(r).casefold() == key]
    return exact or [r for r in rows if company(r).casefold().startswith(key)]
