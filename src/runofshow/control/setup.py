"""``--control [HOST:]PORT``, ``--osc [HOST:]PORT`` and ``--control-token-file``: parsed, the sockets
bound and the token read before the console starts, so that a taken port or a bad token file is a
one-line error and exit 2, not a console that opens without its API.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .token import TokenError, load_or_create_token, token_path_for

DEFAULT_HOST = "127.0.0.1"


class SetupError(Exception):
    """A flag or a socket that cannot be used, with a message fit for the user."""


@dataclass
class ControlOptions:
    """What the console starts: the bound sockets (either may be None), the token and its file."""

    http: socket.socket | None = None
    osc: socket.socket | None = None
    token: str = ""
    token_path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def url(self) -> str | None:
        if self.http is None:
            return None
        host, port = self.http.getsockname()[:2]
        return f"http://{url_host(host)}:{port}/api/v1/"

    @property
    def osc_address(self) -> str | None:
        if self.osc is None:
            return None
        host, port = self.osc.getsockname()[:2]
        return f"{url_host(host)}:{port}"

    def close(self) -> None:
        for sock in (self.http, self.osc):
            if sock is not None:
                sock.close()


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def parse_address(text: str, flag: str) -> tuple[str, int]:
    """``PORT``, ``HOST:PORT`` or ``[IPV6]:PORT``; SetupError naming the flag otherwise."""
    host, port_text = DEFAULT_HOST, text.strip()
    if port_text.startswith("["):
        inside, _, rest = port_text[1:].partition("]")
        if not rest.startswith(":"):
            raise SetupError(f"{flag} {text}: expected [HOST]:PORT")
        host, port_text = inside, rest[1:]
    elif ":" in port_text:
        host, _, port_text = port_text.rpartition(":")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SetupError(f"{flag} {text}: the port must be a number from 1 to 65535")
    if not host:
        raise SetupError(f"{flag} {text}: empty host")
    return host, int(port_text)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def _bind(host: str, port: int, kind: int, flag: str) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=kind)
    except socket.gaierror as error:
        raise SetupError(f"{flag} {host}:{port}: unknown host ({error.strerror})") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, kind)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        if kind == socket.SOCK_STREAM:
            sock.listen(128)
        sock.setblocking(False)
    except OSError as error:
        sock.close()
        raise SetupError(f"{flag}: cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


def prepare(
    control: str | None, osc: str | None, token_file: str | None, journal: Path | Callable[[], Path]
) -> ControlOptions | None:
    """Bind what the flags ask for; None when they ask for nothing. SetupError on any problem.

    ``journal`` (or a function giving it, called only when the token's default place is needed)
    is the show's journal: the token is kept beside it."""
    if control is None and osc is None:
        if token_file is not None:
            raise SetupError("--control-token-file needs --control")
        return None
    options = ControlOptions()
    try:
        if control is not None:
            host, port = parse_address(control, "--control")
            if token_file:
                options.token_path = Path(token_file)
            else:
                options.token_path = token_path_for(journal() if callable(journal) else journal)
            try:
                options.token = load_or_create_token(options.token_path)
            except TokenError as error:
                raise SetupError(str(error)) from None
            options.http = _bind(host, port, socket.SOCK_STREAM, "--control")
        if osc is not None:
            host, port = parse_address(osc, "--osc")
            options.osc = _bind(host, port, socket.SOCK_DGRAM, "--osc")
            if not is_loopback(host):
                options.warnings.append(
                    f"OSC has no authentication: anyone who can reach {url_host(host)}:{port} can run the show"
                )
    except BaseException:
        options.close()
        raise
    if token_file is not None and control is None:
        options.close()
        raise SetupError("--control-token-file needs --control")
    return options
