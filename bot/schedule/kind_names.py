"""The name of every delivery kind: what `scheduled_items.kind` and `deliveries.kind` hold.

Services write rows under these names and `bot.kinds` implements them; both import the
names from here, so a kind is spelled in one place. They are stored in the database and
in every dedupe key, so a name never changes once shipped.
"""

from typing import Final

DAILY_QUESTION: Final = "daily_question"
REMINDER: Final = "reminder"
FOLLOWUP: Final = "followup"
INTERVIEW_EVE: Final = "interview_eve"
THANK_YOU: Final = "thank_you"
THANK_YOU_LAST_CALL: Final = "thank_you_last_call"
WEEKLY_DIGEST: Final = "weekly_digest"
CHANNEL_QUESTION: Final = "channel_question"
PAIRING_ROUND: Final = "pairing_round"
PAIRING_CHECKIN: Final = "pairing_checkin"
STALE_APPLICATION: Final = "stale_application"
