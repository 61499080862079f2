"""The stage view: a read-only Textual app that follows a show's journal from another process.

It shows the speaker and the stage manager how much time is left, the phase (in colour and in
words), the organizer's message, and what comes next. It never writes anything: the only key
it knows is quit.

Data flow: ``JournalFollower.poll()`` every ``poll_interval`` (one ``stat`` when nothing
changed) -> new actions are folded into a ``Folded`` (an undo, or a journal replaced by a
``--fresh`` run, folds again from the start) -> ``project(folded, now)`` at once after new
records, and else when the view next changes by the passing of time (the timer's next whole
second, the clock's next minute, a blink's next half second; at least every ``tick_interval``)
-> ``stage_view(state, ...)``, a plain ``StageView`` holding every text the screen shows ->
only the widgets whose text or class changed are updated, and a timer repaints only the
digits that changed. A running timer costs one redraw a second.

What the view may show is decided in ``stage_view`` alone, from public fields: segment
titles, speakers' display names, times, phases, the organizer's stage message and the
event's title. Never phones, e-mails, organizer notes, checklists or hand-off cues.

Console offline: the organizer's console holds an exclusive ``flock`` on ``<journal>.lock``
while it has the journal open, and the kernel drops it when that process dies. Every
``LOCK_PROBE_EVERY`` seconds (only once a journal exists) the stage view asks whether anyone
holds that lock; when nobody does and no record came in the last ``OFFLINE_AFTER`` seconds
either, it shows a discreet "console offline" mark while it keeps counting from the last known
state. Any new record, or the lock held again, clears the mark. After the end of the show the
mark is not shown (closing the console then is normal). On Linux the question is answered by
/proc/locks, which takes no lock. Elsewhere the stage opens the lock file read only and tries
``flock(LOCK_SH | LOCK_NB)``: getting it means nobody writes. That probe holds the shared lock
for a few microseconds, and a console started in exactly that instant is told the journal is
busy (starting it again works).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import io
import math
import os
import select
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Region, Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widgets import Digits, Static

from ..journal import JournalError, JournalFollower, default_journal_path, lock_path, read_journal
from ..plan import Plan, PlanError, format_clock, load_plan
from ..show import Clock, Folded, ShowState, SystemClock, fold, fold_more, project
from .themes import DEFAULT_THEME, register_themes

Role = Literal["speaker", "manager"]
ROLES: tuple[str, ...] = ("speaker", "manager")

TICK_INTERVAL = 1.0  # at most this many seconds between two redraws (else: when the view next changes)
POLL_INTERVAL = 0.05  # seconds between two looks at the journal
LOCK_PROBE_EVERY = 2.0  # seconds between two checks of the console's lock
OFFLINE_AFTER = 2.0  # seconds without a record before a free lock means "console offline"
PHASE_FLASH = 3.0  # seconds the phase banner and the timer flash after the phase changed

# --------------------------------------------------------------------------------------------
# A 5x7 bitmap font, drawn with half blocks (one pixel: one column wide, half a row high, so
# pixels are about square). Scaled by whole numbers for the timer and short messages.

_FONT_SOURCE = {
    "0": ".###. #...# #...# #...# #...# #...# .###.",
    "1": "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
    "2": ".###. #...# ....# ...#. ..#.. .#... #####",
    "3": ".###. #...# ....# ..##. ....# #...# .###.",
    "4": "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
    "5": "##### #.... ####. ....# ....# #...# .###.",
    "6": "..##. .#... #.... ####. #...# #...# .###.",
    "7": "##### ....# ...#. ..#.. .#... .#... .#...",
    "8": ".###. #...# #...# .###. #...# #...# .###.",
    "9": ".###. #...# #...# .#### ....# ...#. .##..",
    ":": ".. ## ## .. ## ## ..",
    "+": "..... ..#.. ..#.. ##### ..#.. ..#.. .....",
    "-": "..... ..... ..... ##### ..... ..... .....",
    "A": ".###. #...# #...# ##### #...# #...# #...#",
    "B": "####. #...# #...# ####. #...# #...# ####.",
    "C": ".###. #...# #.... #.... #.... #...# .###.",
    "D": "####. #...# #...# #...# #...# #...# ####.",
    "E": "##### #.... #.... ####. #.... #.... #####",
    "F": "##### #.... #.... ####. #.... #.... #....",
    "G": ".###. #...# #.... #.### #...# #...# .####",
    "H": "#...# #...# #...# ##### #...# #...# #...#",
    "I": "### .#. .#. .#. .#. .#. ###",
    "J": "..### ...#. ...#. ...#. ...#. #..#. .##..",
    "K": "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
    "L": "#.... #.... #.... #.... #.... #.... #####",
    "M": "#...# ##.## #.#.# #.#.# #...# #...# #...#",
    "N": "#...# #...# ##..# #.#.# #..## #...# #...#",
    "O": ".###. #...# #...# #...# #...# #...# .###.",
    "P": "####. #...# #...# ####. #.... #.... #....",
    "Q": ".###. #...# #...# #...# #.#.# #..#. .##.#",
    "R": "####. #...# #...# ####. #.#.. #..#. #...#",
    "S": ".#### #.... #.... .###. ....# ....# ####.",
    "T": "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
    "U": "#...# #...# #...# #...# #...# #...# .###.",
    "V": "#...# #...# #...# #...# #...# .#.#. ..#..",
    "W": "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
    "X": "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
    "Y": "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
    "Z": "##### ....# ...#. ..#.. .#... #.... #####",
    " ": "... ... ... ... ... ... ...",
    ".": ".. .. .. .. .. ## ##",
    ",": ".. .. .. .. ## .# #.",
    ";": ".. ## ## .. ## .# #.",
    "!": "## ## ## ## ## .. ##",
    "?": ".###. #...# ....# ...#. ..#.. ..... ..#..",
    "'": "# # . . . . .",
    '"': "#.# #.# ... ... ... ... ...",
    "/": "....# ....# ...#. ..#.. .#... #.... #....",
    "&": ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#",
    "(": "..# .#. #.. #.. #.. .#. ..#",
    ")": "#.. .#. ..# ..# ..# .#. #..",
    "#": ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.",
    "%": "##..# ##..# ...#. ..#.. .#... #..## #..##",
    "=": "..... ..... ##### ..... ##### ..... .....",
    "_": "..... ..... ..... ..... ..... ..... #####",
    "*": "..... #.#.# .###. ##### .###. #.#.# .....",
    "·": ".. .. .. ## ## .. ..",
}
FONT: dict[str, tuple[str, ...]] = {char: tuple(rows.split()) for char, rows in _FONT_SOURCE.items()}
FONT_HEIGHT = 7
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def can_draw(text: str) -> bool:
    """Whether the bitmap font has every character of ``text`` (lower case is drawn upper case)."""
    return bool(text) and all(char in FONT for char in text.upper())


def big_width(text: str, scale: int) -> int:
    """Columns that ``text`` takes in the bitmap font at ``scale`` (one pixel gap between glyphs)."""
    glyphs = [FONT[char] for char in text.upper()]
    return scale * (sum(len(glyph[0]) for glyph in glyphs) + max(0, len(glyphs) - 1))


def big_rows(scale: int) -> int:
    return math.ceil(FONT_HEIGHT * scale / 2)


@lru_cache(maxsize=1024)
def _glyph(char: str, scale: int) -> tuple[str, ...]:
    """One glyph at ``scale`` with the one-pixel gap after it, as half-block rows."""
    rows = FONT[char]
    pixel_rows = []
    for row in rows:
        pixels = [cell == "#" for cell in row + "." for _ in range(scale)]
        pixel_rows.extend([pixels] * scale)
    if len(pixel_rows) % 2:
        pixel_rows.append([False] * len(pixel_rows[0]))
    return tuple(
        "".join(_HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=False))
        for upper, lower in zip(pixel_rows[0::2], pixel_rows[1::2], strict=False)
    )


@lru_cache(maxsize=256)
def _big_lines(text: str, scale: int) -> tuple[str, ...]:
    glyphs = [_glyph(char, scale) for char in text.upper()]
    return tuple("".join(glyph[y] for glyph in glyphs)[:-scale] for y in range(big_rows(scale)))


def big_lines(text: str, scale: int) -> list[str]:
    """``text`` drawn in the bitmap font at ``scale``: ``big_rows(scale)`` strings of equal width."""
    return list(_big_lines(text, scale))


def wrap_words(text: str, scale: int, width: int) -> list[str] | None:
    """Greedy word wrap of ``text`` for the bitmap font at ``scale``; None if a word is too wide."""
    lines: list[str] = []
    for word in text.split():
        if big_width(word, scale) > width:
            return None
        if lines and big_width(f"{lines[-1]} {word}", scale) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit_big(text: str, width: int, height: int, max_scale: int = 12) -> list[str] | None:
    """The biggest drawing of ``text`` (wrapped on words) in ``width`` x ``height`` cells, or None."""
    if not can_draw(text) or width <= 0 or height <= 0:
        return None
    for scale in range(max_scale, 0, -1):
        lines = wrap_words(text, scale, width)
        if not lines:
            continue
        needed = len(lines) * big_rows(scale) + (len(lines) - 1)
        if needed > height:
            continue
        out: list[str] = []
        for index, line in enumerate(lines):
            if index:
                out.append("")
            out.extend(big_lines(line, scale))
        return out
    return None


# --------------------------------------------------------------------------------------------
# The view model: every text the stage shows, computed from a ShowState. Pure.


@dataclass(frozen=True)
class StageView:
    mode: Literal["waiting", "before", "live", "ended"]
    event: str = ""
    clock: str = ""
    status: str = ""  # "console offline", "waiting for the show to start", a journal problem
    status_problem: bool = False
    heading: str = ""  # the live segment's title, or "Starts at 18:00", "Thank you"
    speakers: str = ""
    big: str = ""  # the timer ("12:34", "+01:23"), a countdown, or "THANK YOU"
    phase: str = "pending"  # a phase name, for the colour
    phase_words: str = ""
    paused: bool = False
    message: str = ""
    message_flash: bool = False
    blackout: bool = False
    next_up: str = ""
    schedule: str = ""
    schedule_class: str = ""  # ahead, behind, on-schedule
    curfew: str = ""  # "CURFEW 22:00: projected end 22:14, +14m" once the end passes it (manager role)

    @property
    def phase_key(self) -> tuple[str, str, str]:
        """What changing makes the phase banner flash: the mode, the live segment and its phase."""
        return (self.mode, self.heading if self.mode == "live" else "", self.phase)


def timer_text(remaining: float) -> str:
    """``MM:SS`` left (rounded up, so 00:00 is the end), ``+MM:SS`` counting up in overtime."""
    if remaining > 0:
        return format_clock(math.ceil(remaining))
    return "+" + format_clock(math.floor(-remaining))


def countdown_text(seconds: float) -> str:
    """Time to wait, rounded up: ``MM:SS``, ``H:MM:SS``, or ``3 DAYS 04:05:06`` a day or more ahead."""
    total = math.ceil(max(0.0, seconds))
    days, rest = divmod(total, 86400)
    if not days:
        return format_clock(rest)
    hours, rest = divmod(rest, 3600)
    return f"{days} DAY{'S' if days > 1 else ''} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def _seconds(earlier: dt.datetime, later: dt.datetime) -> float:
    """Real seconds from ``earlier`` to ``later`` (through UTC: right across a DST change)."""
    return (later.astimezone(dt.UTC) - earlier.astimezone(dt.UTC)).total_seconds()


def _hm(instant: dt.datetime, tz: dt.tzinfo) -> str:
    return instant.astimezone(tz).strftime("%H:%M")


def stage_view(
    state: ShowState | None,
    now: dt.datetime,
    *,
    event: str = "",
    tz: dt.tzinfo | None = None,
    waiting: bool = False,
    offline: bool = False,
    problem: str = "",
) -> StageView:
    """What the stage shows at ``now``. ``state`` is None while no plan is known at all.

    ``waiting``: no journal yet (the console has not opened the show). Only public fields of
    the state are read here: this function is the privacy boundary of the stage view.
    """
    tz = tz or (state.tz if state else None) or now.astimezone().tzinfo or dt.UTC
    clock = now.astimezone(tz).strftime("%H:%M")
    status = problem or ("waiting for the show to start" if waiting else "")
    if state is None:
        return StageView(
            mode="waiting",
            event=event,
            clock=clock,
            status=status,
            status_problem=bool(problem),
            heading="",
            big="--:--",
            phase="pending",
            phase_words="WAITING FOR THE SHOW TO START",
        )
    if offline and state.show != "ended" and not status:
        status = "console offline"
    message = state.message
    common = {
        "event": event,
        "clock": clock,
        "status": status,
        "status_problem": bool(problem),
        "message": "" if message is None or message.blackout else message.text,
        "message_flash": bool(message and message.flash),
        "blackout": bool(message and message.blackout),
        "curfew": state.curfew_words() if state.show != "ended" else "",
    }
    if state.show == "ended":
        ended = state.ended_at or state.projected_end
        return StageView(
            mode="ended",
            heading="Thank you",
            big="THANK YOU",
            phase="pending",
            phase_words=f"ENDED AT {_hm(ended, tz)}",
            **common,
        )
    next_row = state.next_row
    if next_row is not None:
        parts = [next_row.title, ", ".join(next_row.speakers), _hm(next_row.start, tz)]
        next_up = "  ·  ".join(part for part in parts if part)
    else:
        next_up = f"End of the show  ·  {_hm(state.projected_end, tz)}"
    if state.show == "before":
        until = _seconds(now, state.planned_start)
        return StageView(
            mode="before",
            heading=f"{event} starts in" if event else "Starts in",
            big=countdown_text(until),
            phase="pending",
            phase_words=f"STARTS AT {_hm(state.planned_start, tz)}" if until > 0 else "STARTING SOON",
            next_up=next_up,
            **common,
        )
    live, row = state.live, state.live_row
    assert live is not None and row is not None
    schedule = state.schedule_words()  # the console header's words, to the character
    schedule_class = "on-schedule" if schedule == "ON SCHEDULE" else schedule.split()[0].lower()
    words = live.phase_words + ("  ·  PAUSED" if live.paused else "")
    return StageView(
        mode="live",
        heading=row.title,
        speakers=", ".join(row.speakers),
        big=timer_text(live.remaining),
        phase=live.phase,
        phase_words=words,
        paused=live.paused,
        next_up=next_up,
        schedule=schedule,
        schedule_class=schedule_class,
        **common,
    )


def seconds_to_next_change(state: ShowState | None, now: dt.datetime, *, blinking: bool = False) -> float:
    """Seconds from ``now`` until what the stage shows next changes by the passing of time alone.

    The timer (or the countdown) shows whole seconds, rounded up before zero and down after it,
    so it changes when the remaining time crosses a whole number; phases change at whole
    seconds too. The clock changes at the minute; a blink every half second.
    """
    second = now.second + now.microsecond / 1e6
    candidates = [60.0 - second]
    if blinking:
        candidates.append(0.5 - (now.timestamp() % 0.5))
    if state is not None and state.show == "before":
        until = _seconds(now, state.planned_start)
        if until > 0:
            candidates.append(until - (math.ceil(until) - 1))
    elif state is not None and state.live is not None and not state.live.paused:
        remaining = state.live.remaining
        candidates.append(
            remaining - (math.ceil(remaining) - 1)
            if remaining > 0
            else math.floor(-remaining) + 1 + remaining
        )
    return max(0.0, min(candidates))


# --------------------------------------------------------------------------------------------
# Widgets


class BigText(Digits):
    """Text in the biggest size that fits its region.

    The bitmap font scaled by a whole number when there is room for it at ``min_scale`` or
    more; else Textual's own 3-row ``Digits`` (for a time); else plain bold text, wrapped.
    With ``auto_fraction`` set, its height is auto: at most that fraction of the screen.

    The bitmap drawing is served line by line from a cache (Textual's line API), and a new
    value that keeps the drawing's size repaints only the columns that changed: from 12:35 to
    12:34, one digit. That is most of what a running timer costs.
    """

    DEFAULT_CSS = """
    BigText { width: 1fr; height: 1fr; content-align: center middle; text-align: center; }
    """

    def __init__(
        self,
        value: str = "",
        *,
        max_scale: int = 12,
        min_scale: int = 2,
        auto_fraction: float | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(value, id=id, classes=classes)
        self.max_scale = max_scale
        self.min_scale = min_scale
        self.auto_fraction = auto_fraction
        self._strips: dict[int, Strip] = {}
        self._strips_key: tuple | None = None

    def update(self, value: str) -> None:
        if value == self.value:
            return
        width, height = self.content_size
        old = self._placed(self.value, width, height)
        new = self._placed(value, width, height)
        self._value = value
        if old is None or new is None or old[:3] != new[:3] or self.auto_fraction is not None:
            self.refresh(layout=self.auto_fraction is not None)
            return
        x, y, lines = new[0], new[1], new[3]
        changed = [
            column
            for column in range(len(lines[0]))
            if any(old_line[column] != line[column] for old_line, line in zip(old[3], lines, strict=False))
        ]
        if changed:
            self.refresh(Region(x + changed[0], y, changed[-1] - changed[0] + 1, len(lines)), repaint=True)

    def _lines(self, width: int, height: int, value: str | None = None) -> tuple[str, list[str]]:
        """("big" | "digits" | "plain", lines) for a region of ``width`` x ``height``."""
        value = self.value if value is None else value
        if not value:
            return "plain", []
        lines = fit_big(value, width, height, self.max_scale)
        if lines is not None and len(lines) >= big_rows(self.min_scale):
            return "big", lines
        if (
            height >= 3
            and all(char in "0123456789+-:" for char in value)
            and DigitsRenderable.get_width(value) <= width
        ):
            return "digits", []
        return "plain", [value]

    def _placed(self, value: str, width: int, height: int) -> tuple[int, int, int, list[str]] | None:
        """(x, y, width, lines) of the bitmap drawing of ``value``, centred; None if not drawn big."""
        kind, lines = self._lines(width, height, value)
        if kind != "big" or not lines:
            return None
        line_width = max(len(line) for line in lines)
        lines = [line.center(line_width) for line in lines]
        return max(0, (width - line_width) // 2), max(0, (height - len(lines)) // 2), line_width, lines

    def render(self):
        width, height = self.content_size
        kind, lines = self._lines(width, height)
        if kind == "digits":
            return super().render()
        return Text("\n".join(lines), style="bold", justify="center")

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        placed = self._placed(self.value, width, height)
        if placed is None:
            return super().render_line(y)
        style = self.rich_style
        key = (self.value, width, height, style)
        if key != self._strips_key:
            self._strips_key, self._strips = key, {}
        strip = self._strips.get(y)
        if strip is None:
            x, top, _, lines = placed
            text = lines[y - top] if 0 <= y - top < len(lines) else ""
            strip = Strip([Segment(" " * x + text + " " * max(0, width - x - len(text)), style)], width)
            self._strips[y] = strip
        return strip

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.value:
            return 0
        budget = max(1, int(viewport.height * (self.auto_fraction or 1.0)))
        kind, lines = self._lines(width, budget)
        if kind == "digits":
            return 3
        if kind == "plain":
            return min(budget, max(1, math.ceil(len(self.value) / max(1, width))))
        return len(lines)


# --------------------------------------------------------------------------------------------
# The app


def resolve_source(source: str | os.PathLike) -> tuple[Path, Plan | None]:
    """The journal to follow and, given a plan, the plan (for the countdown before a journal exists).

    Raises PlanError for a bad plan and JournalError for a journal that cannot be used.
    """
    path = Path(source)
    if path.is_dir():
        raise JournalError(f"{path}: is a directory; give a plan (.toml) or a journal (.journal.jsonl)")
    if path.suffix == ".toml":
        return default_journal_path(path), load_plan(path).plan
    if path.exists():
        read_journal(path)  # fail now, with a clear message, on a file that is no journal
    return path, None


PROC_LOCKS = Path("/proc/locks")


def console_present(journal: Path) -> bool:
    """Whether some process holds the journal's writer lock (an organizer console has it open).

    On Linux, read from /proc/locks, which takes no lock at all; elsewhere, try a shared lock
    without waiting (held for microseconds; see the module's docstring).
    """
    try:
        status = os.stat(lock_path(journal))
    except OSError:
        return False
    held = _held_per_proc_locks(status)
    return _held_per_flock(journal) if held is None else held


def _held_per_proc_locks(status: os.stat_result) -> bool | None:
    """From /proc/locks ("1: FLOCK  ADVISORY  WRITE 4242 fe:00:2155372 0 EOF"); None if unreadable."""
    try:
        table = PROC_LOCKS.read_text()
    except OSError:
        return None
    key = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    return any("FLOCK" in line and key in line.split() for line in table.splitlines())


def _held_per_flock(journal: Path) -> bool:
    try:
        fd = os.open(lock_path(journal), os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


class StageApp(App):
    """The stage view. ``StageApp(source_path, clock, role, poll_interval, theme)``; read only."""

    CSS_PATH = "stage.tcss"
    TITLE = "runofshow stage"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("q", "quit", "Quit", show=False)]

    def __init__(
        self,
        source_path: str | os.PathLike,
        clock: Clock | None = None,
        role: Role = "manager",
        poll_interval: float = POLL_INTERVAL,
        theme: str | None = None,
        tick_interval: float = TICK_INTERVAL,
    ) -> None:
        super().__init__()
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}: speaker or manager")
        self.journal_path, self._file_plan = resolve_source(source_path)
        self.clock: Clock = clock or SystemClock()
        self.role = role
        self.poll_interval = poll_interval
        self.tick_interval = tick_interval
        register_themes(self, theme or DEFAULT_THEME)  # before the stylesheet needs $phase-*
        self._follower = JournalFollower(self.journal_path)
        self._replay = None
        self._plan: Plan | None = self._file_plan
        self._folded: Folded | None = fold(self._file_plan, []) if self._file_plan else None
        self.lock_probe_every = LOCK_PROBE_EVERY
        self.offline_after = OFFLINE_AFTER
        self._problem = ""
        self._last_record = time.monotonic()
        self._next_probe = 0.0
        self._offline = False
        self._shown: dict[str, object] = {}
        self._phase_key: tuple | None = None
        self._phase_changed_at: dt.datetime | None = None
        self.view: StageView | None = None
        self._served_hangup = (
            _hangup_check() if "web_driver" in os.environ.get("TEXTUAL_DRIVER", "") else None
        )
        self._poll_handle: asyncio.TimerHandle | None = None
        self._tick_handle: asyncio.TimerHandle | None = None
        self.records_seen = 0  # actions applied so far (tests and the benchmark wait on it)
        self.frames = 0  # view updates that changed something

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="stage"):
            with Horizontal(id="top"):
                yield Static("", id="event", markup=False)
                yield Static("", id="status", markup=False)
                yield Static("", id="clock", markup=False)
            yield BigText("", id="heading", max_scale=1, min_scale=1, auto_fraction=0.1)
            yield Static("", id="speakers", markup=False)
            yield BigText("", id="timer")
            yield BigText("", id="phase", max_scale=2, min_scale=1, auto_fraction=0.12)
            yield BigText(
                "",
                id="message",
                max_scale=4,
                min_scale=1,
                auto_fraction=0.4 if self.role == "speaker" else 0.3,
            )
            with Horizontal(id="next"):
                yield Static("NEXT", id="next-label", markup=False)
                yield Static("", id="next-up", markup=False)
                yield Static("", id="schedule", markup=False)
        yield Static("", id="blackout-clock", markup=False)

    def on_mount(self) -> None:
        self.screen.add_class(f"-{self.role}")
        self._poll()
        self._update_view()
        self._poll_handle = asyncio.get_running_loop().call_later(self.poll_interval, self._poll_tick)

    def on_unmount(self) -> None:
        for handle in (self._poll_handle, self._tick_handle):
            if handle is not None:
                handle.cancel()
        self._poll_handle = self._tick_handle = None

    # Both loops are plain event-loop callbacks, not Textual timers: a look at the journal that
    # finds nothing new costs one stat() and no message through the app's queues.

    def _stopping(self) -> bool:
        # is_running turns False first when Textual shuts down: the screens are pruned after it,
        # before _closing is set, and a redraw then would find no widgets
        return self._exit or self._closing or self._closed or not self.is_running

    def _poll_tick(self) -> None:
        if self._stopping():
            return
        if self._served_hangup is not None and self._served_hangup():
            self.exit()  # served, and the server is gone: nobody can see this screen any more
            return
        try:
            self._poll()
        except Exception as error:  # a bug: let Textual report it and exit, as for a handler
            self._handle_exception(error)
            return
        if self._poll_handle is not None:
            self._poll_handle = asyncio.get_running_loop().call_later(self.poll_interval, self._poll_tick)

    def _tick(self) -> None:
        self._tick_handle = None
        if self._stopping():
            return
        try:
            self._update_view()
        except Exception as error:
            self._handle_exception(error)

    # -- following the journal ----------------------------------------------------------------

    def _poll(self) -> None:
        try:
            new = self._follower.poll()
        except (JournalError, PlanError) as error:
            self._problem = _one_line(str(error))
            return
        replay = self._follower.replay
        changed = False
        if replay is not self._replay:  # the header came in, or the journal was replaced (--fresh)
            self._replay = replay
            self._plan = replay.plan if replay is not None else self._file_plan
            actions = list(replay.actions) if replay is not None else []
            self._folded = fold(self._plan, actions) if self._plan is not None else None
            self.records_seen = len(actions)
            changed = True
        elif new and self._folded is not None:
            self._folded = fold_more(self._plan, self._folded, new, replay.actions)
            self.records_seen += len(new)
            changed = True
        now = time.monotonic()
        if changed:
            self._problem = ""
            self._last_record = now
            self._offline = False
            self._update_view()
        if replay is not None and now >= self._next_probe:
            self._next_probe = now + self.lock_probe_every
            offline = now - self._last_record >= self.offline_after and not console_present(self.journal_path)
            if offline != self._offline:
                self._offline = offline
                self._update_view()

    # -- drawing ------------------------------------------------------------------------------

    def _state_and_view(self, now: dt.datetime) -> tuple[ShowState | None, StageView]:
        state = project(self._folded, now) if self._folded is not None else None
        plan = self._plan
        return state, stage_view(
            state,
            now,
            event=plan.event.title if plan else "",
            tz=plan.tz if plan else None,
            waiting=self._replay is None,
            offline=self._offline,
            problem=self._problem,
        )

    def current_view(self) -> StageView:
        return self._state_and_view(self.clock.now())[1]

    def redraw(self) -> None:
        """Project the state at the clock's now and update what changed (the tick calls it)."""
        self._update_view()

    def _update_view(self) -> None:
        now = self.clock.now()
        state, view = self._state_and_view(now)
        if self._phase_key is not None and view.phase_key != self._phase_key:
            self._phase_changed_at = now
        self._phase_key = view.phase_key
        since_change = _seconds(self._phase_changed_at, now) if self._phase_changed_at else None
        half_second = int(now.timestamp() * 2) % 2 == 0  # on for half of every second
        flashing = since_change is not None and 0 <= since_change < PHASE_FLASH
        self.view = view
        self._apply(
            view, changed_flash=flashing and half_second, message_flash=view.message_flash and half_second
        )
        self._schedule_tick(seconds_to_next_change(state, now, blinking=flashing or view.message_flash))

    def _schedule_tick(self, delay: float) -> None:
        """Redraw when the view next changes (a second of the timer, a minute of the clock), at the
        latest after ``tick_interval``; a bit after the instant, so that it has come."""
        if self._tick_handle is not None:
            self._tick_handle.cancel()
        if self._stopping():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._tick_handle = loop.call_later(min(self.tick_interval, delay + 0.002), self._tick)

    def _apply(self, view: StageView, *, changed_flash: bool, message_flash: bool) -> None:
        self._set_text("#event", view.event)
        status, status_problem = view.status, view.status_problem
        if self.role == "manager" and view.curfew and not status:  # the speaker is not told
            status, status_problem = view.curfew, True
        self._set_text("#status", status)
        self._set_text("#clock", view.clock)
        self._set_text("#heading", view.heading)
        self._set_text("#speakers", view.speakers)
        self._set_text("#timer", view.big)
        self._set_text("#phase", view.phase_words)
        self._set_text("#message", view.message)
        self._set_text("#next-up", view.next_up)
        self._set_text("#schedule", view.schedule)
        self._set_text("#blackout-clock", view.clock)
        self._set_classes(
            "#timer",
            f"phase-{view.phase} mode-{view.mode}"
            + (" -paused" if view.paused else "")
            + (" -changed" if changed_flash else ""),
        )
        self._set_classes("#phase", f"phase-{view.phase}" + (" -changed" if changed_flash else ""))
        self._set_classes(
            "#message", ("-shown" if view.message else "") + (" -flash" if message_flash else "")
        )
        self._set_classes("#schedule", view.schedule_class)
        self._set_classes("#next", "-shown" if view.next_up else "")
        self._set_classes("#status", "-problem" if status_problem else "")
        self._set_classes(
            "Screen", f"-{self.role} mode-{view.mode}" + (" -blackout" if view.blackout else "")
        )

    def _set_text(self, selector: str, text: str) -> None:
        key = f"text{selector}"
        if self._shown.get(key) == text:
            return
        self._shown[key] = text
        widget = self.query_one(selector)
        widget.update(text)
        self.frames += 1

    def _set_classes(self, selector: str, classes: str) -> None:
        key = f"class{selector}"
        if self._shown.get(key) == classes:
            return
        old = self._shown.get(key, "")
        self._shown[key] = classes
        widget = self.screen if selector == "Screen" else self.query_one(selector)
        widget.remove_class(*str(old).split())
        widget.add_class(*classes.split())
        self.frames += 1


def _hangup_check():
    """For a stage served by textual-serve: a check that its server went away (its stdin hung up).

    textual-serve talks to the app through its stdin and stdout. If the server dies without
    closing the session (killed), the app would otherwise run on, writing into a broken pipe.
    """
    try:
        poller = select.poll()
        poller.register(sys.stdin.fileno(), select.POLLHUP)
    except (AttributeError, OSError, ValueError):
        return None

    def hung_up() -> bool:
        try:
            return any(
                events & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, events in poller.poll(0)
            )
        except OSError:
            return True

    return hung_up


def _one_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def screen_text(app: App) -> str:
    """The plain text of what ``app`` shows now (tests, the benchmark, the privacy check)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()
