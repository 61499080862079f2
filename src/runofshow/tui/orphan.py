"""A view served in a browser ends with its server.

textual-serve runs each browser session's app as a child process talking over stdin/stdout pipes.
When the server dies (killed, crashed), Textual's web driver just stops reading input: the app goes
on, and with nobody reading its output it was seen rendering at 95% CPU, deaf to SIGTERM (Textual
turns SIGTERM into a message that waits behind the renders), for as long as the laptop runs. The
views served this way only read (the stage view, the green room, hq), so when the pipe to the
server is gone there is nothing to save: the process ends at once.
"""

from __future__ import annotations

import os
import select
import stat
import sys
import threading

WEB_DRIVER = "web_driver"  # textual-serve sets TEXTUAL_DRIVER=textual.drivers.web_driver:WebDriver


def exit_with_the_server() -> bool:
    """When served (web driver, stdout a pipe), watch the pipe in a daemon thread and end the
    process as soon as its reader is gone. Returns whether it watches."""
    if WEB_DRIVER not in os.environ.get("TEXTUAL_DRIVER", ""):
        return False
    try:
        fd = sys.__stdout__.fileno() if sys.__stdout__ is not None else -1
        if fd < 0 or not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return False
    except (OSError, ValueError):
        return False
    threading.Thread(target=_watch, args=(fd,), name="runofshow-orphan", daemon=True).start()
    return True


def _watch(fd: int) -> None:
    poller = select.poll()
    poller.register(fd, 0)  # no events asked: POLLERR / POLLHUP come regardless
    while True:
        for _, event in poller.poll():
            if event & (select.POLLERR | select.POLLHUP | select.POLLNVAL):
                os._exit(0)  # read-only view: nothing to flush, and the event loop may be stuck
