"""Find the content folder, check every pack, and build the `ContentLibrary`."""

from __future__ import annotations

import fnmatch
import functools
import os
import sysconfig
from importlib import metadata
from pathlib import Path

from bot.content import _checks, schema
from bot.content._build import build_library
from bot.content._checks import Doc
from bot.content._feedback_checks import check_feedback
from bot.content._models import ContentLibrary
from bot.content._spec import validate
from bot.content._yaml import LocatedDict, Problems, load_located

ENV_VAR = "PREPBOT_CONTENT_DIR"
#: Where `pip install .` puts the packs (see [tool.setuptools] data-files in pyproject).
INSTALLED_SUBDIR = "share/prepbot/content"
_DISTRIBUTION = "prepbot"


class ContentError(Exception):
    """The packs are broken; `problems` lists every `file:line: what is wrong`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} content problem(s):\n" + "\n".join(problems))


def default_content_dir() -> Path:
    """Return $PREPBOT_CONTENT_DIR, else the checkout's `content/`, else the installed one."""
    if env := os.environ.get(ENV_VAR):
        return Path(env)
    # parents[2] is the repo root in a checkout (bot/content/loader.py); in site-packages
    # it is site-packages itself, so require a pack file before trusting it.
    checkout = Path(__file__).resolve().parents[2] / "content"
    if (checkout / "guide.yaml").is_file():
        return checkout
    return _installed_content_dir() or checkout


def _installed_content_dir() -> Path | None:
    # The wheel's RECORD knows where pip put the data files for any install scheme
    # (venv, --user, --prefix), so ask it before guessing from sysconfig.
    try:
        files = metadata.distribution(_DISTRIBUTION).files or []
    except metadata.PackageNotFoundError:
        files = []
    for record in files:
        if record.as_posix().endswith(f"{INSTALLED_SUBDIR}/guide.yaml"):
            return Path(str(record.locate())).resolve().parent
    guess = Path(sysconfig.get_path("data")) / INSTALLED_SUBDIR
    return guess if guess.is_dir() else None


def check_content(path: Path | None = None) -> list[str]:
    """Return every problem in the packs under `path` (default folder if None); [] if none.

    Each problem reads `file:line: what is wrong`, sorted by file and line.
    """
    try:
        load_library(path)
    except ContentError as exc:
        return exc.problems
    return []


def load_library(path: Path | None = None) -> ContentLibrary:
    """Load and validate the packs under `path` (default: `default_content_dir()`).

    Raises ContentError listing every problem found, not just the first.
    """
    root = default_content_dir() if path is None else path
    out = Problems()
    docs = _read_all(root, out)
    _checks.check_guide(docs["guide.yaml"], out)
    _checks.check_questions(docs["categories.yaml"], docs["questions/*.yaml"], out)
    _checks.check_templates(docs["templates.yaml"], out)
    _checks.check_coaching(docs["coaching.yaml"], docs["roles.yaml"], out)
    _checks.check_community(docs["community.yaml"], out)
    check_feedback(docs["feedback.yaml"], out)
    _checks.check_applications(docs["applications.yaml"], out)
    if out.items:
        raise ContentError(out.items)
    return build_library(root, {kind: [d.data for d in found] for kind, found in docs.items()})


@functools.cache
def default_library() -> ContentLibrary:
    """Return the packs from the default folder, loaded once per process."""
    return load_library()


def _read_all(root: Path, out: Problems) -> dict[str, list[Doc]]:
    docs: dict[str, list[Doc]] = {pattern: [] for pattern in schema.FILES}
    if not root.is_dir():
        out.add(str(root), 1, "content folder not found")
        return docs
    found = sorted(p for p in root.rglob("*") if p.suffix in {".yaml", ".yml"})
    for pattern in schema.FILES:
        if "*" not in pattern and not (root / pattern).is_file():
            out.add(str(root / pattern), 1, "pack file not found")
    for path in found:
        name = path.relative_to(root).as_posix()
        kind = next((p for p in schema.FILES if fnmatch.fnmatchcase(name, p)), None)
        if kind is None:
            known = ", ".join(schema.FILES)
            out.add(str(path), 1, f"not a known pack file (expected: {known})")
            continue
        before = len(out.found)
        data = load_located(path, str(path), out)
        if data is None and len(out.found) == before:
            out.add(str(path), 1, "the file has no content")
        if data is not None:
            validate(data, schema.FILES[kind], str(path), 1, "the file", out)
            if isinstance(data, LocatedDict):
                docs[kind].append(Doc(str(path), data))
    if not docs["questions/*.yaml"]:
        out.add(str(root / "questions"), 1, "no question files (questions/*.yaml)")
    return docs
