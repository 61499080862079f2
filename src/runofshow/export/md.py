"""md: the report a person reads after the show.

Headline figures (planned vs actual start and end, total over/under, segments over by more
than two minutes), a per-segment table, checklist items never done (and those done after their
segment had started), handoffs, logistics (tasks done late or not done, late arrivals), notes and
a timeline of every action.

Public by default: no phones, no e-mails and no organizer notes, which are both the plan's
segment ``notes`` and the notes typed live (a live note is the organizer talking to themself:
"Dana's mic crackled, ask AV"), nor task notes. ``private=True`` (``--private``) adds them, with
a contacts table and the phones of late people. Stage messages are kept: the room saw them anyway.
"""

from __future__ import annotations

import datetime as dt

from ..plan import format_duration
from ..show import Action, undo_targets
from .facts import ShowFacts, round_instant

_STATUS_WORDS = {
    "done": "done",
    "skipped": "skipped",
    "live": "live (unfinished)",
    "not_started": "not started",
}


def render(facts: ShowFacts, private: bool = False) -> str:
    return "\n".join(_Report(facts, private).lines()) + "\n"


def signed(seconds: int | None) -> str:
    if seconds is None:
        return ""
    sign = "+" if seconds > 0 else "-" if seconds < 0 else "±"
    return sign + _clock(abs(seconds))


def _segments(count: int) -> str:
    return "one segment" if count == 1 else f"{count} segments"


def _clock(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _late_words(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds == 0:
        return "on time"
    return f"{_clock(abs(seconds))} {'late' if seconds > 0 else 'early'}"


def _cell(text: object) -> str:
    return "" if text is None else str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _line(text: str) -> str:
    return " ".join(text.split())


class _Report:
    def __init__(self, facts: ShowFacts, private: bool) -> None:
        self.f = facts
        self.private = private
        self.day = facts.planned_start.date()
        self.tz = facts.tz
        self.titles = {s.id: s.title for s in facts.segments}

    def time(self, moment: dt.datetime | None) -> str:
        if moment is None:
            return ""
        m = moment.astimezone(self.tz)
        text = f"{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        if m.date() != self.day:
            text += f" ({(m.date() - self.day).days:+d}d)"
        return text

    def name(self, person: str | None) -> str:
        return self.f.person_name(person) or ""

    def title(self, segment: str | None) -> str:
        return self.titles.get(segment or "", segment or "")

    def lines(self) -> list[str]:
        out: list[str] = []
        for part in (
            self.header,
            self.headline,
            self.segments,
            self.checklists,
            self.handoffs,
            self.logistics,
            self.notes,
            self.contacts,
            self.timeline,
        ):
            block = part()
            if block:
                out.extend(block)
                out.append("")
        while out and not out[-1]:
            out.pop()
        return out

    def header(self) -> list[str]:
        f, event = self.f, self.f.plan.event
        start = f.planned_start  # shifted by a rehearsal, if there was one
        where = [f"{start:%A %Y-%m-%d}"]
        if event.venue:
            where.append(_line(event.venue))
        where.append(f"times in {event.timezone or f.planned_start.tzname() or 'local time'}")
        out = [f"# {_line(event.title)}: what happened", "", " · ".join(where)]
        if not f.finished:
            reason = f.unfinished_words() or ""
            out += ["", f"> **Unfinished:** {reason[0].upper() + reason[1:]}."]
        if f.state.rehearsal_offset:
            out += [
                "",
                f"> Rehearsal: the plan (for {event.date:%A %Y-%m-%d} {event.start:%H:%M}) was shifted "
                f"to start {start:%A %Y-%m-%d %H:%M}; planned times below are the shifted ones.",
            ]
        return out

    def headline(self) -> list[str]:
        f = self.f
        end_actual = (
            self.time(f.actual_end)
            if f.actual_end
            else (f"{self.time(f.projected_end)} (projected)" if f.status != "before" else "")
        )
        out = [
            "## Headline",
            "",
            "| | Planned | Actual | Difference |",
            "|---|---|---|---|",
            f"| Start | {self.time(f.planned_start)} | {self.time(f.actual_start) or 'not started'} "
            f"| {_late_words(f.start_late)} |",
            f"| End | {self.time(f.planned_end)} | {end_actual or 'not started'} "
            f"| {_late_words(f.end_over_under) if f.status != 'before' else ''} |",
            "",
        ]
        counts = f.state.head_counts
        if counts:
            last, highest = f.state.head_count, f.state.head_count_max
            out.append(
                f"- **Head count: {last}**"
                + (
                    f" (highest {highest}, at {self.time(max(counts, key=lambda c: c[1])[0])})"
                    if highest != last
                    else ""
                )
                + f", counted {len(counts)} time{'s' if len(counts) > 1 else ''}"
            )
        schedule = f.schedule_words()
        if schedule is not None:
            out.append(f"- **Schedule: {schedule}**" + ("" if f.finished else " (projected)"))
        ran = [s for s in f.segments if s.over_under is not None]
        total = f.total_over_under
        verdict = "over" if total > 0 else "under" if total < 0 else "exactly on"
        out.append(
            f"- **Total over/under: {signed(total)}** (the {_segments(len(ran))} that ran took "
            f"{_clock(abs(total))} {verdict} their planned time in all)"
            if total
            else f"- **Total over/under: ±0:00** (the {_segments(len(ran))} that ran took exactly their planned time)"
        )
        over = f.over_threshold
        if over:
            listed = ", ".join(f"{_cell(s.title)} ({signed(s.over_under)})" for s in over)
            out.append(f"- **Over by more than 2 minutes ({len(over)}):** {listed}")
        else:
            out.append("- No segment ran over by more than 2 minutes.")
        skipped = [s for s in f.segments if s.status == "skipped"]
        if skipped:
            out.append(f"- Skipped: {', '.join(_cell(s.title) for s in skipped)}")
        inserted = [s for s in f.segments if s.inserted]
        if inserted:
            out.append(f"- Inserted live: {', '.join(_cell(s.title) for s in inserted)}")
        items = f.checklists
        if items:
            done = sum(1 for c in items if c.done)
            out.append(f"- Checklists: {done} of {len(items)} items done, {len(items) - done} never done.")
        return out

    def segments(self) -> list[str]:
        out = [
            "## Segments",
            "",
            "| # | Segment | Speakers | Planned start | Planned | Actual start | Actual end | Actual "
            "| Over/under | Status |",
            "|---:|---|---|---|---:|---|---|---:|---:|---|",
        ]
        for number, s in enumerate(self.f.segments, 1):
            title = _cell(s.title) + (" *(inserted)*" if s.inserted else "")
            actual = _clock(s.actual_duration) if s.actual_duration is not None else ""
            if s.status == "live" and actual:
                actual += " so far"
            extra = f" (added {signed(s.added)})" if s.added else ""
            out.append(
                f"| {number} | {title} | {_cell(s.who)} | {self.time(s.planned_start)} "
                f"| {_clock(s.planned_duration)} | {self.time(s.actual_start)} | {self.time(s.actual_end)} "
                f"| {actual} | {signed(s.over_under)}{extra} | {_STATUS_WORDS[s.status]} |"
            )
        return out

    def checklists(self) -> list[str]:
        f = self.f
        if not f.checklists:
            return []
        status = {s.id: s.status for s in f.segments}
        never = [c for c in f.checklists if not c.done]
        out = ["## Checklist items never done", ""]
        if not never:
            out.append("Every checklist item was done.")
        for c in never:
            by = f" ({'for' if c.need else 'by'} {_line(self.name(c.by))})" if c.by else ""
            flags = " **blocking**" if c.blocking else ""
            why = {"skipped": " (segment skipped)", "not_started": " (segment never started)"}.get(
                status.get(c.segment_id or "", ""), ""
            )
            out.append(f"- {_line(c.segment_title)}: {_line(c.item)}{by}{flags}{why}")
        late = [c for c in f.checklists if c.done and c.after_start is not None and c.after_start > 0]
        if late:
            out += ["", "### Done after their segment had started", ""]
            for c in late:
                by = f" by {_line(self.name(c.done_by))}" if c.done_by else ""
                out.append(
                    f"- {_line(c.segment_title)}: {_line(c.item)}, at {self.time(c.done_at)}{by}, "
                    f"{_clock(c.after_start or 0)} after the start"
                )
        return out

    def handoffs(self) -> list[str]:
        if not self.f.handoffs:
            return []
        out = ["## Handoffs", ""]
        for h in self.f.handoffs:
            cue = f": {_line(h.cue)}" if h.cue else ""
            by = f" ({_line(self.name(h.by))})" if h.by else ""
            if h.done:
                done_by = f" by {_line(self.name(h.done_by))}" if h.done_by else ""
                out.append(f"- {_line(h.segment_title)}{cue}{by}: done at {self.time(h.done_at)}{done_by}")
            else:
                out.append(f"- {_line(h.segment_title)}{cue}{by}: not marked done")
        return out

    def logistics(self) -> list[str]:
        """Issue 13: tasks done late or never, late arrivals. Owners' names are public; task notes
        and phone numbers only with ``--private``."""
        f = self.f
        if not f.tasks and not any(p.expected or p.arrived_at for p in f.people):
            return []
        out = ["## Logistics", ""]
        if f.tasks:
            done = [t for t in f.tasks if t.status == "done"]
            not_needed = sum(t.status == "not_needed" for t in f.tasks)
            extra = f", {not_needed} not needed (segment skipped)" if not_needed else ""
            out.append(f"Tasks: {len(done)} of {len(f.tasks)} done{extra}.")
            late = [(t, t.late) for t in done if t.late is not None and t.late > 0]
            if late:
                out += ["", "### Tasks done late", ""]
                for t, seconds in late:
                    out.append(
                        f"- {_line(t.title)}{self._owner(t.owner)}: done at {self.time(t.done_at)}"
                        f"{self._by(t.done_by)}, {_clock(seconds)} late{self._task_notes(t)}"
                    )
            never = [t for t in f.tasks if t.status == "not_done"]
            if never:
                out += ["", "### Tasks not done", ""]
                for t in never:
                    out.append(
                        f"- {_line(t.title)}{self._owner(t.owner)}, due {self.time(t.due_planned)} by the plan"
                        f"{self._task_notes(t)}"
                    )
        late_people = [(p, p.late) for p in f.people if p.late is not None and p.late > 0]
        missing = [p for p in f.people if p.expected is not None and p.arrived_at is None]
        if late_people or missing:
            out += ["", "### Late arrivals", ""]
            for p, seconds in late_people:
                out.append(
                    f"- {_line(p.name)}{self._role(p.role)}{self._phone(p.id)}: expected {self.time(p.expected)}, "
                    f"arrived {self.time(p.arrived_at)}, {_clock(seconds)} late"
                )
            for p in missing:
                out.append(
                    f"- {_line(p.name)}{self._role(p.role)}{self._phone(p.id)}: expected {self.time(p.expected)}, "
                    "never checked in"
                )
        elif f.people and any(p.arrived_at for p in f.people):
            out += ["", "Everyone expected checked in on time."]
        return out

    def _owner(self, person: str | None) -> str:
        return f" ({_line(self.name(person))})" if person else ""

    def _by(self, person: str | None) -> str:
        return f" by {_line(self.name(person))}" if person else ""

    @staticmethod
    def _role(role: str | None) -> str:
        return f", {_line(role)}" if role else ""

    def _task_notes(self, task) -> str:
        return f" — notes: {_line(task.notes)}" if self.private and task.notes else ""

    def _phone(self, person: str) -> str:
        found = self.f.plan.person_by_id.get(person)
        return f" ({_line(found.phone)})" if self.private and found is not None and found.phone else ""

    def notes(self) -> list[str]:
        f = self.f
        planned = [s for s in f.segments if s.notes]
        if not self.private:
            if f.notes or planned:
                return [
                    "## Notes",
                    "",
                    "Organizer notes (the plan's and those taken live) are left out of this public report; "
                    "export with `--private` to include them.",
                ]
            return []
        if not (f.notes or planned):
            return []
        out = ["## Notes", ""]
        if f.notes:
            out += ["Taken live:", ""]
            out += [f"- {self.time(at)} {_line(text)}" for at, text in f.notes]
        if planned:
            if f.notes:
                out.append("")
            out += ["From the plan:", ""]
            out += [f"- {_line(s.title)}: {_line(s.notes or '')}" for s in planned]
        return out

    def contacts(self) -> list[str]:
        people = self.f.plan.people
        if not self.private or not people:
            return []
        out = ["## Contacts", "", "| Name | Role | Phone | E-mail |", "|---|---|---|---|"]
        for p in people:
            out.append(f"| {_cell(p.name)} | {_cell(p.role)} | {_cell(p.phone)} | {_cell(p.email)} |")
        return out

    def timeline(self) -> list[str]:
        f = self.f
        if not f.actions:
            return ["## Timeline", "", "Nothing was done: the journal has no actions."]
        started = {(s.actual_start, s.id) for s in f.segments if s.actual_start is not None}
        starts: dict[dt.datetime, str] = {}
        for at, sid in sorted(started, key=lambda pair: pair[0]):
            starts.setdefault(at, sid)
        out = ["## Timeline", ""]
        undone, words = f.undone, _TimelineWords(self, starts, f.actions)
        for index, action in enumerate(f.actions):
            text = action.report(words)
            if text is None:
                continue
            mark = " *(undone)*" if index in undone and action.type != "undo" else ""
            out.append(f"- {self.time(action.at)} {text}{mark}")
        return out

    def words(self, a: Action, starts: dict[dt.datetime, str]) -> str | None:
        return a.report(_TimelineWords(self, starts, self.f.actions))


class _TimelineWords:
    """The report's ``Words`` (show/actions.py): titles and names from the facts, Markdown-safe."""

    def __init__(self, report: _Report, starts: dict[dt.datetime, str], actions: list[Action]) -> None:
        self.report = report
        self.starts = starts
        self.private = report.private
        self.actions = actions
        self._undid: dict[int, int | None] | None = None  # id(undo) -> index of what it took back

    def text(self, text: str) -> str:
        return _line(text)

    def title(self, segment: str | None) -> str:
        return _line(self.report.title(segment))

    def person(self, person: str | None) -> str:
        return _line(self.report.name(person))

    def duration(self, seconds: int) -> str:
        return format_duration(seconds)

    def signed(self, seconds: int) -> str:
        return signed(seconds)

    def time(self, moment: dt.datetime | None) -> str:
        return self.report.time(moment)

    def started(self, at: dt.datetime) -> str | None:
        segment = self.starts.get(round_instant(at, self.report.tz))
        return None if segment is None else self.title(segment)

    def ended(self, at: dt.datetime) -> bool:
        return self.report.f.actual_end == round_instant(at, self.report.tz)

    def undid(self, undo: Action) -> Action | None:
        if self._undid is None:
            actions = self.actions
            self._undid = {id(actions[u]): t for u, t in undo_targets(actions).items()}
        target = self._undid.get(id(undo))
        return self.actions[target] if target is not None else None

    def need(self, segment: str, index: int) -> bool:
        found = self.report.f.plan.segment_by_id.get(segment)
        return found is not None and index >= len(found.checklist)  # after the plan's own: needs
