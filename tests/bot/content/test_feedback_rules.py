"""`feedback.yaml`: the answer-feedback rules are checked as strictly as every other pack."""

from __future__ import annotations

import pytest

from bot.content import default_library
from bot.content.schema import CATEGORY_IDS
from tests.bot.content.test_content_loader import (  # noqa: F401  (the packs fixture)
    assert_problem,
    edit,
    packs,
    problems_of,
)


def test_every_category_has_coaching_of_the_right_shape():
    """Each category has hints; ask-categories are asked, every other one has a length."""
    library = default_library()
    for category in CATEGORY_IDS:
        coaching = library.coaching(category)
        assert coaching is not None and coaching.hint and coaching.tips
        if category.startswith("ask-"):
            assert coaching.structure == "ask" and coaching.length is None
        else:
            assert coaching.length is not None and coaching.topic


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("  min_words: 10\n", "  min_words: yes\n", "must be a number"),
        ("  min_common_share: 0.18", "  min_common_share: 1.8", "between 0 and 1"),
        ("  window: 3\n", "  window: 2.5\n", "whole number"),
        ("    structure: plan", "    structure: story", "star or plan or view or ask"),
        ("    - phrase: team player", "    - phrase: Team Player", "lower-case words"),
        ("min_words: 110, max_words: 300", "min_words: 300, max_words: 110", "below max_words"),
    ],
)
def test_broken_rules_are_named_with_their_line(packs, old, new, fragment):  # noqa: F811
    """A wrong threshold, structure or word list is reported at its file and line."""
    path = packs / "feedback.yaml"
    line = edit(path, old, new)
    assert_problem(problems_of(packs), path, line, fragment)


def test_a_missing_category_is_reported(packs):  # noqa: F811
    """Dropping one category's coaching is a problem, not a silent default."""
    path = packs / "feedback.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: ask-peer")
    end = text.index("  - id: ask-cross-functional")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert any("missing category coaching 'ask-peer'" in p for p in problems_of(packs))


def test_ask_structure_on_an_answer_category_is_refused(packs):  # noqa: F811
    """An answered category cannot be marked as a question to ask."""
    path = packs / "feedback.yaml"
    line = edit(path, "    structure: view", "    structure: ask")
    assert_problem(problems_of(packs), path, line, "must have structure star, plan or view")
