"""The stage view model: every text the stage shows, computed from a ShowState. Pure: no Textual.

``stage_view`` is the privacy boundary of the stage view (and of the browser view, which serves
the same app): only public fields of the state are read here, so what it returns may go on a
screen the audience sees. Segment titles, speakers' display names, times, phases, the
organizer's stage message and the event's title; never phones, e-mails, organizer notes,
checklists or hand-off cues. ``StageApp`` (tui/stage.py) only draws what this returns.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Literal

from ..base.instants import seconds_between as _seconds
from ..plan import format_clock
from ..show import ShowState


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


HELD = "0:00"  # the timer past zero when overtime is held: never a growing number
TIME_UP = "TIME UP"


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
    hold: bool = False,
) -> StageView:
    """What the stage shows at ``now``. ``state`` is None while no plan is known at all.

    ``waiting``: no journal yet (the console has not opened the show). ``hold``: past zero the
    timer holds at ``0:00`` and the phase says TIME UP (``[timers] overtime = "hold"``, for the
    speaker), instead of counting up. Only public fields of the state are read here: this
    function is the privacy boundary of the stage view.
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
    common: dict[str, Any] = {
        "event": event,
        "clock": clock,
        "status": status,
        "status_problem": bool(problem),
        "message": "" if message is None or state.blackout else message.text,
        "message_flash": bool(message and message.flash),
        "blackout": state.blackout,
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
    held = hold and live.remaining <= 0
    words = (TIME_UP if held else live.phase_words) + ("  ·  PAUSED" if live.paused else "")
    return StageView(
        mode="live",
        heading=row.title,
        speakers=", ".join(row.speakers),
        big=HELD if held else timer_text(live.remaining),
        phase=live.phase,
        phase_words=words,
        paused=live.paused,
        next_up=next_up,
        schedule=schedule,
        schedule_class=schedule_class,
        **common,
    )


def seconds_to_next_change(
    state: ShowState | None, now: dt.datetime, *, blinking: bool = False, hold: bool = False
) -> float:
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
        if hold and remaining <= 0:
            return max(0.0, min(candidates))  # held at 0:00: only the clock changes
        candidates.append(
            remaining - (math.ceil(remaining) - 1)
            if remaining > 0
            else math.floor(-remaining) + 1 + remaining
        )
    return max(0.0, min(candidates))
