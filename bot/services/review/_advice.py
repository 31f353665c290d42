"""The one next step: the fix that would improve the answer most, in a fixed order."""

from __future__ import annotations

from bot.services.review._model import Review
from bot.services.review._wording import quote_counts


def next_step(review: Review) -> str:
    """The single most useful fix; order follows how much each flaw costs an answer."""
    coaching, fit, wording = review.coaching, review.fit, review.wording
    if fit.checked and fit.hypothetical:
        return (
            'This question wants a real past example, not what you "would" do: pick one '
            "time it happened and say what you did."
        )
    if fit.checked and not fit.on_topic and coaching.topic:
        return (
            f"Answer the question asked: it is about {coaching.topic}. Make that the centre "
            "of the answer, then say how it ended."
        )
    heavy = review.filler_per_hundred >= 2 * review.flag_at
    if heavy or (review.star is None and review.filler_per_hundred >= review.flag_at):
        return _cut_filler(review)
    star = review.star
    if star is not None:
        if not star.parts["result"]:
            return (
                "Add the result: one sentence on how it ended, ideally with a number "
                "tied to it (time saved, % improved, money, customers)."
            )
        if not star.parts["action"]:
            return 'Say what *you* did, step by step: "I decided...", "I built...", "I asked...".'
        if not review.measure.measurable:
            stray = review.measure.stray
            said = f' "{stray}" is a number, but nothing says what it changed.' if stray else ""
            return (
                f"Put a number on the result, tied to what changed: how much faster, cheaper, "
                f"bigger, or how many people.{said}"
            )
    if review.filler_per_hundred >= review.flag_at:
        return _cut_filler(review)
    if wording.cliches:
        cliche = wording.cliches[0]
        return f'Replace "{cliche.phrase}" with proof: {cliche.instead}.'
    if star is not None and star.we_count > star.i_count and star.we_count >= 3:
        return 'Swap some "we" for "I": they are hiring you, so make your own part clear.'
    if review.length == "long":
        if star is not None:
            return "Trim the situation to two sentences and spend the time on action and result."
        return f"Tighten it: for this kind of question aim for {review.target.spoken}."
    if review.length == "short":
        if star is not None:
            return (
                "Add detail to the action: the choices you made and why, "
                f"to reach {review.target.spoken}."
            )
        return f"Add a little more: {coaching.hint}"
    if star is not None and not (star.parts["situation"] or star.parts["task"]):
        return "Open with one line of context: where you were and what was at stake."
    if star is not None:
        return "Strong structure. Say it out loud with a 2-minute timer, then save it as a story."
    return f"Good shape for this kind of question. Say it out loud, timed: {review.target.spoken}."


def _cut_filler(review: Review) -> str:
    found = quote_counts(review.wording.fillers + review.wording.hedges)
    return (
        f"Cut the filler and hedges ({found}). A short pause sounds surer than "
        '"um", and "I decided" surer than "I guess I kind of decided".'
    )
