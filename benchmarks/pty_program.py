"""A program on a pseudo-terminal, as a user's terminal would run it, for the view benchmarks.

Not a benchmark module itself (run.py only collects ``bench_*.py``). A thread reads everything
the program writes and hands each chunk, with the instant it arrived, to ``received``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path


class PtyProgram:
    QUIT: bytes | None = None  # the key that quits the program (None: ``close`` kills it)

    def __init__(
        self,
        argv: list[str],
        size: tuple[int, int],
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
        env.pop("TEXTUAL", None)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            now = time.monotonic()
            with self.lock:
                self.received(chunk.decode("utf-8", "replace"), now)

    def received(self, text: str, now: float) -> None:
        """Called with the lock held for every chunk the program wrote."""
        raise NotImplementedError

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def close(self) -> None:
        """Quit the program (its ``QUIT`` key, killed if it does not within 10 s; killed at once
        without one) and close the terminal."""
        if self.process.poll() is None:
            if self.QUIT is not None:
                os.write(self.master, self.QUIT)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=10)
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)
