"""The pairing algorithm: everyone placed once, no repeats when avoidable, priority first."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.pairing import Pair, make_groups, pairs_of, repeats

members_st = st.sets(st.integers(min_value=1, max_value=60), min_size=2, max_size=9)


@st.composite
def rounds(draw: st.DrawFn) -> tuple[list[int], set[Pair], set[int], int]:
    """Members, last round's pairs (a real earlier round of some of them), priority, seed."""
    members = sorted(draw(members_st))
    earlier = draw(st.lists(st.sampled_from(members), unique=True, max_size=len(members)))
    previous = pairs_of(make_groups(earlier, seed=draw(st.integers(0, 99))))
    priority = set(draw(st.lists(st.sampled_from(members), unique=True)))
    return members, previous, priority, draw(st.integers(0, 2**32))


def groupings(members: list[int]) -> list[list[tuple[int, ...]]]:
    """Every way to split members into pairs plus (if odd) one trio: the brute force."""
    if not members:
        return [[]]
    if len(members) == 3:
        return [[tuple(members)]]
    first, rest = members[0], members[1:]
    found = []
    for partner in rest:
        left = [m for m in rest if m != partner]
        found += [[(first, partner), *tail] for tail in groupings(left)]
    if len(members) % 2 == 1:
        for a, b in combinations(rest, 2):
            left = [m for m in rest if m not in (a, b)]
            found += [[(first, a, b), *tail] for tail in groupings(left)]
    return found


@given(rounds())
def test_everyone_is_placed_exactly_once_in_pairs_and_at_most_one_trio(case) -> None:
    """Each member is in one group; groups are pairs, plus one trio when the count is odd."""
    members, previous, priority, seed = case
    groups = make_groups(members, previous, priority, seed)
    placed = [m for group in groups for m in group]
    assert sorted(placed) == members
    sizes = sorted(len(group) for group in groups)
    assert sizes == [2] * (len(members) // 2 - 1) + [2 + len(members) % 2]


@settings(max_examples=150)
@given(rounds())
def test_no_pair_from_last_round_is_repeated_when_avoidable(case) -> None:
    """If any grouping avoids last round's pairs, the chosen one does too."""
    members, previous, priority, seed = case
    groups = make_groups(members, previous, priority, seed)
    if any(repeats(option, previous) == 0 for option in groupings(members)):
        assert repeats(groups, previous) == 0


@settings(max_examples=150)
@given(rounds(), st.data())
def test_unavoidable_repeats_are_as_few_as_possible(case, data) -> None:
    """Even against several earlier rounds' pairs, a small round repeats the fewest."""
    members, previous, priority, seed = case
    more = data.draw(st.lists(st.sampled_from(members), unique=True))
    previous = previous | pairs_of(make_groups(more, seed=seed % 97))
    groups = make_groups(members, previous, priority, seed)
    assert repeats(groups, previous) == min(repeats(o, previous) for o in groupings(members))


@given(rounds())
def test_the_same_inputs_and_seed_give_the_same_groups(case) -> None:
    """Deterministic for a seed, whatever order the members come in."""
    members, previous, priority, seed = case
    first = make_groups(members, previous, priority, seed)
    assert make_groups(list(reversed(members)), previous, priority, seed) == first


@given(rounds())
def test_whoever_has_an_interview_soon_is_interviewed_first(case) -> None:
    """In a group with exactly one priority member, someone else plays interviewer first."""
    members, previous, priority, seed = case
    for group in make_groups(members, previous, priority, seed):
        if sum(m in priority for m in group) == 1 and len(group) == 2:
            assert group[0] not in priority and group[1] in priority


@given(st.integers(5, 15).filter(lambda n: n % 2 == 1), st.integers(0, 1000))
def test_priority_members_get_a_partner_to_themselves(n: int, seed: int) -> None:
    """With no history and enough others, no member with an interview ends up in the trio."""
    members = list(range(1, n + 1))
    priority = {1, 2}
    groups = make_groups(members, (), priority, seed)
    trio = next(group for group in groups if len(group) == 3)
    assert not priority & set(trio)


def test_a_rotation_never_repeats_with_an_even_count() -> None:
    """Six members over five weeks: no pair twice in a row."""
    members = list(range(1, 7))
    previous: set[Pair] = set()
    for week in range(5):
        groups = make_groups(members, previous, (), seed=week)
        assert repeats(groups, previous) == 0
        previous = pairs_of(groups)


def test_fewer_than_two_members_make_no_groups() -> None:
    """One member (or none) cannot be paired."""
    assert make_groups([7]) == []
    assert make_groups([]) == []


def test_two_members_repeat_when_there_is_no_one_else() -> None:
    """With only the same two members, a repeat is unavoidable and still happens."""
    assert make_groups([1, 2], {frozenset((1, 2))}) in ([(1, 2)], [(2, 1)])


def test_large_communities_are_paired_fast_without_repeats() -> None:
    """A thousand members pair avoiding last round's pairs (how fast: `prepbot bench
    pairing`)."""
    members = range(1000)
    previous = pairs_of(make_groups(members, seed=1))
    groups = make_groups(members, previous, set(range(0, 1000, 7)), seed=2)
    assert repeats(groups, previous) == 0
    assert sorted(m for g in groups for m in g) == list(members)
