"""Which second-round themes a STAR story covers, from the words in its title and text.

Each theme in `coaching.yaml` lists word stems; a story "covers" a theme when one of
its words matches one of them (see `_phrases`). Crude on purpose: it runs with no
external service, and its only job is to point out gaps ("no failure story yet"), which
a member can judge at a glance and correct by hand (`stories edit <id> themes ...`).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.content import StoryTheme
from bot.services._phrases import any_hit, compile_list, words_of


def classify(text: str, themes: Mapping[str, StoryTheme]) -> list[str]:
    """The theme ids whose stems appear in `text`, in the order of `themes`."""
    words = words_of(text)
    return [ident for ident, theme in themes.items() if any_hit(words, compile_list(theme.stems))]
