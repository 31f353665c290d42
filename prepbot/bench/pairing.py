"""`prepbot bench pairing`: how long forming one week's groups takes for a community.

The pairing rules (no pair from last round when avoidable, interviewing members first,
a trio for the odd one out) run in memory on member ids; this times them at a size, the
way the test suite's pairing tests check only what the groups are.
"""

from __future__ import annotations

import json
import time
from typing import Any

from bot.services.pairing import make_groups, pairs_of
from prepbot.bench.machine import machine


def measure(members: int, rounds: int = 5) -> dict[str, Any]:
    """Seconds per `make_groups` call for `members`, best and median of `rounds`."""
    everyone = range(members)
    previous = pairs_of(make_groups(everyone, seed=1))
    interviewing = set(range(0, members, 7))
    timings = []
    for round_number in range(rounds):
        started = time.perf_counter()
        make_groups(everyone, previous, interviewing, seed=2 + round_number)
        timings.append(time.perf_counter() - started)
    timings.sort()
    return {
        "bench": "pairing",
        "members": members,
        "machine": machine(),
        "best_seconds": round(timings[0], 4),
        "median_seconds": round(timings[len(timings) // 2], 4),
    }


def main(args: Any) -> int:
    """`prepbot bench pairing [--members N] [--json]`."""
    result = measure(args.members)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['members']} members: median {result['median_seconds']} s")
    return 0
