"""Small text panels: the show header, the next handoff card, the stage message and recent actions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from ...plan import Plan
from ...show import Action, SegmentRow, ShowState, Undo
from ...show.reduce import undo_targets
from .common import describe_action, hm, hms, in_words, short_duration, undo_words


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

    def compose(self) -> ComposeResult:
        yield Cached(id="header-title")
        yield Cached(id="header-schedule")
        yield Cached(id="header-curfew")
        yield Cached(id="header-clock", fixed=True)

    def show_state(self, state: ShowState) -> None:
        event = self.plan.event
        day = state.planned_start.astimezone(state.tz).strftime("%a %d %b")
        if (day, state.rehearsal_offset) != self._title_key:
            self._title_key = (day, state.rehearsal_offset)
            venue = f" · {day}" + (f" · {event.venue}" if event.venue else "")
            rehearsal = "[b $accent]REHEARSAL[/] " if state.rehearsal_offset else ""
            self.query_one("#header-title", Cached).show(
                Content.from_markup(
                    f"{rehearsal}[b]$title[/b][dim]$venue[/dim]", title=event.title, venue=venue
                )
            )
        words, klass = self.schedule(state)
        self.query_one("#header-schedule", Cached).show(words)
        if klass != self._schedule_class:
            schedule = self.query_one("#header-schedule")
            schedule.remove_class("-ahead", "-on-schedule", "-behind", "-before", "-ended")
            schedule.add_class(klass)
            self._schedule_class = klass
        curfew = state.curfew_words()
        curfew_widget = self.query_one("#header-curfew", Cached)
        curfew_widget.show(f" {curfew} " if curfew else "")
        curfew_widget.set_class(bool(curfew), "-passed")
        self.query_one("#header-clock", Cached).show(hms(state.now, state.tz))

    @staticmethod
    def schedule(state: ShowState) -> tuple[str, str]:
        tz = state.tz
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
    until = (state.planned_start - state.now).total_seconds()
    start = hm(state.planned_start, state.tz)
    if until > 86400:
        return f"starts {state.planned_start.astimezone(state.tz):%a %d %b} {start}"
    if until > -LATE_START:
        return f"starts {start} {in_words(until)}"
    return f"{start} start, late by {short_duration(round(-until) // 60 * 60)}"


def handoff_target(state: ShowState, plan: Plan) -> SegmentRow | None:
    """The segment whose handoff the organizer prepares now: the next one, unless it has neither a
    handoff nor speakers (a break), in which case the first pending one after it that has."""
    nxt = state.next_row
    if nxt is None:
        return None

    def prepared(row: SegmentRow) -> bool:
        segment = plan.segment_by_id.get(row.id)
        return bool(row.speakers) or (
            segment is not None and not row.inserted and segment.handoff is not None
        )

    if prepared(nxt):
        return nxt
    later = (row for row in state.rows[state.next_index + 1 :] if row.status == "pending" and prepared(row))
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
        later = "" if nxt is state.next_row else f", after {state.next_row.title}"
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
                    title=nxt.title,
                    kind=nxt.kind,
                    start=hm(nxt.start, state.tz),
                    later=later,
                )
            ]
        handoff = segment.handoff if segment is not None and not nxt.inserted else None
        done = state.handoffs.get(nxt.id)
        if handoff is not None:
            by = self.plan.person_by_id.get(handoff.by) if handoff.by else None
            who = by.name if by else (handoff.by or "organizer")
            status = (
                Content.from_markup("[$phase-on-time]✔ done $at[/]", at=hm(done[0], state.tz))
                if done
                else Content.from_markup("[b reverse $warning] TO DO [/][dim] (h)[/dim]")
            )
            lines.append(Content.assemble(Content.from_markup("[b]By:[/b] $who  ", who=who), status))
            lines.append(Content.from_markup("[b]Cue:[/b] $cue", cue=handoff.cue))
        elif done:
            lines.append(
                Content.from_markup("[$phase-on-time]✔ handoff done $at[/]", at=hm(done[0], state.tz))
            )
        else:
            lines.append(Content.from_markup("[dim]No handoff planned.[/dim]"))
        if nxt.inserted and nxt.speakers:
            lines.append(Content.from_markup("[b]Speaker:[/b] $who", who=", ".join(nxt.speakers)))
        if intro:
            for person in speakers:
                say = f"  /{person.pronounce}/" if person.pronounce else ""
                lines.append(Content.from_markup("[b $accent]$name[/]$say", name=person.name, say=say))
                if person.intro:
                    lines.append(Content(person.intro))
            lines.append(Content.from_markup("[b]Talk:[/b] “$title”", title=nxt.title))
        return Content("\n").join(lines)


class Feed(Cached):
    """The stage message in force, then the most recent actions, newest first."""

    def __init__(self, limit: int = 6, **kwargs) -> None:
        super().__init__(**kwargs)
        self.limit = limit
        self._key: tuple | None = None

    def show_state(self, state: ShowState, actions: list[Action]) -> None:
        key = (len(actions), state.message, state.show)  # what the feed depends on
        if key != self._key:
            self._key = key
            self.show(self.text(state, actions))

    def text(self, state: ShowState, actions: list[Action]) -> Content:
        message = state.message
        if message is None:
            lines = [Content.from_markup("[dim]Stage: no message[/dim]")]
        else:
            flags = "".join(
                f" [b reverse $warning] {flag} [/]"
                for flag, on in (("FLASH", message.flash), ("BLACKOUT", message.blackout))
                if on
            )
            lines = [Content.from_markup(f"[b]Stage:[/b] [b $accent]“$text”[/]{flags}", text=message.text)]
        first = max(0, len(actions) - self.limit)
        recent = actions[first:][::-1]
        targets = undo_targets(actions) if any(type(a) is Undo for a in recent) else {}
        for offset, action in enumerate(recent):
            what = describe_action(action, state)
            if type(action) is Undo:
                target = targets.get(len(actions) - 1 - offset)
                what = f"undid: {undo_words(actions[target], state)}" if target is not None else what
            lines.append(Content.from_markup("[dim]$at[/dim] $what", at=hm(action.at, state.tz), what=what))
        if not recent:
            lines.append(
                Content.from_markup("[dim]Nothing done yet. Space (GO) starts the show; ? lists keys.[/dim]")
            )
        return Content("\n").join(lines)
