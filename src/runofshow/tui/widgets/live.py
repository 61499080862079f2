"""The live segment: big remaining time, phase in words and colour, progress, speakers, Q&A."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Mount
from textual.widgets import Digits, ProgressBar, Static

from ...base.instants import seconds_between
from ...show import ShowState
from .cards import LATE_START, restyle_now, starts_in
from .common import PHASE_CLASSES, countdown, hm, phase_class, rtl, short_duration, signed


class SegmentProgress(ProgressBar):
    """A ProgressBar without its own once-a-second ETA timer: the console says when to update."""

    def on_mount(self, event: Mount) -> None:  # type: ignore[override]  # the event, to prevent_default
        event.prevent_default()  # skip ProgressBar.on_mount (its 1 s interval for the ETA)
        self.update()


STEPS = 400  # the progress is handed over in 1/400ths: a bar is at most ~200 half-cells wide


class LivePanel(Vertical):
    """Everything about the segment on stage now (or, before the show, the countdown to it)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._last: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="live-heading")
        with Horizontal(id="live-row"):
            yield Digits("--:--", id="live-digits")
            with Vertical(id="live-side"):
                yield Static(id="phase-word")
                yield Static(id="live-speakers")
        yield SegmentProgress(total=STEPS, show_eta=False, show_percentage=False, id="live-progress")
        yield Static(id="live-detail")

    def _set(self, key: str, value: object, apply) -> None:
        if self._last.get(key) != value:
            self._last[key] = value
            apply(value)

    def show_state(self, state: ShowState) -> None:
        view = self.view(state)
        self._set("class", view["class"], self._set_phase_class)
        fixed = partial(Static.update, layout=False)  # these have a fixed size: no new layout needed
        self._set("heading", view["heading"], partial(fixed, self.query_one("#live-heading", Static)))
        self._set("digits", view["digits"], self.query_one("#live-digits", Digits).update)
        self._set("word", view["word"], self.query_one("#phase-word", Static).update)
        self._set("speakers", view["speakers"], partial(fixed, self.query_one("#live-speakers", Static)))
        self._set("detail", view["detail"], partial(fixed, self.query_one("#live-detail", Static)))
        self._set("progress", view["progress"], self._set_progress)

    def _set_phase_class(self, name: str) -> None:
        update = restyle_now(self)
        self.remove_class(*PHASE_CLASSES, update=update)
        self.add_class(*name.split(), update=update)

    def _set_progress(self, steps: int) -> None:
        self.query_one("#live-progress", ProgressBar).update(progress=steps)

    @staticmethod
    def view(state: ShowState) -> dict[str, object]:
        """The panel's texts at ``state``: what the change detection compares."""
        tz = state.tz
        live, row = state.live, state.live_row
        if state.show == "live" and live is not None and row is not None:
            klass = phase_class(live.phase) + (" phase-paused" if live.paused else "")
            word = "PAUSED" if live.paused else live.phase_words
            if live.phase == "overtime":
                word = f"OVER TIME {signed(live.overtime)}"
            elif live.phase == "qa":
                word = f"Q&A · {countdown(live.remaining)} left"
            speakers = rtl(", ".join(row.speakers), names=True) or row.kind
            extras = []
            if live.qa:  # Q&A is the last ``qa`` seconds of the slot
                extras.append(f"Q&A last {short_duration(live.qa)}")
            if row.added:
                extras.append(f"{signed(row.added)} added")
            ends = f"ends ~{hm(row.end, tz)}"
            detail = " · ".join(
                [f"started {hm(live.started, tz)}", f"slot {short_duration(live.allotted)}", ends, *extras]
            )
            heading = Content.from_markup("[b]LIVE[/b]  $title", title=rtl(row.title))
            return dict(
                **{"class": klass},
                heading=heading,
                digits=countdown(live.remaining),
                word=word,
                speakers=Content.from_markup("[b]$who[/b]", who=speakers),
                detail=detail,
                progress=int(live.progress * STEPS),
            )
        if state.show == "before":
            first = state.next_row
            until = seconds_between(state.now, state.planned_start)
            late_start = until <= -LATE_START
            title = rtl(first.title) if first else "—"
            heading = Content.from_markup("[b]BEFORE THE SHOW[/b]  first: $title", title=title)
            if late_start:
                word, digits = f"LATE START {signed(-until)}", countdown(until)
            elif until <= 0:
                word, digits = "READY: GO", countdown(0)
            elif until >= 86400:  # another day: show the start time rather than a countdown of days
                word, digits = (
                    f"STARTS {state.planned_start.astimezone(tz):%a %d %b}",
                    hm(state.planned_start, tz),
                )
            else:
                word, digits = "NOT STARTED", countdown(until)
            detail = f"{starts_in(state)} · press space (GO) to start"
            return dict(
                **{"class": "phase-before" + (" phase-overtime" if late_start else "")},
                heading=heading,
                digits=digits,
                word=word,
                speakers=Content.from_markup(
                    "$who", who=rtl(", ".join(first.speakers), True) if first else ""
                ),
                detail=detail,
                progress=0,
            )
        ended = state.ended_at or state.now
        span = seconds_between(state.started_at, ended) if state.started_at else 0
        heading = Content.from_markup("[b]SHOW ENDED[/b]")
        return dict(
            **{"class": "phase-ended"},
            heading=heading,
            digits=hm(ended, tz),
            word="ENDED",
            speakers=Content.from_markup("$what", what=f"ran {short_duration(round(span))}"),
            detail=f"planned end {hm(state.planned_end, tz)} · {state.schedule_words()}",
            progress=STEPS,
        )
