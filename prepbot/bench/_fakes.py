"""The fake Slack and Discord APIs, loaded from the source checkout's `tests/`.

The fakes are test code and are not installed with the package. Rather than ship a
second copy that would drift from the one the test suite checks, the benchmarks load the
checkout's files by path (an editable install or `python -m` from the checkout), and
stop with a clear message when there is no checkout, e.g. in a wheel install.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import adapters

CHECKOUT = Path(adapters.__file__).resolve().parent.parent
FILES = {
    "slack_api": CHECKOUT / "tests" / "fakes" / "slack_api.py",
    "discord_api": CHECKOUT / "tests" / "fakes" / "discord_api.py",
    "discord_payloads": CHECKOUT / "tests" / "adapters" / "discord" / "payloads.py",
}


class NoCheckout(RuntimeError):
    """The fakes are not there: prepbot is installed without its source tree."""


def load(name: str) -> ModuleType:
    """The fake module `name` (`slack_api`, `discord_api`, `discord_payloads`)."""
    module_name = f"prepbot_bench_fakes.{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    path = FILES[name]
    if not path.is_file():
        raise NoCheckout(
            f"{path} not found: `prepbot bench pacing` and `bench latency` use the fake "
            "Slack and Discord APIs in tests/fakes/, so run them from a source checkout "
            "(git clone, then pip install -e '.[dev]')."
        )
    if name == "discord_payloads":
        # It imports the Discord fake as `tests.fakes.discord_api`: give it this one.
        sys.modules.setdefault("tests.fakes.discord_api", load("discord_api"))
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before running it: dataclasses look their module up while defining.
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
