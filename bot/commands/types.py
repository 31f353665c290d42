"""Typed commands: what the `/prep` grammar parses text into.

Every adapter turns a platform event into one of these (Slack passes text, Discord a
subcommand tree, the console a line), so handlers never see raw platform input.
Values here are already validated in shape (dates are dates, zones exist); rules that
need the database or the clock (a date in the past, an unknown id) are the handler's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from bot.when.recur import Rule

# --- when-specs: a time a member wrote, resolved later against their zone and the clock ---
# They live with the when-reader; re-exported here so commands and handlers see one module.
from bot.when.spec import AfterDelay as AfterDelay
from bot.when.spec import AtLocal as AtLocal
from bot.when.spec import DayOffsetAt as DayOffsetAt
from bot.when.spec import NextClock as NextClock
from bot.when.spec import OnMonthDay as OnMonthDay
from bot.when.spec import OnWeekday as OnWeekday
from bot.when.spec import When as When

# --- commands ---


@dataclass(frozen=True)
class Help:
    """`help [command]`, also bare `/prep`."""

    topic: str | None = None


@dataclass(frozen=True)
class SecondRound:
    """`second-round [topic]`: one topic of the guide (overview by default)."""

    topic: str = "overview"


@dataclass(frozen=True)
class QuestionNow:
    """`question [category]`: one practice question now."""

    category: str | None = None


@dataclass(frozen=True)
class DailyOn:
    """`daily on [HH:MM] [category]`: a daily practice question by DM."""

    at: time = time(9, 0)
    category: str | None = None


@dataclass(frozen=True)
class DailyOff:
    """`daily off`."""


@dataclass(frozen=True)
class DailyStatus:
    """`daily status`."""


@dataclass(frozen=True)
class DailySkip:
    """`daily skip`: skip today's question (the DM's "skip today" button)."""


@dataclass(frozen=True)
class SetTimezone:
    """`tz <IANA zone>`; `zone` is a key `zoneinfo` accepts, in its canonical spelling."""

    zone: str
    # What the member typed when it was a city or an abbreviation (`EST`, `Berlin`), so the
    # reply can say how it was read; None when they typed the zone's own name.
    read_as: str | None = None


@dataclass(frozen=True)
class ShowTimezone:
    """`tz` alone: show the member's zone and how to change it."""


@dataclass(frozen=True)
class SetQuiet:
    """`quiet <start>-<end>`: no message the bot times itself in this local window."""

    start: time
    end: time


@dataclass(frozen=True)
class QuietOff:
    """`quiet off`: the bot may time its nudges at any hour."""


@dataclass(frozen=True)
class QuietStatus:
    """`quiet` or `quiet status`: the member's quiet hours."""


@dataclass(frozen=True)
class Answer:
    """`answer <text>`: STAR feedback on an answer to the latest question."""

    text: str


@dataclass(frozen=True)
class Practice:
    """`practice [category]`: a timed question; the member's next direct message answers it."""

    category: str | None = None


@dataclass(frozen=True)
class CancelPractice:
    """`practice cancel` (or `cancel`/`skip` in the DM): the open question stops taking answers."""


@dataclass(frozen=True)
class AiReview:
    """`review on|off|status`: whether this member's answers go to the AI reviewer."""

    setting: str = "status"  # "on", "off" or "status"


# What `thanks sent all` understands as every interviewer, so no interviewer may be
# called this: "Sent: all" on their button would mark everyone's note sent.
EVERYONE = frozenset({"all", "everyone", "everybody"})


@dataclass(frozen=True)
class InterviewerSpec:
    """One interviewer as typed: `Dana Lee (hiring manager)`, `Sam (recruiter, sam@acme.com)`."""

    name: str
    role: str | None = None
    email: str | None = None  # checked by `bot.commands.emails`


@dataclass(frozen=True)
class AddInterview:
    """`interview <YYYY-MM-DD> <HH:MM> <company> [as <job title>] [with <Name> (<role>), ...]`."""

    on: date | None
    at: time
    company: str
    job_title: str | None = None
    interviewers: tuple[InterviewerSpec, ...] = ()
    # A day said relative to today (`tomorrow 2pm`, `friday 3pm`): `on` is None and the
    # handler resolves this in the member's zone. An explicit date fills `on` instead.
    day: When | None = None
    # How long it lasts (a duration or a local end time; neither: one hour).
    duration: timedelta | None = None
    until: time | None = None
    place: str | None = None  # an address, a room or a video link
    format: str | None = None  # one of `interview_details.FORMATS`


@dataclass(frozen=True)
class ListInterviews:
    """`interviews`."""


@dataclass(frozen=True)
class CancelInterview:
    """`interviews cancel <id>`: the interview is off; drop everything planned for it."""

    interview_id: str


@dataclass(frozen=True)
class ShowThanks:
    """`thanks [interview-id]`: per-interviewer drafts and their status."""

    interview_id: str | None = None


@dataclass(frozen=True)
class MarkThanksSent:
    """`thanks sent <name>|all [interview-id]`; `who` is None for `all`."""

    who: str | None
    interview_id: str | None = None


@dataclass(frozen=True)
class Followup:
    """`followup <YYYY-MM-DD | in N days> [#interview-id] [note]`; exactly one of on/in_days."""

    on: date | None = None
    in_days: int | None = None
    note: str = ""
    interview_id: str | None = None
    # Any other day (`friday`, `dec 20 10am`): resolved by the handler in the member's zone.
    when: When | None = None
    # Whether the member wrote the time (`friday 3pm`): kept. Otherwise the 09:00 is the
    # bot's, and moves out of their quiet hours.
    timed: bool = False


@dataclass(frozen=True)
class Remind:
    """`remind <when> <text>`, or `remind every <days> [at] <time> <text>` (`rule` set)."""

    when: When | None
    text: str
    rule: Rule | None = None


@dataclass(frozen=True)
class ListReminders:
    """`reminders`."""


@dataclass(frozen=True)
class CancelReminder:
    """`reminders cancel <id>`."""

    reminder_id: str


@dataclass(frozen=True)
class SnoozeReminder:
    """`reminders snooze <id> <20m|1h|tomorrow>` (the reminder DM's snooze buttons)."""

    reminder_id: str
    when: When


@dataclass(frozen=True)
class SkipReminder:
    """`reminders skip <id>`: a recurring reminder's next time is left out."""

    reminder_id: str


@dataclass(frozen=True)
class ReminderDone:
    """`reminders done <id>` (the reminder DM's "done" button)."""

    reminder_id: str


@dataclass(frozen=True)
class ListStories:
    """`stories`: the bank against the 5-8 target and the themes."""


@dataclass(frozen=True)
class AddStory:
    """`stories add <title>` or `stories add <title> | <text>` (None: no text yet)."""

    title: str
    text: str | None = None


#: What `stories edit <id> <field> ...` may change.
STORY_FIELDS = ("title", "text", "themes")


@dataclass(frozen=True)
class EditStory:
    """`stories edit <id> title|text|themes <value>`; themes `auto` means detect again."""

    story_id: str
    field: str
    value: str


@dataclass(frozen=True)
class AttachAnswer:
    """`stories attach [<answer-id> [<title> | to <story-id>]]`: keep a chosen answer.

    No answer id: list the recent answers to choose from (never a silent "latest").
    """

    answer_id: str | None = None
    title: str | None = None
    story_id: str | None = None


@dataclass(frozen=True)
class ShowStory:
    """`stories show <id>`."""

    story_id: str


@dataclass(frozen=True)
class DeleteStory:
    """`stories delete <id>`: take one story out of the bank."""

    story_id: str


@dataclass(frozen=True)
class PrivacyExport:
    """`privacy export`."""


@dataclass(frozen=True)
class PrivacyDelete:
    """`privacy delete` asks; `privacy delete confirm` removes everything."""

    confirmed: bool = False


# --- community commands (channel question, practice pairs, digest, admin stats) ---


@dataclass(frozen=True)
class ChannelDaily:
    """`channel daily <HH:MM> [IANA zone] [category]` (admin): a daily question here.

    `zone` None means the admin's own zone; `category` None means all, taking turns.
    """

    at: time
    zone: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class ChannelOff:
    """`channel off` (admin): stop this channel's daily question."""


@dataclass(frozen=True)
class ChannelStatus:
    """`channel status`: this channel's daily question setting."""


@dataclass(frozen=True)
class PairOn:
    """`pair on`: join the weekly mock-interview pairing."""


@dataclass(frozen=True)
class PairOff:
    """`pair off`: leave the weekly pairing."""


@dataclass(frozen=True)
class PairStatus:
    """`pair status`: opted in or not, the next round, the current partner."""


@dataclass(frozen=True)
class PairSchedule:
    """`pair schedule <weekday> <HH:MM> [zone]` (admin): when the weekly round runs.

    `weekday` is 0 for Monday to 6 for Sunday; `zone` None keeps the community's zone.
    """

    weekday: int
    at: time
    zone: str | None = None


@dataclass(frozen=True)
class PairMet:
    """`pair met <round-id> yes|no`: the check-in answer (usually a button)."""

    round_id: str
    met: bool


@dataclass(frozen=True)
class DigestOn:
    """`digest on`: the weekly summary DM (on by default)."""


@dataclass(frozen=True)
class DigestOff:
    """`digest off`: no weekly summary DM."""


@dataclass(frozen=True)
class DigestStatus:
    """`digest` alone: whether the weekly summary is on, and when it comes."""


@dataclass(frozen=True)
class AdminStats:
    """`admin stats` (admin): aggregate numbers for the community, never one member's."""


@dataclass(frozen=True)
class AdminAiReview:
    """`admin ai on|off|status` (admin): the AI reviewer for the whole community."""

    setting: str = "status"  # "on", "off" or "status"


# --- applications: the job search around the interviews ---

# What `outcome` can record, in the order help lists them.
OUTCOMES = ("offer", "rejected", "next-round", "withdrawn", "accepted", "screening")


@dataclass(frozen=True)
class Apply:
    """`apply <company> [as <title>] [via <source>] [on <date>]`: an application sent."""

    company: str
    job_title: str | None = None
    source: str | None = None
    on: date | None = None  # None: `days_ago` days before today, in the member's zone
    days_ago: int = 0


@dataclass(frozen=True)
class ListApplications:
    """`applications` (alias `pipeline`): the board of every application."""


@dataclass(frozen=True)
class RecordOutcome:
    """`outcome <company|id> <outcome>`: news from a company moves its application.

    `target` is a company name or its unique prefix, an application id or an interview
    id, exactly as written; the handler resolves it (and asks back when it is ambiguous).
    """

    target: str
    outcome: str


# --- the job search, continued: notes per interviewer, how drafts are signed, nudges ---


@dataclass(frozen=True)
class NoteInterviewer:
    """`thanks note [#<id|company>] <name> <what you discussed>`.

    `text` is the name and the note together: only the interviewers' names (the
    handler's) tell where one ends, so `Dana Lee the data team split` finds Dana Lee.
    """

    text: str
    interview_id: str | None = None


@dataclass(frozen=True)
class SetSignName:
    """`name <your name>` signs the drafts; `name reset` goes back to the platform's."""

    name: str | None


@dataclass(frozen=True)
class ShowSignName:
    """`name` alone: how drafts are signed now."""


@dataclass(frozen=True)
class NudgesOn:
    """`nudges on`: a quiet application gets one follow-up nudge (the default)."""


@dataclass(frozen=True)
class NudgesOff:
    """`nudges off`: no nudges about quiet applications."""


@dataclass(frozen=True)
class NudgesStatus:
    """`nudges` or `nudges status`."""


@dataclass(frozen=True)
class CalendarFile:
    """`calendar [interview-id]`: an .ics file of what is coming up (or of one interview)."""

    interview_id: str | None = None


Command = (
    Help
    | SecondRound
    | QuestionNow
    | DailyOn
    | DailyOff
    | DailyStatus
    | DailySkip
    | SetTimezone
    | ShowTimezone
    | SetQuiet
    | QuietOff
    | QuietStatus
    | Answer
    | Practice
    | CancelPractice
    | AiReview
    | AddInterview
    | ListInterviews
    | CancelInterview
    | ShowThanks
    | MarkThanksSent
    | Followup
    | Remind
    | ListReminders
    | CancelReminder
    | SnoozeReminder
    | ReminderDone
    | SkipReminder
    | ListStories
    | AddStory
    | EditStory
    | AttachAnswer
    | ShowStory
    | DeleteStory
    | PrivacyExport
    | PrivacyDelete
    | ChannelDaily
    | ChannelOff
    | ChannelStatus
    | PairOn
    | PairOff
    | PairStatus
    | PairSchedule
    | PairMet
    | DigestOn
    | DigestOff
    | DigestStatus
    | AdminStats
    | AdminAiReview
    | Apply
    | ListApplications
    | RecordOutcome
    | NoteInterviewer
    | SetSignName
    | ShowSignName
    | NudgesOn
    | NudgesOff
    | NudgesStatus
    | CalendarFile
)


@dataclass(frozen=True)
class ParseError:
    """Why a line did not parse, and the form that would have.

    `message` is one short sentence; `usage` is the right form (`/prep daily on [HH:MM]`),
    `example` a working line. Never raised: the parser returns it.
    """

    message: str
    usage: str
    example: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
