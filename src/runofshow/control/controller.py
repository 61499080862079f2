"""One command from outside, run the way a key press runs: the action it means now, the show's
refusal rules, the journal (fsync), and only then the screen (``on_change``).

Shared by the HTTP API and OSC. No Textual: the console hands in what to call after a change
(redraw) and where to log a refusal (its feed); tests hand in lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..journal import JournalError
from ..live import LiveShow, Refused
from ..plan import Plan
from ..show import Action, Clock
from .api import BadRequest, Command, NotNow, parse_body, state_json, to_action

GO_AGAIN_WITHIN = 5.0  # seconds: as on the console, a second GO within this goes despite blocking items
SOURCE_WORDS = {"api": "API", "osc": "OSC", "key": "key"}


@dataclass(frozen=True)
class Outcome:
    """What a command came to: an HTTP status, the JSON answer, and the action journaled (if any)."""

    status: int
    body: dict
    action: Action | None = None
    seq: int | None = None


class Controller:
    def __init__(
        self,
        show: LiveShow,
        clock: Clock,
        on_change: Callable[[], object] = lambda: None,
        on_log: Callable[[dt.datetime, str], object] = lambda at, text: None,
    ) -> None:
        self.show = show
        self.clock = clock
        self.on_change = on_change
        self.on_log = on_log
        self._go_armed: tuple[str, dt.datetime] | None = None

    @property
    def plan(self) -> Plan:
        """The journal's plan as the show runs it (amended mid-show if it was): the one the show's
        refusal rules and the console's alerts read, so a task or a person added by an amendment
        is known here too."""
        return self.show.folded.plan

    def state(self) -> dict:
        return state_json(self.show.state(self.clock.now()), self.plan)

    def timer_running(self) -> bool:
        """Is a timer counting (a live segment, not paused)? Then the events socket ticks each second."""
        timer = self.show.state(self.clock.now()).live
        return timer is not None and not timer.paused

    def request(self, name: str, body: bytes, source: str = "api") -> Outcome:
        """An HTTP command: parse ``body``, then run it. 400 names the field; nothing is logged."""
        try:
            command = parse_body(name, body)
        except BadRequest as error:
            return Outcome(400, error.to_json())
        return self.run(command, source)

    def run(self, command: Command, source: str) -> Outcome:
        now = self.clock.now()
        state = self.show.state(now)
        try:
            if command.name == "go":
                self._check_blockers(state, now)
            action = to_action(command, state, self.plan, now, source)
            seq = self.show.do(action)  # refusal rules, then the journal (fsync)
        except (NotNow, Refused) as refused:
            self.log(now, f"refused ({SOURCE_WORDS.get(source, source)}) {command.name}: {refused.reason}")
            return Outcome(409, {"error": refused.reason})
        except (JournalError, OSError) as error:
            self.log(now, f"could not write the journal ({SOURCE_WORDS.get(source, source)}): {error}")
            return Outcome(503, {"error": f"could not write the journal: {error}"})
        if command.name == "go":
            self._go_armed = None
        self.on_change()  # the screen, after the journal
        return Outcome(200, self.state(), action, seq)

    def log(self, at: dt.datetime, text: str) -> None:
        self.on_log(at, text)

    def _check_blockers(self, state, now: dt.datetime) -> None:
        """Blocking checklist items stop a GO from outside as they stop the space bar: a second
        GO within GO_AGAIN_WITHIN seconds goes anyway (a Stream Deck button pressed twice)."""
        nxt = state.next_row
        if state.show == "ended" or nxt is None:
            return
        blockers = state.blockers(nxt.id)
        armed = self._go_armed
        again = (
            armed is not None and armed[0] == nxt.id and (now - armed[1]).total_seconds() <= GO_AGAIN_WITHIN
        )
        if blockers and not again:
            self._go_armed = (nxt.id, now)
            names = "; ".join(item.item for item in blockers)
            raise NotNow(
                f"not ready for {nxt.title}: {names}; send go again within {GO_AGAIN_WITHIN:.0f} s to go anyway"
            )
