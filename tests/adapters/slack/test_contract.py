import pytest

from tests.adapters.slack.blockkit import is_error, plain
from tests.adapters.slack.conftest import ANA
from tests.contract.cases import CASES
from tests.contract.runner import run_case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_contract_case_on_slack(case, slack):
    """The shared conversation cases pass through signed slash commands to the bolt app."""
    slack.fake.add_user(ANA, name="Ana", tz=case.tz)

    async def send(text):
        answer = await slack.command(text)
        assert answer.status == 200
        assert answer.messages, f"no answer to {text!r}"
        return plain(answer.blocks), is_error(answer.blocks)

    await run_case(case, send)


async def test_member_text_cannot_mention_or_link(slack):
    """A story titled with mentions shows literally, never reaching Slack as a control sequence."""
    await slack.command("stories add <!channel> <@U123> <https://evil.example|click> & co")
    answer = await slack.command("stories")
    shown = plain(answer.blocks)
    assert "<!channel> <@U123> <https://evil.example|click> & co" in shown
    for message in answer.messages:
        for block in message["blocks"]:
            _assert_no_control_sequences(block)
        assert "<!channel>" not in message["text"] and "<@U123>" not in message["text"]


def _assert_no_control_sequences(node):
    """Mentions and links only exist as `<...>` in mrkdwn text; none may reach Slack raw."""
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            assert "<" not in node["text"], node["text"]
        for value in node.values():
            _assert_no_control_sequences(value)
    elif isinstance(node, list):
        for item in node:
            _assert_no_control_sequences(item)
