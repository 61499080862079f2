"""Small text panels: the show header, the next handoff card, the stage message and recent actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.dom import DOMNode, NoScreen
from textual.widgets import Static

from ...base.instants import seconds_between
from ...plan import Plan
from ...show import BLACKOUT_TEXT, Action, SegmentRow, ShowState
from ...show.days import current_day, day_behind, stage_and_day
from ...show.state import schedule_words
from .common import FeedWords, hm, hms, in_words, rtl, short_duration


def restyle_now(widget: DOMNode) -> bool:
    """Whether a change of ``widget``'s CSS classes should restyle it at once (``update=``). Not
    before its screen is first shown: that styles every widget anyway, and the console's first
    ``show_state`` runs before it (on_mount), where restyling at once cost ~4 ms of the first frame."""
    try:
        return widget.screen.stack_updates > 0
    except NoScreen:
        return True


SOURCE_SUFFIX = {"api": " (API)", "osc": " (OSC)"}  # issue 15: where an action came from


class Cached(Static):
    """A Static that only updates when its content changed. ``fixed``: its size never depends on
    its content (set in CSS), so an update needs no new layout of the screen."""

    _shown: object = None

    def __init__(self, *args, fixed: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fixed = fixed

    def show(self, content: Content | str) -> None:
        if content != self._shown:
            self._shown = content
            self.update(content, layout=not self.fixed)


class ShowHeader(Horizontal):
    """Event title, time of day in the event's timezone, AHEAD / ON SCHEDULE / BEHIND, projected end."""

    def __init__(self, plan: Plan, **kwargs) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self._schedule_class = ""
        self._title_key: tuple | None = None
        self.api_clients: Callable[[], int] = lambda: 0  # set by the console while its API serves

    def compose(self) -> ComposeResult:
        yield Cached(id="header-title")
        yield Cached(id="header-schedule")
        yield Cached(id="header-curfew")
        yield Cached(id="header-blackout")  # the stage is dark: never forgotten (issue 20 item 6)
        yield Cached(id="header-clock", fixed=True)

    def show_state(self, state: ShowState) -> None:
        event = self.plan.event
        day = state.planned_start.astimezone(state.tz).strftime("%a %d %b")
        clients = self.api_clients()
        where = stage_and_day(self.plan, state)  # "Main hall · Day 2 of 2" (several stages or days)
        if (day, state.rehearsal_offset, clients, where) != self._title_key:
            self._title_key = (day, state.rehearsal_offset, clients, where)
            venue = (
                (f" · {where}" if where else "") + f" · {day}" + (f" · {event.venue}" if event.venue else "")
            )
            rehearsal = "[b $accent]REHEARSAL[/] " if state.rehearsal_offset else ""
            api = f"[b $accent]API: {clients} client{'s' if clients != 1 else ''}[/] " if clients else ""
            self.query_one("#header-title", Cached).show(
                Content.from_markup(
                    f"{api}{rehearsal}[b]$title[/b][dim]$venue[/dim]", title=rtl(event.title), venue=venue
                )
            )
        words, klass = self.schedule(state, self.plan)
        self.query_one("#header-schedule", Cached).show(words)
        if klass != self._schedule_class:
            schedule = self.query_one("#header-schedule")
            update = restyle_now(schedule)
            schedule.remove_class("-ahead", "-on-schedule", "-behind", "-before", "-ended", update=update)
            schedule.add_class(klass, update=update)
            self._schedule_class = klass
        curfew = state.curfew_words()
        curfew_widget = self.query_one("#header-curfew", Cached)
        curfew_widget.show(f" {curfew} " if curfew else "")
        curfew_widget.set_class(bool(curfew), "-passed", update=restyle_now(curfew_widget))
        blackout = self.query_one("#header-blackout", Cached)
        blackout.show(" BLACKOUT " if state.blackout else "")
        blackout.set_class(state.blackout, "-on", update=restyle_now(blackout))
        self.query_one("#header-clock", Cached).show(hms(state.now, state.tz))

    @staticmethod
    def schedule(state: ShowState, plan: Plan | None = None) -> tuple[str, str]:
        tz = state.tz
        if plan is not None and plan.days > 1 and state.show == "live":  # ahead/behind: the current day's
            behind = day_behind(plan, state)
            words = schedule_words(behind)
            klass = "-on-schedule" if words == "ON SCHEDULE" else ("-behind" if behind > 0 else "-ahead")
            return f" {words} · day {current_day(plan, state)} ", klass
        if state.show == "before":
            return f" NOT STARTED · {starts_in(state)} · end {hm(state.planned_end, tz)} ", "-before"
        if state.show == "ended":
            return f" ENDED {hm(state.ended_at, tz)} · plan {hm(state.planned_end, tz)} ", "-ended"
        words = state.schedule_words()
        klass = "-on-schedule" if words == "ON SCHEDULE" else ("-behind" if state.behind > 0 else "-ahead")
        return f" {words} · end ~{hm(state.projected_end, tz)} (plan {hm(state.planned_end, tz)}) ", klass


LATE_START = 60  # seconds past the planned start before a show that has not begun counts as late


def starts_in(state: ShowState) -> str:
    """``starts 18:00 in 12:30`` / ``starts Thu 03 Dec 18:00`` / ``late by 4m`` for a show not begun."""
    until = seconds_between(state.now, state.planned_start)
    start = hm(state.planned_start, state.tz)
    if until > 86400:
        return f"starts {state.planned_start.astimezone(state.tz):%a %d %b} {start}"
    if until > -LATE_START:
        return f"starts {start} {in_words(until)}"
    return f"{start} start, late by {short_duration(round(-until) // 60 * 60)}"


def handoff_target(state: ShowState, plan: Plan) -> SegmentRow | None:
    """The segment whose handoff the organizer prepares now: the next one, unless it has neither a
    handoff nor speakers (a break), in which case the first pending one after it that has."""
    nxt, index = state.next_row, state.next_index
    if nxt is None or index is None:
        return None

    def prepared(row: SegmentRow) -> bool:
        segment = plan.segment_by_id.get(row.id)
        return bool(row.speakers) or (
            segment is not None and not row.inserted and segment.handoff is not None
        )

    if prepared(nxt):
        return nxt
    later = (row for row in state.rows[index + 1 :] if row.status == "pending" and prepared(row))
    return next(later, nxt)


class HandoffCard(Cached):
    """Who hands over to the next segment, the cue, and for a talk the speaker's intro card."""

    def __init__(self, plan: Plan, **kwargs) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self._key: tuple | None = None

    def show_state(self, state: ShowState) -> None:
        target = handoff_target(state, self.plan)
        key = (target, state.next_row, state.handoffs.get(target.id) if target else None)
        if key != self._key:  # the card only depends on these
            self._key = key
            self.show(self.card(state))

    def card(self, state: ShowState) -> Content:
        nxt = handoff_target(state, self.plan)
        if nxt is None:
            return Content.from_markup("[dim]No segment left: no handoff to prepare.[/dim]")
        segment = self.plan.segment_by_id.get(nxt.id)
        after = state.next_row
        later = "" if after is None or nxt is after else f", after {rtl(after.title)}"
        speakers = (
            [self.plan.person_by_id[s] for s in segment.speakers if s in self.plan.person_by_id]
            if segment is not None
            else []
        )
        intro = bool(speakers) and nxt.kind in ("talk", "panel")
        if intro:  # the talk's title closes the intro card below
            lines = [
                Content.from_markup(
                    "[b]→ $kind at $start[/b][dim]$later[/dim]",
                    kind=nxt.kind,
                    start=hm(nxt.start, state.tz),
                    later=later,
                )
            ]
        else:
            lines = [
                Content.from_markup(
                    "[b]→ $title[/b] [dim]($kind, $start$later)[/dim]",
                    title=rtl(nxt.title),
                    kind=nxt.kind,
                    start=hm(nxt.start, state.tz),
                    later=later,
                )
            ]
        handoff = segment.handoff if segment is not None and not nxt.inserted else None
        done = state.handoffs.get(nxt.id)
        if handoff is not None:
            by = self.plan.person_by_id.get(handoff.by) if handoff.by else None
            who = rtl(by.name) if by else (handoff.by or "organizer")
            status = (
                Content.from_markup("[$phase-on-time]✔ done $at[/]", at=hm(done[0], state.tz))
                if done
                else Content.from_markup("[b reverse $warning] TO DO [/][dim] (h)[/dim]")
            )
            lines.append(Content.assemble(Content.from_markup("[b]By:[/b] $who  ", who=who), status))
            lines.append(Content.from_markup("[b]Cue:[/b] $cue", cue=rtl(handoff.cue)))
        elif done:
            lines.append(
                Content.from_markup("[$phase-on-time]✔ handoff done $at[/]", at=hm(done[0], state.tz))
            )
        else:
            lines.append(Content.from_markup("[dim]No handoff planned.[/dim]"))
        if nxt.inserted and nxt.speakers:
            lines.append(Content.from_markup("[b]Speaker:[/b] $who", who=rtl(", ".join(nxt.speakers), True)))
        if intro:
            for person in speakers:
                say = f"  /{person.pronounce}/" if person.pronounce else ""
                lines.append(Content.from_markup("[b $accent]$name[/]$say", name=rtl(person.name), say=say))
                if person.intro:
                    lines.append(Content(rtl(person.intro)))
            lines.append(Content.from_markup("[b]Talk:[/b] “$title”", title=rtl(nxt.title)))
        return Content("\n").join(lines)


class Feed(Cached):
    """The stage message in force, then the most recent actions, newest first."""

    ALERTS = 2  # logistics alerts shown at most

    def __init__(self, limit: int = 6, **kwargs) -> None:
        super().__init__(**kwargs)
        self.limit = limit
        self._key: tuple | None = None

    def show_state(
        self,
        state: ShowState,
        actions: list[Action],
        alerts: Sequence[tuple[dt.datetime, str]] = (),
        log: Sequence[tuple[dt.datetime, str]] = (),
    ) -> None:
        # what the feed depends on; ``alerts``: logistics alerts (issue 13), each recorded once;
        # ``log``: refused commands from outside (API, OSC, issue 15), never journaled
        key = (
            len(actions),
            state.message,
            state.blackout,
            state.show,
            len(alerts),
            len(log),
            log[-1] if log else None,
        )
        if key != self._key:
            self._key = key
            self.show(self.text(state, actions, alerts, log))

    def text(
        self,
        state: ShowState,
        actions: list[Action],
        alerts: Sequence[tuple[dt.datetime, str]] = (),
        log: Sequence[tuple[dt.datetime, str]] = (),
    ) -> Content:
        message, blackout = state.message, state.blackout
        if message is None and not blackout:
            lines = [Content.from_markup("[dim]Stage: no message[/dim]")]
        else:
            flash = message is not None and message.flash
            flags = "".join(
                f" [b reverse $warning] {flag} [/]"
                for flag, on in (("FLASH", flash), ("BLACKOUT", blackout))
                if on
            )
            text = BLACKOUT_TEXT if message is None else message.text  # a blackout alone, as it always read
            lines = [Content.from_markup(f"[b]Stage:[/b] [b $accent]“$text”[/]{flags}", text=rtl(text))]
        recent = actions[-self.limit :][::-1]
        words = FeedWords(state, actions)  # an undo says what it took back: "undid: skip 'Lightning talks'"
        entries = [
            (a.at, rtl(a.feed(words), parts=True) + SOURCE_SUFFIX.get(a.source, ""), "") for a in recent
        ]
        # refused outside commands (someone's button press that did nothing) and logistics alerts,
        # between the actions by time; at most a few alerts (the alert line above shows the most
        # urgent), and at one instant the action comes first
        extra = [(at, text, "refused") for at, text in list(log)[-self.limit :]]
        extra += [(at, text, "alert") for at, text in list(alerts)[-self.ALERTS :]]
        if extra:
            entries += extra
            entries.sort(key=lambda entry: (entry[0].timestamp(), not entry[2]), reverse=True)
            entries = entries[: self.limit]
        markup = {
            "": "[dim]$at[/dim] $what",
            "alert": "[dim]$at[/dim] [b $warning]⚠ [/]$what",
            "refused": "[dim]$at[/dim] [$warning]$what[/]",
        }
        for at, what, kind in entries:
            lines.append(
                Content.from_markup(
                    markup[kind],
                    at=hm(at, state.tz),
                    what=what,
                )
            )
        if not recent:
            lines.append(
                Content.from_markup("[dim]Nothing done yet. Space (GO) starts the show; ? lists keys.[/dim]")
            )
        return Content("\n").join(lines)


class AlertLine(Cached):
    """The most urgent logistics alert (issue 13), one line under the header; hidden when none."""

    DEFAULT_CSS = """
    AlertLine { height: 1; display: none; padding: 0 1; background: $error; color: $background;
                text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    AlertLine.-shown { display: block; }
    """

    def show_alert(self, alert: str | None) -> None:
        self.set_class(bool(alert), "-shown", update=restyle_now(self))
        self.show(f"⚠ {alert}" if alert else "")
