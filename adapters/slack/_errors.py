"""Slack API errors in the dispatcher's terms: retry later, or pause whom.

A 429 is a `TemporarySendError` carrying Slack's Retry-After (slack_sdk's own retry
handlers are off: the dispatcher owns retries). Errors no retry can fix become a
`PermanentSendError` whose scope says what to pause: the member (a DM), the community
(a channel post or group DM: the bot was removed, the channel archived), or the whole
workspace (the token is dead). Anything else is temporary.
"""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.schedule.transport import PermanentSendError, SendError, TemporarySendError

# The member cannot be reached: pause them until they use prepbot again.
MEMBER_ERRORS = frozenset(
    {
        "channel_not_found",
        "user_not_found",
        "user_disabled",
        "cannot_dm_bot",
        "is_archived",
        "messages_tab_disabled",
        "not_in_channel",
        "restricted_action",
    }
)
# The app cannot act in the workspace at all: pause everyone there.
TEAM_ERRORS = frozenset(
    {
        "not_authed",
        "invalid_auth",
        "account_inactive",  # Slack: the token belongs to a deleted user or workspace
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "not_allowed_token_type",
        "team_access_not_granted",
        "org_login_required",
        "ekm_access_denied",
        "app_uninstalled",
    }
)
# One person of a group cannot be reached (they left, or were deactivated): that group's
# message fails, but the channel question and everyone else's pairing carry on.
GROUP_MEMBER_ERRORS = frozenset(
    {
        "user_not_found",
        "user_disabled",
        "user_not_visible",
        "cannot_dm_bot",
        "invalid_user_combination",
        "not_enough_users",
        "too_many_users",
    }
)
# A channel or group cannot take the message: pause the community's posts (an admin's
# `channel daily` or `pair schedule` resumes them once the channel is fixed).
COMMUNITY_ERRORS = (MEMBER_ERRORS - GROUP_MEMBER_ERRORS) | {
    "restricted_action_read_only_channel",
    "restricted_action_thread_only_channel",
    "method_not_supported_for_channel_type",
    "thread_not_found",
    "users_list_not_supplied",
    # A workspace that installed before the community scopes existed: its DMs still
    # work, so only community posts stop until an admin reinstalls the app.
    "missing_scope",
    "no_permission",
}
# The message itself was refused: resend it as plain text rather than not at all.
CONTENT_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long"})


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error") or f"http_{error.response.status_code}")


def _rate_limited(error: SlackApiError) -> TemporarySendError | None:
    response = error.response
    if response.status_code != 429 and _code(error) != "ratelimited":
        return None
    retry_after = response.headers.get("Retry-After") or response.headers.get("retry-after")
    try:
        seconds = float(retry_after) if retry_after is not None else None
    except ValueError:
        seconds = None
    return TemporarySendError("ratelimited", retry_after=seconds, throttled=True)


def classify(error: SlackApiError) -> SendError:
    """The dispatcher's view of a Slack API error on a DM."""
    code = _code(error)
    if (limited := _rate_limited(error)) is not None:
        return limited
    if code in TEAM_ERRORS:
        return PermanentSendError(code, scope="team")
    if code in MEMBER_ERRORS:
        return PermanentSendError(code, scope="member")
    return TemporarySendError(code)


def classify_community(error: SlackApiError) -> SendError:
    """The dispatcher's view of a Slack API error on a channel post or group DM."""
    code = _code(error)
    if (limited := _rate_limited(error)) is not None:
        return limited
    if code in GROUP_MEMBER_ERRORS:
        return PermanentSendError(code, scope="delivery")
    if code in COMMUNITY_ERRORS:
        return PermanentSendError(code, scope="community")
    if code in TEAM_ERRORS:
        return PermanentSendError(code, scope="team")
    return TemporarySendError(code)
