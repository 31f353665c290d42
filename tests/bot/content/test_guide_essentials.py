"""Issue 17: `/prep second-round` alone carries the essentials, and the brief's last facts."""

from __future__ import annotations

import pytest

from bot.content import default_library
from bot.handlers.guide import second_round  # noqa: F401  (registers the guide handler)
from tests.bot.content.test_content_packs import all_guide_text


def _topic_text(topic_id: str) -> str:
    topic = default_library().topic(topic_id)
    parts = [topic.title, topic.summary]
    for section in topic.sections:
        parts += [section.heading or "", section.text or "", *section.items]
    return " ".join(parts).lower()


@pytest.mark.parametrize(
    ("essential", "needles"),
    [
        ("formats", ["panel", "presentation", "simulation"]),
        ("what they judge", ["do the job", "fit", "grow", "stress"]),
        ("who you meet", ["hiring manager", "peers", "executives"]),
        ("decision makers versus peers", ["decision makers", "big picture", "judge the team"]),
        ("5-8 stories", ["5-8 star stories"]),
        ("questions for each interviewer", ["questions for each interviewer"]),
        ("thank-you to each within 24 h", ["thank-you to each", "24 hours"]),
        ("follow up after their timeline", ["follow up", "date they gave"]),
    ],
)
def test_overview_alone_gives_the_essentials(essential, needles):
    """Someone who reads only the bare `second-round` reply learns each essential."""
    text = _topic_text("overview")
    missing = [n for n in needles if n not in text]
    assert not missing, f"{essential}: overview never says {missing}"


@pytest.mark.parametrize(
    ("fact", "needles"),
    [
        ("emotional intelligence and likability", ["emotional intelligence", "likab"]),
        ("strategic questions", ["vision and curiosity"]),
        ("stories on critical thinking and likability", ["critical thinking", "likability"]),
        ("fit with manager, team and organisation", ["the manager, the team and the organisation"]),
        ("refresh even after a good round one", ["even if round one went well"]),
        ("restate qualifications in a follow-up", ["qualifications"]),
        ("humble and eager", ["humble and eager"]),
        ("round one as an HR or recruiter screen", ["hr or a recruiter"]),
        ("30 minutes to a full day", ["30 minutes to a full day"]),
    ],
)
def test_the_brief_facts_issue_17_found_missing_are_reachable(fact, needles):
    """Each fact the issue listed as unreachable is now in some guide topic."""
    text = all_guide_text(default_library())
    missing = [n for n in needles if n not in text]
    assert not missing, f"{fact}: guide never mentions {missing}"


def test_overview_keeps_the_topic_buttons():
    """The overview still offers every other topic as a button for depth."""
    library = default_library()
    assert len(library.guide_topics) == 13 and library.default_topic.id == "overview"
