"""Weekly practice pairs: who practises with whom, as a pure function.

`make_groups` takes the opted-in members, last round's pairs, who has an interview
coming up, and a seed, and returns pairs (plus one trio when the count is odd). In order
of importance:

1. Nobody is paired with someone they were grouped with last round, when any grouping
   allows it (an exact search; a budget keeps huge communities fast, after which a
   greedy pass keeps repeats rare). When repeats cannot be avoided, a small round
   repeats as few pairs as possible.
2. Members with an interview coming up are paired first and never made the odd one
   out, so they get a partner to themselves; the odd one joins a pair without them when
   one exists.
3. In each group the member without an upcoming interview plays interviewer first, so
   whoever has an interview soon gets interviewed first.

The result depends only on the inputs (members are sorted before the seeded shuffle),
so a round can be re-planned and tests can predict it.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import combinations

Pair = frozenset[int]

# Search steps before falling back to the greedy pass (well under a second), and the
# largest round searched exactly (the search recurses once per pair).
SEARCH_BUDGET = 5_000
SEARCH_LIMIT = 400
# Up to this size, a round whose repeats are unavoidable tries every grouping (945 for
# ten members) to repeat as few pairs as possible.
EXHAUSTIVE_LIMIT = 10


def pairs_of(groups: Iterable[Sequence[int]]) -> set[Pair]:
    """Every pair of members who shared a group (a trio holds three pairs)."""
    found: set[Pair] = set()
    for group in groups:
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                found.add(frozenset((first, second)))
    return found


def repeats(groups: Iterable[Sequence[int]], previous: Collection[Pair]) -> int:
    """How many pairs in `groups` were already together in `previous`."""
    return len(pairs_of(groups) & set(previous))


class _Search:
    """Depth-first search for pairs (plus one trio) with no forbidden pair, on a budget.

    Each member tries a pair before a trio, so the trio forms as late as possible: from
    the end of the order, where the members without an upcoming interview are.
    """

    def __init__(self, forbidden: Collection[Pair]) -> None:
        self.forbidden = forbidden
        self.steps = 0

    def _ok(self, *group: int) -> bool:
        return not any(pair in self.forbidden for pair in pairs_of([group]))

    def groups(self, order: list[int], trio: bool) -> list[tuple[int, ...]] | None:
        if not order:
            return None if trio else []
        self.steps += 1
        if self.steps > SEARCH_BUDGET:
            return None
        first, rest = order[0], order[1:]
        for index, partner in enumerate(rest):
            if not self._ok(first, partner):
                continue
            after = rest[:index] + rest[index + 1 :]
            found = self.groups(after, trio)
            if found is not None:
                return [(first, partner), *found]
            if trio:
                for third_index, third in enumerate(after):
                    if not self._ok(first, partner, third):
                        continue
                    tail = self.groups(after[:third_index] + after[third_index + 1 :], False)
                    if tail is not None:
                        return [(first, partner, third), *tail]
        return None


def _greedy(order: list[int], forbidden: Collection[Pair]) -> list[tuple[int, ...]]:
    """Pair in order, each with the first partner who is not a repeat, if any.

    An odd last member joins the group where they repeat least (the last one on ties).
    """
    left = list(order)
    groups: list[tuple[int, ...]] = []
    while len(left) >= 2:
        first = left.pop(0)
        fresh = [p for p in left if frozenset((first, p)) not in forbidden]
        partner = (fresh or left)[0]
        left.remove(partner)
        groups.append((first, partner))
    _repair(groups, forbidden)
    if left:
        odd = left[0]
        costs = [sum(frozenset((odd, m)) in forbidden for m in g) for g in groups]
        chosen = max(i for i, cost in enumerate(costs) if cost == min(costs))
        groups[chosen] = (*groups[chosen], odd)
    return groups


def _all_groupings(order: list[int]) -> Iterator[list[tuple[int, ...]]]:
    """Every split into pairs (plus one trio if odd), pairs tried before trios."""
    if not order:
        yield []
        return
    if len(order) == 3:
        yield [tuple(order)]
        return
    first, rest = order[0], order[1:]
    for index, partner in enumerate(rest):
        for tail in _all_groupings(rest[:index] + rest[index + 1 :]):
            yield [(first, partner), *tail]
    if len(order) % 2 == 1:
        for second, third in combinations(rest, 2):
            left = [m for m in rest if m not in (second, third)]
            for tail in _all_groupings(left):
                yield [(first, second, third), *tail]


def _fewest_repeats(order: list[int], forbidden: Collection[Pair]) -> list[tuple[int, ...]]:
    """The first grouping (in search order) with the fewest repeats: small rounds only."""
    return min(_all_groupings(order), key=lambda groups: repeats(groups, forbidden))


def _repair(groups: list[tuple[int, ...]], forbidden: Collection[Pair]) -> None:
    """Swap partners between a repeated pair and another pair where both become fresh."""
    for index, (a, b) in enumerate(groups):
        if frozenset((a, b)) not in forbidden:
            continue
        for other, (c, d) in enumerate(groups):
            if other == index:
                continue
            for x, y in (((a, c), (b, d)), ((a, d), (b, c))):
                if frozenset(x) not in forbidden and frozenset(y) not in forbidden:
                    groups[index], groups[other] = x, y
                    break
            else:
                continue
            break


def _order_roles(group: Sequence[int], priority: Collection[int]) -> tuple[int, ...]:
    """Interviewer first: members without an upcoming interview before those with one."""
    return tuple(sorted(group, key=lambda m: m in priority))


def make_groups(
    members: Iterable[int],
    previous: Collection[Pair] = (),
    priority: Collection[int] = (),
    seed: int = 0,
) -> list[tuple[int, ...]]:
    """Pairs (and one trio if the count is odd) for one round; [] for fewer than two."""
    everyone = sorted(set(members))
    if len(everyone) < 2:
        return []
    rng = random.Random(seed)
    urgent = [m for m in everyone if m in priority]
    others = [m for m in everyone if m not in priority]
    rng.shuffle(urgent)
    rng.shuffle(others)
    order = urgent + others
    found = None
    if len(order) <= SEARCH_LIMIT:
        found = _Search(previous).groups(order, trio=len(order) % 2 == 1)
    if found is None and len(order) <= EXHAUSTIVE_LIMIT:
        # Repeats are unavoidable: in a small round, as few as possible.
        found = _fewest_repeats(order, previous)
    if found is None:
        # A big round where the search ran out: keep repeats few, greedily.
        found = _greedy(order, previous)
    return [_order_roles(group, priority) for group in found]
