"""The pack loader: broken copies of the shipped packs give precise `file:line:` problems."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from bot.content import (
    ENV_VAR,
    ContentError,
    check_content,
    default_content_dir,
    default_library,
    load_library,
)
from bot.content._yaml import Problems, load_located

CONTENT_DIR = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """A private copy of the shipped packs that a test may break."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    return root


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in `path` with `new`; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_library(root)
    assert caught.value.problems == check_content(root)
    return caught.value.problems


def assert_problem(problems: list[str], path: Path, line: int, *fragments: str) -> None:
    prefix = f"{path}:{line}: "
    hits = [p for p in problems if p.startswith(prefix) and all(f in p for f in fragments)]
    assert hits, f"no {prefix}...{fragments} in:\n" + "\n".join(problems)


def test_intact_copy_loads_cleanly(packs):
    """An unmodified copy of the packs loads and check_content finds nothing."""
    assert check_content(packs) == []
    assert load_library(packs).source == packs


def test_unknown_key_names_file_line_and_suggestion(packs):
    """A misspelt key is reported at its line, with the nearest valid key suggested."""
    guide = packs / "guide.yaml"
    line = edit(guide, "    summary: Panels", "    sumary: Panels")
    problems = problems_of(packs)
    assert_problem(problems, guide, line, "unknown key 'sumary'", "did you mean 'summary'")
    assert not any("missing required key 'summary'" in p for p in problems)  # said once


def test_duplicate_question_id_points_at_the_first(packs):
    """A question id reused in another file names both places."""
    ask = packs / "questions" / "ask.yaml"
    first_line = edit(packs / "questions" / "answer-core.yaml", "beh-pushback-01", "dup-01")
    line = edit(ask, "ask-peer-week-01", "dup-01")
    problems = problems_of(packs)
    first = f"{packs / 'questions' / 'answer-core.yaml'}:{first_line}"
    assert_problem(problems, ask, line, "duplicate question id 'dup-01'", first)


def test_unknown_category_is_reported(packs):
    """A question in a category that does not exist is reported at its category line."""
    hard = packs / "questions" / "answer-hard.yaml"
    line = edit(hard, "category: conflict", "category: conflicts")
    assert_problem(problems_of(packs), hard, line, "unknown category 'conflicts'")


def test_unknown_placeholder_is_reported(packs):
    """A bad template field is reported at its own line inside the body, with the allowed list."""
    templates = packs / "templates.yaml"
    line = edit(templates, "Hi {interviewer_first},\n\n      Thank you for walking", "Hi {first},")
    problems = problems_of(packs)
    assert_problem(problems, templates, line, "unknown placeholder {first}", "job_title")


def test_broken_brace_and_missing_required_placeholder(packs):
    """An unbalanced brace is refused, and a thank-you without {specific} is too."""
    templates = packs / "templates.yaml"
    line = edit(templates, "especially {specific}.", "especially {specific.")
    problems = problems_of(packs)
    assert any(p.startswith(f"{templates}:") and "broken placeholder" in p for p in problems)
    assert any("must use the placeholder {specific}" in p for p in problems), line


def test_missing_topic_is_reported(packs):
    """Renaming a topic reports the unknown id and the missing one."""
    guide = packs / "guide.yaml"
    line = edit(guide, "id: signs", "id: omens")
    problems = problems_of(packs)
    assert_problem(problems, guide, line, "unknown guide topic id 'omens'")
    assert_problem(problems, guide, 4, "missing guide topic 'signs'")


def test_yaml_syntax_error_gives_its_line(packs):
    """A YAML syntax error is reported at the line the parser stopped on."""
    roles = packs / "roles.yaml"
    line = edit(roles, "    label: Future peer\n", "\tlabel: Future peer\n")
    assert_problem(problems_of(packs), roles, line, "YAML syntax error", "'\\t'")


def test_wrong_type_and_too_long_text(packs):
    """A list where text belongs, and an over-long bullet, are both reported."""
    guide = packs / "guide.yaml"
    title_line = edit(guide, "title: Mistakes to avoid", "title: [Mistakes]")
    item_line = edit(guide, '- "The interview ran longer', f'- "{"x" * 400} The interview ran')
    problems = problems_of(packs)
    assert_problem(problems, guide, title_line, "'title' must be text, not a list")
    assert_problem(problems, guide, item_line, "characters; the limit is 300")


def test_duplicate_yaml_key_is_not_silently_dropped(packs):
    """A key written twice in one mapping is an error, not a silent overwrite."""
    coaching = packs / "coaching.yaml"
    line = edit(coaching, "  intro: ", "  title: Again\n  intro: ")
    assert_problem(problems_of(packs), coaching, line, "duplicate key 'title'")


def test_markup_other_than_bold_and_italic_is_refused(packs):
    """Markdown that Slack and Discord render differently is refused."""
    guide = packs / "guide.yaml"
    line = edit(guide, '"*Overconfidence.*', '"**Overconfidence.**')
    assert_problem(problems_of(packs), guide, line, "markup other than")


def test_every_problem_is_reported_in_one_run(packs):
    """Several independent mistakes in several files all appear in one ContentError."""
    edit(packs / "guide.yaml", "title: Thank-you notes", "titel: Thank-you notes")
    edit(packs / "categories.yaml", "label: Conflict", "label: 42")
    edit(packs / "roles.yaml", "  - group: peer", "  - group: pears")
    (packs / "notes.yaml").write_text("hello: world\n", encoding="utf-8")
    (packs / "coaching.yaml").unlink()
    problems = problems_of(packs)
    expected = ["unknown key 'titel'", "must be text", "'pears'", "not a known pack", "not found"]
    for fragment in expected:
        assert any(fragment in p for p in problems), fragment
    assert all(p.split(":")[1].isdigit() for p in problems)


def test_questions_below_the_minimum_are_reported(packs):
    """A category left with too few questions is reported at the category's line."""
    ask = packs / "questions" / "ask.yaml"
    for _ in range(2):  # move two of the seven to another category
        edit(ask, "category: ask-cross-functional\n", "category: ask-peer\n")
    categories = packs / "categories.yaml"
    line = next(
        n
        for n, row in enumerate(categories.read_text().splitlines(), 1)
        if "id: ask-cross-functional" in row
    )
    assert_problem(problems_of(packs), categories, line, "'ask-cross-functional' has 5")


def test_missing_folder_is_a_content_error(tmp_path):
    """A content folder that does not exist is one clear problem, not a traceback."""
    problems = check_content(tmp_path / "nowhere")
    assert problems == [f"{tmp_path / 'nowhere'}:1: content folder not found"]


def test_located_loader_matches_safe_load(packs):
    """The line-tracking loader builds the same values as yaml.safe_load."""
    for path in sorted(packs.rglob("*.yaml")):
        problems = Problems()
        located = load_located(path, str(path), problems)
        assert problems.items == []
        assert located == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_env_var_selects_the_content_dir(packs, monkeypatch):
    """PREPBOT_CONTENT_DIR wins over the checkout's content folder."""
    monkeypatch.setenv(ENV_VAR, str(packs))
    assert default_content_dir() == packs
    monkeypatch.delenv(ENV_VAR)
    assert default_content_dir() == CONTENT_DIR


def test_default_library_is_cached(monkeypatch):
    """default_library() loads once and returns the same object afterwards."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    default_library.cache_clear()
    try:
        assert default_library() is default_library()
        assert default_library().source == CONTENT_DIR
    finally:
        default_library.cache_clear()


def test_library_objects_are_immutable():
    """Loaded content cannot be changed by a caller by accident."""
    library = load_library(CONTENT_DIR)
    with pytest.raises(dataclasses.FrozenInstanceError):
        library.questions[0].text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        library.guide_topics["overview"] = library.guide_topics["signs"]  # type: ignore[index]
