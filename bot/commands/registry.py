"""Which handler answers which command type.

Handlers register themselves with `@handles(CommandType)`; `bot.handlers`
imports every handler module so the registry is complete once that package is imported.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.commands.context import HandlerContext
from bot.replies import Reply

CommandT = TypeVar("CommandT")
Handler = Callable[[Any, HandlerContext], Awaitable[Reply]]

_HANDLERS: dict[type, Handler] = {}


def handles(
    command_type: type[CommandT],
) -> Callable[
    [Callable[[CommandT, HandlerContext], Awaitable[Reply]]],
    Callable[[CommandT, HandlerContext], Awaitable[Reply]],
]:
    """Register the decorated coroutine as the handler for `command_type`."""

    def register(
        func: Callable[[CommandT, HandlerContext], Awaitable[Reply]],
    ) -> Callable[[CommandT, HandlerContext], Awaitable[Reply]]:
        if command_type in _HANDLERS:
            raise RuntimeError(f"two handlers for {command_type.__name__}")
        _HANDLERS[command_type] = func
        return func

    return register


def handler_for(command: object) -> Handler | None:
    """The handler registered for this command's type, if any."""
    return _HANDLERS.get(type(command))
