"""md: the report a person reads after the show.

Headline figures (planned vs actual start and end, total over/under, segments over by more
than two minutes), a per-segment table, checklist items never done (and those done after their
segment had started), handoffs, notes and a timeline of every action.

Public by default: no phones, no e-mails and no organizer notes, which are both the plan's
segment ``notes`` and the notes typed live (a live note is the organizer talking to themself:
"Dana's mic crackled, ask AV"). ``private=True`` (``--private``) adds them, with a contacts
table. Stage messages are kept: the room saw them anyway.
"""

from __future__ import annotations

import datetime as dt

from ..plan import format_duration
from ..show import Action
from ..show.reduce import undo_targets
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
        return self.titles.get(segment, segment or "")

    def lines(self) -> list[str]:
        out: list[str] = []
        for part in (
            self.header,
            self.headline,
            self.segments,
            self.checklists,
            self.handoffs,
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
                status.get(c.segment_id), ""
            )
            out.append(f"- {_line(c.segment_title)}: {_line(c.item)}{by}{flags}{why}")
        late = [c for c in f.checklists if c.done and c.after_start is not None and c.after_start > 0]
        if late:
            out += ["", "### Done after their segment had started", ""]
            for c in late:
                by = f" by {_line(self.name(c.done_by))}" if c.done_by else ""
                out.append(
                    f"- {_line(c.segment_title)}: {_line(c.item)}, at {self.time(c.done_at)}{by}, "
                    f"{_clock(c.after_start)} after the start"
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
            out += [f"- {_line(s.title)}: {_line(s.notes)}" for s in planned]
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
        undone, words = f.undone, self.words
        self.undo_targets = undo_targets(f.actions)
        for index, action in enumerate(f.actions):
            self._index = index
            text = words(action, starts)
            if text is None:
                continue
            mark = " *(undone)*" if index in undone and action.type != "undo" else ""
            out.append(f"- {self.time(action.at)} {text}{mark}")
        return out

    def words(self, a: Action, starts: dict[dt.datetime, str]) -> str | None:
        kind = a.type
        if kind == "go":
            at = round_instant(a.at, self.tz)
            segment = starts.get(at)
            if segment is not None:
                return f"GO: {_line(self.title(segment))}"
            return "GO: end of the show" if self.f.actual_end == at else "GO"
        if kind == "pause":
            return "paused"
        if kind == "resume":
            return "resumed"
        if kind == "add_time":
            return f"time {'added' if a.seconds > 0 else 'removed'}: {signed(a.seconds)}"
        if kind == "skip":
            return f"skipped: {_line(self.title(a.segment))}"
        if kind == "move":
            where = f"after {_line(self.title(a.after))}" if a.after else "to next"
            return f"moved: {_line(self.title(a.segment))} {where}"
        if kind == "insert":
            who = f", {_line(a.speakers)}" if a.speakers else ""
            return f"inserted: {_line(a.title)} ({format_duration(a.duration)}{who})"
        if kind == "check_item":
            segment = self.f.plan.segment_by_id.get(a.segment)
            need = segment is not None and a.index >= len(segment.checklist)  # a speaker's need
            by = f" {'for' if need else 'by'} {_line(self.name(a.by))}" if a.by else ""
            verb = "checked" if a.done else "unchecked"
            return f"{verb}: {_line(a.item)} ({_line(self.title(a.segment))}){by}"
        if kind == "handoff_done":
            by = f" by {_line(self.name(a.by))}" if a.by else ""
            return f"handoff done: {_line(self.title(a.segment))}{by}"
        if kind == "message":
            flags = "".join((" (flashing)" if a.flash else "", " (blackout)" if a.blackout else ""))
            return f"stage message: “{_line(a.text)}”{flags}"
        if kind == "clear_message":
            return "stage message cleared"
        if kind == "note":
            return f"note: {_line(a.text)}" if self.private else None
        if kind == "end_show":
            return "show ended"
        if kind == "undo":
            target = self.undo_targets.get(self._index)
            if target is None:
                return "undo"
            undone = self.f.actions[target]
            text = self.words(undone, starts)
            return f"undid: {text}" if text else "undo"
        if kind == "unskip":
            return f"un-skipped: {_line(self.title(a.segment))}"
        if kind == "edit_segment":
            changes = [f"title “{_line(a.title)}”"] if a.title is not None else []
            if a.duration is not None:
                changes.append(f"duration {format_duration(a.duration)}")
            if a.speakers is not None:
                changes.append(f"speakers “{_line(a.speakers)}”" if a.speakers else "no speakers")
            return f"edited: {_line(self.title(a.segment))} ({', '.join(changes)})"
        if kind == "head_count":
            return f"head count: {a.count}"
        if kind == "rehearse":
            return f"rehearsal: plan shifted to start at {self.time(a.start)}" if a.start else "rehearsal"
        return kind
