"""OSC control over UDP (python-osc's parser): ``/runofshow/go``, ``/pause``, ``/resume``,
``/undo``, ``/time <int seconds>``, ``/message <string>``, ``/flash``, ``/blackout <0|1>``,
``/clear``.

Each message becomes the same Command as its HTTP twin and runs through the same Controller (the
refusal rules, the journal, then the screen). OSC has no authentication, hence loopback by
default. A malformed datagram or a refused command is logged in the console's feed; nothing a
datagram holds can raise out of here.
"""

from __future__ import annotations

import asyncio
import socket

from pythonosc.osc_message import OscMessage
from pythonosc.osc_packet import OscPacket

from .api import BadRequest, Command, command
from .controller import Controller

PREFIX = "/runofshow/"
NO_ARGUMENT = ("go", "pause", "resume", "undo", "clear", "flash")


def osc_command(address: str, params: list) -> Command:
    """The command an OSC message asks for; BadRequest (with words for the feed) otherwise."""
    if not isinstance(address, str) or not address.startswith(PREFIX):
        raise BadRequest(f"unknown OSC address {str(address)[:60]!r} (they start with {PREFIX})")
    name = address[len(PREFIX) :]
    if name in NO_ARGUMENT:
        return Command(name)  # arguments a button sends anyway are ignored
    if name == "time":
        seconds = _one(name, params)
        if type(seconds) is float and seconds.is_integer():
            seconds = int(seconds)
        return command("time", {"seconds": seconds})
    if name == "message":
        return command("message", {"text": _one(name, params)})
    if name == "blackout":
        on = _one(name, params)
        if type(on) is float and on in (0.0, 1.0):
            on = int(on)
        if on not in (0, 1) or type(on) not in (int, bool):
            raise BadRequest("/runofshow/blackout takes 0 or 1")
        return command("blackout", {"on": bool(on)})
    raise BadRequest(f"unknown OSC address {address[:60]!r}")


def _one(name: str, params: list) -> object:
    if len(params) != 1:
        raise BadRequest(f"{PREFIX}{name} takes one argument, not {len(params)}")
    return params[0]


class OscListener(asyncio.DatagramProtocol):
    def __init__(self, controller: Controller) -> None:
        self.controller = controller
        self.received = 0

    def datagram_received(self, data: bytes, addr: tuple) -> None:
        self.received += 1
        try:
            messages = [timed.message for timed in OscPacket(data).messages]
        except Exception:
            self._malformed(f"not an OSC packet ({len(data)} bytes)", addr)
            return
        for message in messages:
            self.message(message, addr)

    def message(self, message: OscMessage, addr: tuple) -> None:
        try:
            cmd = osc_command(message.address, list(message.params))
        except BadRequest as error:
            self._malformed(error.message, addr)
            return
        except Exception as error:  # a parameter python-osc decodes lazily
            self._malformed(f"unreadable message ({type(error).__name__})", addr)
            return
        try:
            self.controller.run(cmd, source="osc")
        except Exception as error:  # never the console's end
            self._malformed(f"{cmd.name} failed: {type(error).__name__}: {error}", addr)

    def _malformed(self, what: str, addr: tuple) -> None:
        peer = addr[0] if addr else "?"
        self.controller.log(self.controller.clock.now(), f"OSC from {peer}: {what}")


async def serve_osc(controller: Controller, sock: socket.socket) -> None:
    """Listen on ``sock`` (UDP, already bound) until cancelled."""
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(lambda: OscListener(controller), sock=sock)
    try:
        await asyncio.Event().wait()
    finally:
        transport.close()
