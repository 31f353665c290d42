"""The id-carrying commands: `thanks`, `followup`, `reminders` and `stories`."""

from __future__ import annotations

from datetime import date, timedelta

from bot.commands._stories import parse_add, parse_attach, parse_edit
from bot.commands._when import is_date, read_date, take_delay, take_when, take_when_timed
from bot.commands.ids import parse_short_id
from bot.commands.text import Reject, free_text, show, split_first
from bot.commands.types import (
    EVERYONE,
    CancelInterview,
    CancelReminder,
    Command,
    DeleteStory,
    Followup,
    ListInterviews,
    ListReminders,
    ListStories,
    MarkThanksSent,
    NoteInterviewer,
    ReminderDone,
    ShowStory,
    ShowThanks,
    SkipReminder,
    SnoozeReminder,
)
from bot.when.examples import day_forms

MAX_NAME = 60
MAX_NOTE = 500
MAX_THANKS_NOTE = 300  # the interviewers.note column
MAX_COMPANY = 80
MAX_TITLE = 120
_ID_HELP = "5 letters and digits, like k7qd2"
CANCEL_WORDS = ("cancel", "delete", "remove")


def _id(word: str, kind: str, form: str) -> str:
    """Read `word` as a short id of a `kind` ("reminder"), or reject naming the form."""
    if not word:
        raise Reject(f"Add the {kind} id ({_ID_HELP}).", form)
    found = parse_short_id(word)
    if found is None:
        article = "an" if kind[:1] in "aeiou" else "a"
        raise Reject(f"`{show(word)}` isn't {article} {kind} id ({_ID_HELP}).", form)
    return found


def _only_id(args: str, kind: str, form: str) -> str:
    """Read the single id that must be all of `args`."""
    word, extra = split_first(args)
    found = _id(word, kind, form)
    if extra.strip():
        raise Reject(f"`{form}` takes just the {kind} id.", form)
    return found


def _target(text: str, form: str) -> str:
    """An interview named by id or by company (a unique start of its name is enough)."""
    word = text.strip().lstrip("#")
    first, extra = split_first(word)
    found = parse_short_id(first)
    if found is not None:
        if extra.strip():
            raise Reject(f"`{form}` takes just the interview id, or the company.", form)
        return found
    return free_text(word, what="the company or interview id", limit=MAX_COMPANY, form=form)


def _parse_note(args: str) -> NoteInterviewer:
    """`thanks note [#<id|company>] <name> <what you discussed>`."""
    first, after = split_first(args)
    interview_id = None
    if first.startswith("#"):
        interview_id, args = _target(first, "thanks note"), after
    text = free_text(
        args,
        what="the name and the note",
        limit=MAX_NAME + MAX_THANKS_NOTE + 1,
        missing="Say who and what you talked about, like `thanks note Dana the data team split`.",
        form="thanks note",
    )
    if len(text.split()) < 2:
        raise Reject(
            "Add what you talked about after the name, like `thanks note Dana the data team "
            "split`.",
            "thanks note",
        )
    return NoteInterviewer(text=text, interview_id=interview_id)


def parse_thanks(rest: str) -> Command:
    """`thanks [id|company]`, `thanks sent <name>|all [id|#company]`, `thanks note ...`."""
    sub, args = split_first(rest)
    if sub.lower() == "note":
        return _parse_note(args)
    if sub.lower() != "sent":
        if not sub:
            return ShowThanks()
        return ShowThanks(interview_id=_target(rest, "thanks"))
    tokens = args.split()
    # The last word is an interview id only if written like one: names rarely have digits.
    # `#Acme` names the interview by company.
    interview_id = parse_short_id(tokens[-1]) if tokens else None
    if interview_id is None and tokens and tokens[-1].startswith("#") and len(tokens) > 1:
        interview_id = _target(tokens[-1], "thanks sent")
    if interview_id is not None:
        tokens = tokens[:-1]
    who = " ".join(tokens)
    if not who:
        raise Reject("Say whose note you sent: a name, or `all`.", "thanks sent")
    if who.lower() in EVERYONE:
        return MarkThanksSent(who=None, interview_id=interview_id)
    if "," in who:
        raise Reject("Mark one interviewer at a time by name, or write `all`.", "thanks sent")
    if not any(ch.isalpha() for ch in who):
        raise Reject(f"`{show(who)}` doesn't look like a name.", "thanks sent")
    name = free_text(who, what="the interviewer's name", limit=MAX_NAME, form="thanks sent")
    return MarkThanksSent(who=name, interview_id=interview_id)


def parse_followup(rest: str) -> Followup:
    """`followup <YYYY-MM-DD | in N days> [#interview-id] [note]`."""
    first, after = split_first(rest)
    on: date | None = None
    in_days: int | None = None
    if is_date(first) or first.lower() == "tomorrow":
        # A time after the day (`tomorrow 3pm`) is the member's; one that is not a time
        # (`tomorrow 25h`) is refused here, never left in the note with 09:00 assumed.
        when, timed_after, timed = take_when_timed(rest)
        if timed:
            note, interview_id = _id_and_note(timed_after)
            return Followup(when=when, note=note, interview_id=interview_id, timed=True)
    if is_date(first):
        on = read_date(first)
    elif first.lower() == "tomorrow":
        in_days = 1
    else:
        # take_delay already bounds delays to a year, so in_days is 1..365 here.
        delay, after = take_delay(rest)
        if delay is None:
            when, after, timed = take_when_timed(rest)
            if when is None:
                raise Reject(f"Say when: {day_forms()}, or `in 5 days`.")
            note, interview_id = _id_and_note(after)
            return Followup(when=when, note=note, interview_id=interview_id, timed=timed)
        if delay % timedelta(days=1):
            raise Reject("Follow-ups are in whole days: try `in 3 days` or `in 1 week`.")
        in_days = delay.days
    note, interview_id = _id_and_note(after)
    return Followup(on=on, in_days=in_days, note=note, interview_id=interview_id)


def _id_and_note(after: str) -> tuple[str, str | None]:
    """The optional `#interview-id` and note after a follow-up's when."""
    word, note = split_first(after)
    interview_id = parse_short_id(word)
    if interview_id is None:
        if word.startswith("#") and word.strip("#"):  # `#Acme`: the interview by company
            interview_id = _target(word, "followup")
        else:
            note = after
    note = free_text(note, what="the note", limit=MAX_NOTE, multiline=True) if note.strip() else ""
    return note, interview_id


def parse_interviews(rest: str) -> Command:
    """`interviews` (or `interviews list`), `interviews cancel <id>`."""
    sub, args = split_first(rest)
    sub = sub.lower()
    if sub in ("", "list") and not args.strip():
        return ListInterviews()
    if sub in CANCEL_WORDS:
        if not args.strip():
            raise Reject(f"Add the interview id ({_ID_HELP}) or the company.", "interviews cancel")
        return CancelInterview(interview_id=_target(args, "interviews cancel"))
    raise Reject(
        "`interviews` takes nothing after it, or `cancel <id>` to cancel one.", "interviews"
    )


def parse_reminders(rest: str) -> Command:
    """`reminders`, `reminders cancel|done <id>`, `reminders snooze <id> <when>`."""
    sub, args = split_first(rest)
    sub = sub.lower()
    if sub in ("", "list"):
        if args.strip():
            raise Reject("`reminders` takes nothing after it.", "reminders list")
        return ListReminders()
    if sub in CANCEL_WORDS:
        return CancelReminder(reminder_id=_only_id(args, "reminder", "reminders cancel"))
    if sub == "done":
        return ReminderDone(reminder_id=_only_id(args, "reminder", "reminders done"))
    if sub == "skip":
        return SkipReminder(reminder_id=_only_id(args, "reminder", "reminders skip"))
    if sub == "snooze":
        word, args = split_first(args)
        reminder_id = _id(word, "reminder", "reminders snooze")
        try:
            when, extra = take_when(args)
        except Reject as reject:  # show the snooze form, not the reminders list
            reject.form = reject.form or "reminders snooze"
            raise
        if when is None or extra.strip():
            raise Reject(
                "Snooze for a while (`20m`, `1h`) or until `tomorrow`.", "reminders snooze"
            )
        return SnoozeReminder(reminder_id=reminder_id, when=when)
    if parse_short_id(sub) is not None:
        raise Reject("Say what to do with it: cancel, snooze or done.", "reminders")
    raise Reject(
        f"`reminders {show(sub)}` isn't something I can do: use cancel, snooze or done.",
        "reminders",
    )


def parse_stories(rest: str) -> Command:
    """`stories`, `add`, `edit`, `attach`, `show <id>` (or `stories <id>`), `delete`."""
    sub, args = split_first(rest)
    sub_lower = sub.lower()
    if sub_lower in ("", "list"):
        if args.strip():
            raise Reject("`stories` takes nothing after it.", "stories list")
        return ListStories()
    if sub_lower == "add":
        return parse_add(args)
    if sub_lower == "edit":
        return parse_edit(args)
    if sub_lower == "attach":
        return parse_attach(args)
    if sub_lower == "show":
        return ShowStory(story_id=_only_id(args, "story", "stories show"))
    if sub_lower in CANCEL_WORDS:
        return DeleteStory(story_id=_only_id(args, "story", "stories delete"))
    if parse_short_id(sub) is not None:
        return ShowStory(story_id=_only_id(rest, "story", "stories show"))
    raise Reject(
        f"`stories {show(sub)}` isn't something I can do: use add, edit, attach, show or delete.",
        "stories",
    )
