import json
import time

from tests.adapters.slack.blockkit import is_error, plain
from tests.adapters.slack.conftest import ANA
from tests.fakes.slack_api import signed_headers, slash_command, validate_blocks


async def test_second_round_acks_fast_then_answers_with_a_guide(slack):
    """A signed `/prep second-round` is acked at once (empty) and answered with a valid guide
    by response_url; the ack's speed is `prepbot bench latency`'s figure."""
    answer = await slack.command("second-round")
    assert answer.status == 200
    assert answer.body == ""
    assert len(answer.messages) == 1
    message = answer.messages[0]
    assert message["response_type"] == "ephemeral"
    assert validate_blocks(message["blocks"]) == []
    kinds = {b["type"] for b in message["blocks"]}
    assert {"header", "divider", "actions"} <= kinds
    assert "Share in channel" in plain(message["blocks"])


async def test_bare_prep_answers_with_help(slack):
    """`/prep` with no text shows help."""
    answer = await slack.command("")
    assert "/prep second-round" in plain(answer.blocks)
    assert not is_error(answer.blocks)


async def test_forged_signature_is_rejected_with_401(slack):
    """A request signed with the wrong secret gets 401 and runs nothing."""
    body = slash_command("help", user_id=ANA, response_url=slack.fake.response_url("forged"))
    response = await slack.http.post(
        "/slack/events", data=body, headers=signed_headers(body, secret="not-the-secret")
    )
    assert response.status == 401
    await slack.fake.quiet(0.2)
    assert slack.fake.calls_to("response_url") == []


async def test_stale_timestamp_is_rejected_with_401(slack):
    """A correctly signed request older than five minutes is refused (replay protection)."""
    body = slash_command("help", user_id=ANA, response_url=slack.fake.response_url("stale"))
    headers = signed_headers(body, timestamp=int(time.time()) - 10 * 60)
    response = await slack.http.post("/slack/events", data=body, headers=headers)
    assert response.status == 401


async def test_tampered_body_is_rejected_with_401(slack):
    """A body changed after signing does not verify."""
    body = slash_command("help", user_id=ANA, response_url=slack.fake.response_url("t"))
    headers = signed_headers(body)
    response = await slack.http.post(
        "/slack/events", data=body.replace("help", "privacy+delete"), headers=headers
    )
    assert response.status == 401


async def test_unsigned_request_is_rejected_with_401(slack):
    """A request with no signature headers at all is refused."""
    body = slash_command("help", user_id=ANA, response_url=slack.fake.response_url("u"))
    response = await slack.http.post(
        "/slack/events", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 401


async def test_url_verification_challenge_is_answered(slack):
    """The Events API URL check gets its challenge back (when signed)."""
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    status, text, _ = await slack.post(body, content_type="application/json", wait=False)
    assert status == 200 and "abc123" in text


async def test_health_endpoint(slack):
    """GET /healthz answers ok for load balancers."""
    response = await slack.http.get("/healthz")
    assert response.status == 200 and await response.text() == "ok"


async def test_profile_time_zone_is_used_at_first_use(slack):
    """A new member's zone comes from their Slack profile, looked up once per process."""
    await slack.command("tz")
    answer = await slack.command("tz")
    assert "Europe/Berlin" in plain(answer.blocks)
    assert len(slack.fake.calls_to("users.info")) == 1


async def test_entities_from_slack_reach_the_core_as_typed(slack):
    """Slack sends `<`, `>` and `&` as entities; the member's text is stored as typed."""
    await slack.command("stories add R&D <fast> rollout")
    answer = await slack.command("stories")
    assert "R&D <fast> rollout" in plain(answer.blocks)
    assert "&amp;" not in plain(answer.blocks)


async def test_privacy_export_arrives_as_a_file_in_the_dm(slack):
    """`/prep privacy export` answers privately and uploads the export file into the member's DM."""
    await slack.command("stories add Billing rescue")
    answer = await slack.command("privacy export")
    assert answer.messages and not is_error(answer.blocks)
    [complete] = slack.fake.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "D" + ANA[1:]
    [upload] = slack.fake.calls_to("upload")
    assert b"Billing rescue" in upload.params["bytes"]
