import logging

from bot.logs import REDACTED, RedactingFilter


def _record(message, *args):
    return logging.LogRecord("t", logging.ERROR, __file__, 1, message, args, None)


def test_known_secret_is_masked_in_message_and_args():
    """A configured secret never survives formatting, even passed as an argument."""
    redactor = RedactingFilter(["s3cret-signing-value"])
    record = _record("token is %s", "s3cret-signing-value")
    redactor.filter(record)
    assert record.getMessage() == f"token is {REDACTED}"


def test_token_shapes_are_masked_without_configuration():
    """Slack and Discord token shapes are masked even when not configured."""
    redactor = RedactingFilter()
    slack = "xoxb-1234567890-abcdefghijkl"
    discord = "MTA" + "x" * 23 + ".GAbcde." + "y" * 30
    record = _record(f"bad {slack} and {discord}")
    redactor.filter(record)
    assert slack not in record.getMessage()
    assert discord not in record.getMessage()


def test_exception_text_is_masked():
    """Tracebacks are scrubbed too."""
    redactor = RedactingFilter(["hunter2-secret"])
    try:
        raise RuntimeError("failed with hunter2-secret")
    except RuntimeError:
        import sys

        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    redactor.filter(record)
    # The traceback text must be there, or "the secret is absent" proves nothing.
    assert record.exc_text and "Traceback (most recent call last)" in record.exc_text
    assert "RuntimeError: failed with" in record.exc_text
    assert "hunter2-secret" not in record.exc_text
