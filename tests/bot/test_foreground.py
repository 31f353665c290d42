"""Members first: the scheduler's turn waits for answers in flight, and never for long."""

from __future__ import annotations

import asyncio
import inspect

import pytest

from bot.foreground import ACTIVE_WINDOW, Foreground


async def test_turn_is_immediate_when_nobody_is_being_answered() -> None:
    foreground = Foreground(max_wait=10)
    await asyncio.wait_for(foreground.turn(), 0.5)
    assert not foreground.busy


async def test_turn_waits_until_every_answer_in_flight_is_done() -> None:
    foreground = Foreground(max_wait=10)
    order: list[str] = []

    async def scheduler() -> None:
        await foreground.turn()
        order.append("scheduler")

    with foreground.serving():
        with foreground.serving():  # two members at once
            waiting = asyncio.create_task(scheduler())
            await asyncio.sleep(0.02)
            order.append("first answered")
        await asyncio.sleep(0.02)
        order.append("second answered")
    await asyncio.wait_for(waiting, 1)
    assert order == ["first answered", "second answered", "scheduler"]
    assert not foreground.busy


async def test_turn_gives_up_waiting_after_max_wait() -> None:
    """A member cannot stall the scheduler: it goes on after `max_wait`."""
    foreground = Foreground(max_wait=0.05)
    with foreground.serving():
        await asyncio.wait_for(foreground.turn(), 1)
        assert foreground.busy


async def test_an_error_in_the_answer_still_ends_serving() -> None:
    foreground = Foreground(max_wait=10)
    with pytest.raises(RuntimeError), foreground.serving():
        raise RuntimeError("handler failed")
    assert not foreground.busy
    await asyncio.wait_for(foreground.turn(), 0.5)


def test_recently_active_lasts_a_short_window_after_the_last_answer() -> None:
    now = [100.0]
    foreground = Foreground(monotonic=lambda: now[0])
    assert not foreground.recently_active
    with foreground.serving():
        assert foreground.recently_active
        now[0] += 60  # a long answer is active throughout
        assert foreground.recently_active
    now[0] += ACTIVE_WINDOW / 2
    assert foreground.recently_active
    now[0] += ACTIVE_WINDOW
    assert not foreground.recently_active


async def test_serves_marks_a_listener_busy_and_keeps_its_signature() -> None:
    """slack_bolt reads a listener's argument names through `inspect.unwrap`."""
    foreground = Foreground()
    seen: list[bool] = []

    async def listener(ack: object, command: dict[str, str]) -> str:
        seen.append(foreground.busy)
        return command["text"]

    wrapped = foreground.serves(listener)
    assert inspect.getfullargspec(inspect.unwrap(wrapped)).args == ["ack", "command"]
    assert inspect.iscoroutinefunction(wrapped)
    assert await wrapped(ack=None, command={"text": "second-round"}) == "second-round"
    assert seen == [True]
    assert not foreground.busy


async def test_a_stuck_answer_holds_the_scheduler_back_only_at_first() -> None:
    """An answer waiting on a slow platform call stops holding the scheduler after max_wait."""
    now = [100.0]
    foreground = Foreground(max_wait=30, monotonic=lambda: now[0])
    with foreground.serving():
        now[0] += 31  # the answer has been in flight longer than max_wait
        await asyncio.wait_for(foreground.turn(), 0.5)
        with foreground.serving():  # a fresh answer still goes first
            waiting = asyncio.create_task(foreground.turn())
            await asyncio.sleep(0.05)
            assert not waiting.done()
        await asyncio.wait_for(waiting, 1)
        assert foreground.busy
