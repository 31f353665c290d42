"""Every delivery kind the scheduler knows, in one explicit list.

A kind is one module here, named after the kind (`bot.schedule.kind_names`), holding
one `DeliveryKind` class: what it plans when a row is due, and how its message reads.
Nothing registers itself on import: the engine schedules exactly the kinds in `KINDS`,
and a test checks that every kind name has its kind here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bot.kinds.channel_question import ChannelQuestionKind
from bot.kinds.daily_question import DailyQuestionKind
from bot.kinds.followup import FollowupKind
from bot.kinds.interview_eve import InterviewEveKind
from bot.kinds.pairing_checkin import PairingCheckinKind
from bot.kinds.pairing_round import PairingRoundKind
from bot.kinds.reminder import ReminderKind
from bot.kinds.stale_application import StaleApplicationKind
from bot.kinds.thank_you import ThankYouKind
from bot.kinds.thank_you_last_call import LastCallKind
from bot.kinds.weekly_digest import WeeklyDigestKind
from bot.schedule.kinds import DeliveryKind

KINDS: Mapping[str, DeliveryKind] = MappingProxyType(
    {
        kind.name: kind
        for kind in (
            DailyQuestionKind(),
            ReminderKind(),
            FollowupKind(),
            InterviewEveKind(),
            ThankYouKind(),
            LastCallKind(),
            WeeklyDigestKind(),
            ChannelQuestionKind(),
            PairingRoundKind(),
            PairingCheckinKind(),
            StaleApplicationKind(),
        )
    }
)

__all__ = ["KINDS"]
