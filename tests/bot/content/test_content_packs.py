"""The shipped content packs: valid, complete, and covering the whole content brief."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.content import (
    ASK_CATEGORIES,
    CATEGORY_IDS,
    ROLE_GROUP_IDS,
    STORY_THEME_IDS,
    TOPIC_IDS,
    ContentLibrary,
    check_content,
    load_library,
)

CONTENT_DIR = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="module")
def library() -> ContentLibrary:
    return load_library(CONTENT_DIR)


def all_guide_text(library: ContentLibrary) -> str:
    parts: list[str] = []
    for topic in library.guide_topics.values():
        parts += [topic.title, topic.summary]
        for section in topic.sections:
            parts += [section.heading or "", section.text or "", *section.items]
    return "\n".join(parts).lower()


def test_every_shipped_pack_is_valid():
    """Every shipped pack passes every check; a failure lists all problems at once."""
    problems = check_content(CONTENT_DIR)
    assert not problems, "content problems:\n" + "\n".join(problems)


def test_packs_are_plain_safe_load_yaml():
    """Every pack file loads with plain yaml.safe_load into a mapping (no custom tags)."""
    files = sorted(CONTENT_DIR.rglob("*.yaml"))
    assert len(files) >= 6
    for path in files:
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path


def test_guide_has_the_thirteen_topics_in_design_order(library):
    """The guide has exactly the design's topics, in its order, overview first."""
    assert tuple(library.guide_topics) == TOPIC_IDS
    assert len(TOPIC_IDS) == 13
    assert library.default_topic.id == "overview"
    assert library.topic("day-of").title


def test_question_counts_meet_the_minimums(library):
    """At least 80 questions, >= 8 per answer category and >= 6 per ask-* category."""
    counts = Counter(q.category for q in library.questions)
    assert len(library.questions) >= 80
    assert set(counts) == set(CATEGORY_IDS)
    for category in CATEGORY_IDS:
        assert counts[category] >= (6 if category in ASK_CATEGORIES else 8), category
    assert set(library.categories) == set(CATEGORY_IDS)


def test_question_ids_are_stable_slugs_and_lookups_work(library):
    """Question ids are unique slugs, and question()/questions_in() find them."""
    ids = [q.id for q in library.questions]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    first = library.questions[0]
    assert library.question(first.id) is first
    assert all(q.category == "ask-peer" for q in library.questions_in("ask-peer"))
    with pytest.raises(KeyError):
        library.question("no-such-question")


def test_answer_questions_carry_known_story_themes(library):
    """Themes on questions are story-bank theme ids, and every theme is practised."""
    used = {theme for q in library.questions for theme in q.themes}
    assert used == set(STORY_THEME_IDS)
    assert tuple(library.story_themes) == STORY_THEME_IDS


def test_ask_questions_go_beyond_round_one(library):
    """Questions to ask interviewers avoid round-one basics like pay, perks or what they do."""
    banned = re.compile(r"salary|\bpay\b|benefit|vacation|holiday|what does the company do")
    for category in ASK_CATEGORIES:
        for question in library.questions_in(category):
            assert not banned.search(question.text.lower()), question.id
            assert question.text.endswith("?"), question.id


@pytest.mark.parametrize(
    ("fact", "needles"),
    [
        ("round two decides performance and fit", ["perform", "fit", "decides"]),
        ("length", ["one to two hours", "30-45 minutes", "full day"]),
        ("who you meet", ["hiring manager", "skip-level", "executive", "teammates", "other teams"]),
        ("formats", ["panel", "presentation", "simulation", "case study", "skills test", "tour"]),
        ("four things evaluated", ["do the job", "culture", "grow", "stressful or unclear"]),
        ("culture themes", ["conflict", "workload", "initiative", "motivates", "personalities"]),
        ("executives", ["big picture", "strategic value"]),
        ("peer red flags", ["turnover", "friction", "peers rarely"]),
        ("research", ["company news", "industry", "public profiles"]),
        ("round-one notes", ["round-one notes", "consistent", "when i spoke with"]),
        ("STAR stories", ["star", "five to eight", "situation", "task", "action", "result"]),
        ("story themes", ["under pressure", "leadership and collaboration", "failure"]),
        ("prepare deliverables", ["work sample", "skills test"]),
        ("questions to ask", ["90 days", "biggest challenges", "culture", "enjoy most"]),
        ("logistics", ["outfit", "route", "video", "calm and confident"]),
        ("on the day", ["enthusiasm", "mission", "background", "think aloud"]),
        ("mistakes", ["overconfidence", "salary", "body language", "distractions", "complain"]),
        ("thank-you", ["24 hours", "*each*", "something specific", "without overdoing"]),
        ("follow-up", ["timeline", "follow-up", "restate your interest"]),
        ("signs", ["longer than planned", "next steps", "more people", "selling", "availability"]),
    ],
)
def test_guide_covers_each_fact_of_the_brief(library, fact, needles):
    """Each fact area of content-brief.md is reachable from some guide topic."""
    text = all_guide_text(library)
    missing = [n for n in needles if n.lower() not in text]
    assert not missing, f"{fact}: guide never mentions {missing}"


def test_topics_fit_one_message_on_every_platform(library):
    """Each topic stays under 2500 characters and each bullet under 300."""
    for topic in library.guide_topics.values():
        bullets = [item for section in topic.sections for item in section.items]
        assert all(len(item) <= 300 for item in bullets), topic.id
        assert len(topic.title) <= 100 and len(topic.summary) <= 100


@pytest.mark.parametrize(
    ("typed", "category"),
    [
        ("behavioral", "behavioural"),
        ("Behavioural", "behavioural"),
        ("culture", "culture-fit"),
        ("Culture Fit", "culture-fit"),
        ("skills", "role-skills"),
        ("executive", "ask-executive"),
        ("hm", "ask-hiring-manager"),
        ("hiring-manager", "ask-hiring-manager"),
        ("hiring manager", "ask-hiring-manager"),
        ("peer", "ask-peer"),
        ("cross functional", "ask-cross-functional"),
        ("stress", "pressure"),
        ("  FAILURE ", "failure"),
        ("ask_peer", "ask-peer"),
    ],
)
def test_category_aliases_resolve(library, typed, category):
    """What members type (aliases, any case, spaces or underscores) resolves to an id."""
    assert library.resolve_category(typed) == category


def test_unknown_category_text_resolves_to_none(library):
    """Text that names no category resolves to None rather than a guess."""
    assert library.resolve_category("astrology") is None
    assert library.resolve_category("") is None


def test_topic_aliases_resolve(library):
    """Topic ids and aliases resolve case-insensitively; unknown text gives None."""
    assert library.resolve_topic("Thanks") == "thank-you"
    assert library.resolve_topic("followup") == "follow-up"
    assert library.resolve_topic("day of") == "day-of"
    assert library.resolve_topic("nonsense") is None


@pytest.mark.parametrize(
    ("role", "group"),
    [
        ("VP Engineering", "executive"),
        ("Director of Product", "executive"),
        ("Head of Sales", "executive"),
        ("CTO", "executive"),
        ("skip-level", "executive"),
        ("Chief Operating Officer", "executive"),
        ("hiring manager", "hiring-manager"),
        ("Engineering Manager", "hiring-manager"),
        ("manager", "hiring-manager"),
        ("peer", "peer"),
        ("Senior Software Engineer", "peer"),
        ("product designer", "peer"),
        ("teammate", "peer"),
        ("Product Manager", "cross-functional"),
        ("sales", "cross-functional"),
        ("partner", "cross-functional"),
        ("cross-functional", "cross-functional"),
        ("HR business partner", "generic"),
        ("recruiter", "recruiter"),
        ("Talent partner", "recruiter"),
        ("", "generic"),
        ("someone nice", "generic"),
    ],
)
def test_role_group_maps_free_text_roles(library, role, group):
    """Free-text interviewer roles map to the right group; rule order decides overlaps."""
    assert library.role_group(role) == group


def test_every_role_group_has_a_thank_you_variant(library):
    """Each role group has its own thank-you note, and notes differ between groups."""
    bodies = {g: library.thank_you_template(g).body for g in ROLE_GROUP_IDS}
    assert len(set(bodies.values())) == len(ROLE_GROUP_IDS)
    assert set(library.role_groups) == set(ROLE_GROUP_IDS)


def test_thank_you_renders_with_slots_for_unknown_fields(library):
    """Rendering fills known fields and shows a visible slot for unknown ones."""
    note = library.thank_you_template("hiring-manager").render(
        interviewer_first="Dana", company="Acme", member_name="Alex", specific=None
    )
    assert note.body.startswith("Hi Dana,")
    assert "[something specific you discussed]" in note.body
    assert "Alex" in note.body
    assert "{" not in note.body + note.subject


def test_member_text_with_braces_is_inserted_verbatim(library):
    """Member-written values containing braces are not re-read as placeholders."""
    note = library.thank_you_template("peer").render(specific="the {company} roadmap")
    assert "the {company} roadmap" in note.body


def test_render_rejects_unknown_field_names(library):
    """A misspelt field name is a caller bug and raises TypeError instead of a silent slot."""
    with pytest.raises(TypeError, match="interviewer"):
        library.thank_you_template("generic").render(interviewer="Dana")


def test_followup_template_renders(library):
    """The follow-up note takes contact, job title, company and interview date."""
    template = library.followup_template()
    note = template.render(
        contact="Sam", job_title="Data Analyst", company="Acme", interview_date="9 March"
    )
    assert note.body.startswith("Hi Sam,")
    assert "Data Analyst" in note.subject
    assert "9 March" in note.body and "[your name]" in note.body


def test_eve_checklist_covers_research_stories_and_logistics(library):
    """The interview-eve checklist has research, story and logistics sections."""
    headings = " ".join(s.heading or "" for s in library.eve_checklist.sections).lower()
    for word in ("research", "stories", "logistics"):
        assert word in headings
    assert all(s.items for s in library.eve_checklist.sections)


def test_pyproject_ships_every_pack_file():
    """The wheel's data-files globs cover every YAML file under content/ (pip install .)."""
    pyproject = tomllib.loads((CONTENT_DIR.parent / "pyproject.toml").read_text("utf-8"))
    data_files = pyproject["tool"]["setuptools"]["data-files"]
    shipped = {
        path.resolve()
        for target, globs in data_files.items()
        if target.startswith("share/prepbot/content")
        for pattern in globs
        for path in CONTENT_DIR.parent.glob(pattern)
    }
    assert set(CONTENT_DIR.rglob("*.yaml")) <= shipped
