"""A TCP proxy on 127.0.0.1 that can be cut and restored: a database outage on demand.

Point a client at `proxy.port` instead of the server's. `cut()` closes every open
connection and stops listening, so new connections are refused (what a client sees
when the database host goes away); `restore()` listens again on the same port.

Two more outage shapes: `blackhole()` keeps every connection open and forwards nothing
(a network that drops packets: statements hang instead of failing), and
`answer_with(sqlstate, message)` cuts every connection and answers each new one with a
PostgreSQL FATAL error at start-up, as a server that is starting up (57P03) or has too
many clients (53300) does.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct

# The start-up requests a PostgreSQL client may send before its StartupMessage.
_SSL_REQUEST = 80877103
_GSSENC_REQUEST = 80877104


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `target_host`:`target_port` while it is up."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.connections = 0  # accepted since the start, for tests to see traffic
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._blackholed = False
        self._fatal: tuple[str, str] | None = None

    @property
    def up(self) -> bool:
        """Whether it is accepting connections."""
        return self._server is not None

    async def start(self) -> TcpProxy:
        """Listen (on a free port the first time, then on the same one)."""
        self._server = await asyncio.start_server(
            self._accept, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def cut(self) -> None:
        """Drop every connection and refuse new ones."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def blackhole(self) -> None:
        """Keep every connection open but forward nothing, new connections too."""
        if self._server is None:
            await self.start()
        self._blackholed = True

    async def answer_with(self, sqlstate: str, message: str) -> None:
        """Drop every connection; answer new ones with a PostgreSQL FATAL error."""
        await self.cut()
        self._fatal = (sqlstate, message)
        await self.start()

    async def restore(self) -> None:
        """Accept and forward connections again (blackholed ones are reset: they lost
        bytes both ways, so they are of no use to anyone)."""
        if self._blackholed or self._fatal is not None:
            self._blackholed, self._fatal = False, None
            await self.cut()
        if self._server is None:
            await self.start()

    async def close(self) -> None:
        """Cut for good."""
        await self.cut()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        if self._fatal is not None:
            await self._refuse(reader, writer, *self._fatal)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}
        tasks = {
            asyncio.create_task(self._pipe(reader, up_writer)),
            asyncio.create_task(self._pipe(up_reader, writer)),
        }
        self._pipes |= tasks
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            for end in (writer, up_writer):
                end.transport.abort()
                self._writers.discard(end)
            self._pipes -= tasks

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError, OSError):
            while data := await reader.read(65536):
                if self._blackholed:
                    continue  # swallowed: the other end waits for an answer forever
                writer.write(data)
                await writer.drain()

    @staticmethod
    async def _refuse(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, sqlstate: str, message: str
    ) -> None:
        """Answer a client's start-up the way a server refusing it does, then close."""
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError, OSError):
            while True:
                length, code = struct.unpack("!ii", await reader.readexactly(8))
                if code in (_SSL_REQUEST, _GSSENC_REQUEST):
                    writer.write(b"N")  # no encryption: go on in plain text
                    await writer.drain()
                    continue
                await reader.readexactly(length - 8)  # the StartupMessage's parameters
                break
            fields = b"".join(
                tag + value.encode() + b"\0"
                for tag, value in (
                    (b"S", "FATAL"),
                    (b"V", "FATAL"),
                    (b"C", sqlstate),
                    (b"M", message),
                )
            )
            body = fields + b"\0"
            writer.write(b"E" + struct.pack("!i", len(body) + 4) + body)
            await writer.drain()
        writer.transport.abort()

    async def __aenter__(self) -> TcpProxy:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
