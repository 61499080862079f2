"""Access tokens: made on first use, kept in a file only its owner can read (mode 0600).

Used by the control API (``<journal>.token``) and by ``runofshow serve`` on a non-loopback
address (``--token-file``). A token is 32 URL-safe characters: fit for a ``?token=`` query.
"""

from __future__ import annotations

import hmac
import os
import secrets
import stat
from pathlib import Path

TOKEN_SUFFIX = ".token"


class TokenError(Exception):
    """A token file that cannot be used, with a message fit for the user."""


def token_path_for(journal: Path) -> Path:
    return journal.with_name(journal.name + TOKEN_SUFFIX)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def load_or_create_token(path: str | os.PathLike) -> str:
    """The token kept in ``path``, made (mode 0600) when the file does not exist.

    A file that others can read is refused rather than used: whoever reads it can run the show.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    except OSError as error:
        raise TokenError(f"{path}: cannot create the token file: {error.strerror}") from None
    token = new_token()
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, (token + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return token


def _read(path: Path) -> str:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise TokenError(f"{path}: not a regular file")
        if info.st_mode & 0o077:
            raise TokenError(
                f"{path}: others can read this token file (mode {stat.S_IMODE(info.st_mode):o}); "
                f"chmod 600 {path} first"
            )
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise TokenError(f"{path}: cannot read the token file: {getattr(error, 'strerror', error)}") from None
    if len(text) < 16 or any(c.isspace() for c in text) or not text.isascii():
        raise TokenError(f"{path}: not a token (one line of at least 16 printable ASCII characters)")
    return text


def same_token(given: str | None, token: str) -> bool:
    """Compared in constant time; any text (not ASCII, empty) is simply wrong."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode())
