"""The list of delivery kinds is complete and follows its naming rule."""

from __future__ import annotations

import importlib
import pkgutil

import bot.kinds
from bot.kinds import KINDS
from bot.schedule import kind_names
from bot.schedule.kinds import DeliveryKind

NAMES = {
    value for key, value in vars(kind_names).items() if key.isupper() and isinstance(value, str)
}


def test_every_kind_name_has_its_kind_and_no_kind_lacks_a_name() -> None:
    """`KINDS` holds exactly the names of `kind_names`, each kind under its own name."""
    assert len(NAMES) >= 10
    assert set(KINDS) == NAMES
    assert all(kind.name == name for name, kind in KINDS.items())


def test_one_module_per_kind_named_after_it() -> None:
    """`bot/kinds/<name>.py` holds the kind called <name>, and only kinds live there."""
    modules = {m.name for m in pkgutil.iter_modules(bot.kinds.__path__)}
    assert modules == NAMES
    for name in modules:
        module = importlib.import_module(f"bot.kinds.{name}")
        defined = [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, DeliveryKind)
            and value is not DeliveryKind
            and value.__module__ == module.__name__
        ]
        assert [kind.name for kind in defined] == [name]
