"""The benchmark's transport: records each send to a file and does nothing else.

A real platform's latency and rate limits are what `bench pacing` measures; here the
point is the scheduler's own cost, so a send is one buffered line (`key<TAB>user`),
with no sleep, no rendering to a platform format and no flush per line. The parent
process reads the files afterwards to count duplicates and missing deliveries, so the
measured process never holds 100,000 keys in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from bot.replies import Reply
from bot.schedule.transport import Recipient


class RecordingTransport:
    """Appends `idempotency_key<TAB>user_id` per send to `path` (buffered)."""

    def __init__(self, path: Path, *, platform: str = "console") -> None:
        self.platform = platform
        self.sent = 0
        self._file = path.open("a", encoding="utf-8", buffering=1 << 16)

    async def send(self, recipient: Recipient, reply: Reply, *, idempotency_key: str) -> None:
        """Record the send."""
        self._file.write(f"{idempotency_key}\t{recipient.user_id}\n")
        self.sent += 1

    def close(self) -> None:
        """Flush and close the file."""
        self._file.close()


def tally(paths: Iterable[Path], expected_users: set[str]) -> dict[str, int]:
    """Sends recorded in `paths` against the users that should each get one.

    `duplicates` counts sends beyond the first per delivery key; `missing` counts
    expected users with no send; `unexpected` counts sends to anybody else.
    """
    keys: Counter[str] = Counter()
    users: set[str] = set()
    for path in paths:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                key, _, user = line.rstrip("\n").partition("\t")
                keys[key] += 1
                users.add(user)
    recorded = sum(keys.values())
    return {
        "recorded_sends": recorded,
        "duplicates": recorded - len(keys),
        "missing": len(expected_users - users),
        "unexpected": len(users - expected_users),
    }
