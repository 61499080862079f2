"""html: the report people look at, one self-contained file with the planned-vs-actual timeline.

The md report's content (headline figures, segments, checklist audit, handoffs, notes only
with ``--private``, the timeline of actions) as HTML, plus the timeline drawing of
``timeline.py`` inlined as SVG. Everything is in the file: the CSS is inline, the SVG is
inline, fonts are the reader's own (``system-ui``), and there is no script and no URL at all,
so the file opens the same from an e-mail attachment, offline, or years later.

Readable printed (``@media print``: no stripes or shadows, tables not cut, black and white
still tells planned from actual because the SVG uses outline vs fill and hatching) and on a
phone (the SVG scales to the width; the wide segments table scrolls sideways on screen). The
SVG has a ``<title>`` and ``<desc>``; the segments table is its text alternative and the
figure says so.

Public by default, as md: no phones, e-mails or organizer notes; ``private=True`` adds them.
"""

from __future__ import annotations

from html import escape

from .facts import ShowFacts
from .md import _STATUS_WORDS, _clock, _late_words, _Report, signed
from .timeline import timeline_svg

CSS = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --over: #b03a2e;
  --under: #1e7b34; --band: #f5f5f5; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.2rem 1rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; line-height: 1.2; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.where { color: var(--muted); margin: 0 0 1rem; }
.note { border-left: 4px solid var(--ink); padding: .4rem .8rem; margin: .8rem 0; background: var(--band); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .3rem .55rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-weight: 600; border-bottom: 2px solid var(--ink); }
td.num, th.num { text-align: right; white-space: nowrap; }
td.time { white-space: nowrap; }
.scroll { overflow-x: auto; }
.segments td:nth-child(2) { min-width: 10em; }
.added { display: block; font-weight: normal; }
.segments tbody tr:nth-child(even) { background: var(--band); }
.over { color: var(--over); font-weight: 600; }
.under { color: var(--under); font-weight: 600; }
.skipped td { color: var(--muted); }
.skipped .title { text-decoration: line-through; }
.tag { font-size: .8em; font-style: italic; color: var(--muted); }
figure { margin: 0; }
svg.timeline { display: block; width: 100%; height: auto; max-width: 760px; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .4rem; }
ul { padding-left: 1.3rem; }
li { margin: .15rem 0; }
.actions { list-style: none; padding-left: 0; font-variant-numeric: tabular-nums; }
.actions time { display: inline-block; min-width: 5.2em; color: var(--muted); }
.undone { text-decoration: line-through; color: var(--muted); }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) {
  body { font-size: 14px; }
  main { padding: .8rem .6rem 2rem; }
  th, td { padding: .25rem .35rem; }
}
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  .segments tbody tr:nth-child(even) { background: none; }
  h2 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  svg.timeline { max-width: 100%; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render(facts: ShowFacts, private: bool = False) -> str:
    return _Html(facts, private).document()


def _e(text: object) -> str:
    return escape("" if text is None else " ".join(str(text).split()))


class _Html:
    def __init__(self, facts: ShowFacts, private: bool) -> None:
        self.f = facts
        self.private = private
        self.md = _Report(facts, private)  # time formatting and the words for each action

    def time(self, moment) -> str:
        return self.md.time(moment)

    def document(self) -> str:
        f = self.f
        title = f"{' '.join(f.plan.event.title.split())}: what happened"
        parts = [
            self.header(),
            self.headline(),
            self.figure(),
            self.segments(),
            self.checklists(),
            self.handoffs(),
            self.notes(),
            self.contacts(),
            self.actions(),
        ]
        body = "\n".join(p for p in parts if p)
        made = f"{escape(f.path.name)}, as of {f.local(f.as_of):%Y-%m-%d %H:%M:%S}"
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="runofshow">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n"
            f"<footer>Report made by runofshow from the journal {made}"
            f"{'' if self.private else ' (public: no contacts or organizer notes)'}.</footer>\n"
            "</main>\n</body>\n</html>\n"
        )

    def header(self) -> str:
        f, event = self.f, self.f.plan.event
        start = f.planned_start
        where = [f"{start:%A %Y-%m-%d}"]
        if event.venue:
            where.append(_e(event.venue))
        where.append(f"times in {_e(event.timezone or start.tzname() or 'local time')}")
        out = [
            f"<header>\n<h1>{_e(event.title)}: what happened</h1>",
            f'<p class="where">{" · ".join(where)}</p>',
        ]
        if not f.finished:
            reason = f.unfinished_words() or ""
            out.append(
                f'<p class="note"><strong>Unfinished:</strong> {_e(reason[:1].upper() + reason[1:])}.</p>'
            )
        if f.state.rehearsal_offset:
            out.append(
                f'<p class="note">Rehearsal: the plan (for {event.date:%A %Y-%m-%d} {event.start:%H:%M}) was '
                f"shifted to start {start:%A %Y-%m-%d %H:%M}; planned times below are the shifted ones.</p>"
            )
        out.append("</header>")
        return "\n".join(out)

    def headline(self) -> str:
        f = self.f
        if f.actual_end:
            end_actual = self.time(f.actual_end)
        elif f.status != "before":
            end_actual = f"{self.time(f.projected_end)} (projected)"
        else:
            end_actual = "not started"
        end_diff = _late_words(f.end_over_under) if f.status != "before" else ""
        rows = [
            (
                "Start",
                self.time(f.planned_start),
                self.time(f.actual_start) or "not started",
                _late_words(f.start_late),
            ),
            ("End", self.time(f.planned_end), end_actual, end_diff),
        ]
        out = [
            '<section id="headline">\n<h2>Headline</h2>',
            '<table class="headline"><thead><tr><th></th><th>Planned</th><th>Actual</th><th>Difference</th>'
            "</tr></thead><tbody>",
        ]
        for name, planned, actual, diff in rows:
            out.append(
                f'<tr><th scope="row">{name}</th><td class="time">{_e(planned)}</td>'
                f'<td class="time">{_e(actual)}</td><td>{_e(diff)}</td></tr>'
            )
        out.append("</tbody></table>\n<ul>")
        ran = [s for s in f.segments if s.over_under is not None]
        count = "one segment" if len(ran) == 1 else f"{len(ran)} segments"
        total = f.total_over_under
        if total:
            verdict = "over" if total > 0 else "under"
            out.append(
                f"<li><strong>Total over/under: {signed(total)}</strong> (the {count} that ran took "
                f"{_clock(abs(total))} {verdict} their planned time in all)</li>"
            )
        else:
            out.append(
                f"<li><strong>Total over/under: ±0:00</strong> (the {count} that ran took exactly their "
                "planned time)</li>"
            )
        over = f.over_threshold
        if over:
            listed = ", ".join(f"{_e(s.title)} ({signed(s.over_under)})" for s in over)
            out.append(f"<li><strong>Over by more than 2 minutes ({len(over)}):</strong> {listed}</li>")
        else:
            out.append("<li>No segment ran over by more than 2 minutes.</li>")
        skipped = [s for s in f.segments if s.status == "skipped"]
        if skipped:
            out.append(f"<li>Skipped: {', '.join(_e(s.title) for s in skipped)}</li>")
        inserted = [s for s in f.segments if s.inserted]
        if inserted:
            out.append(f"<li>Inserted live: {', '.join(_e(s.title) for s in inserted)}</li>")
        if f.checklists:
            done, items = sum(1 for c in f.checklists if c.done), len(f.checklists)
            out.append(f"<li>Checklists: {done} of {items} items done, {items - done} never done.</li>")
        out.append("</ul>\n</section>")
        return "\n".join(out)

    def figure(self) -> str:
        return (
            '<section id="planned-vs-actual">\n<h2>Planned vs actual</h2>\n<figure>\n'
            f"{timeline_svg(self.f)}\n"
            "<figcaption>Outlined bars: the planned slots; filled bars: what happened (hatched: over-run, "
            "dotted: planned time not used); the bottom line: how far behind or ahead of the planned end "
            'the show was after each GO. The <a href="#segments">segments table</a> gives the same '
            "figures as text.</figcaption>\n</figure>\n</section>"
        )

    def segments(self) -> str:
        heads = [
            ("#", "num"),
            ("Segment", ""),
            ("Speakers", ""),
            ("Planned start", ""),
            ("Planned", "num"),
            ("Actual start", ""),
            ("Actual end", ""),
            ("Actual", "num"),
            ("Over/under", "num"),
            ("Status", ""),
        ]
        head = "".join(f'<th scope="col"{f" class={c!r}" if c else ""}>{h}</th>' for h, c in heads)
        out = [
            '<section id="segments">\n<h2>Segments</h2>\n<div class="scroll">',
            f'<table class="segments"><thead><tr>{head}</tr></thead><tbody>',
        ]
        for number, s in enumerate(self.f.segments, 1):
            title = f'<span class="title">{_e(s.title)}</span>'
            if s.inserted:
                title += ' <span class="tag">(inserted)</span>'
            if s.hard_start is not None:
                title += f' <span class="tag">(hard start {self.time(s.hard_start)})</span>'
            actual = _clock(s.actual_duration) if s.actual_duration is not None else ""
            if s.status == "live" and actual:
                actual += " so far"
            ou = signed(s.over_under)
            kind = "" if not s.over_under else " over" if s.over_under > 0 else " under"
            extra = f'<span class="tag added"> (added {signed(s.added)})</span>' if s.added else ""
            row_class = f' class="{s.status}"' if s.status != "done" else ""
            cells: tuple[tuple[object, str], ...] = (
                (number, "num"),
                (title, ""),
                (_e(", ".join(s.speakers)), ""),
                (self.time(s.planned_start), "time"),
                (_clock(s.planned_duration), "num"),
                (self.time(s.actual_start), "time"),
                (self.time(s.actual_end), "time"),
                (actual, "num"),
                (ou + extra, "num" + kind),
                (_STATUS_WORDS[s.status], ""),
            )
            tds = "".join(f'<td class="{c}">{v}</td>' if c else f"<td>{v}</td>" for v, c in cells)
            out.append(f"<tr{row_class}>{tds}</tr>")
        out.append("</tbody></table>\n</div>\n</section>")
        return "\n".join(out)

    def checklists(self) -> str:
        f = self.f
        if not f.checklists:
            return ""
        status = {s.id: s.status for s in f.segments}
        never = [c for c in f.checklists if not c.done]
        out = ['<section id="checklists">\n<h2>Checklist items never done</h2>']
        if not never:
            out.append("<p>Every checklist item was done.</p>")
        else:
            out.append("<ul>")
            for c in never:
                by = f" (by {_e(self.md.name(c.by))})" if c.by else ""
                flags = " <strong>blocking</strong>" if c.blocking else ""
                why = {"skipped": " (segment skipped)", "not_started": " (segment never started)"}.get(
                    status.get(c.segment_id or "", ""), ""
                )
                out.append(f"<li>{_e(c.segment_title)}: {_e(c.item)}{by}{flags}{why}</li>")
            out.append("</ul>")
        late = [c for c in f.checklists if c.done and c.after_start is not None and c.after_start > 0]
        if late:
            out.append("<h3>Done after their segment had started</h3>\n<ul>")
            for c in late:
                by = f" by {_e(self.md.name(c.done_by))}" if c.done_by else ""
                out.append(
                    f"<li>{_e(c.segment_title)}: {_e(c.item)}, at {self.time(c.done_at)}{by}, "
                    f"{_clock(c.after_start or 0)} after the start</li>"
                )
            out.append("</ul>")
        out.append("</section>")
        return "\n".join(out)

    def handoffs(self) -> str:
        if not self.f.handoffs:
            return ""
        out = ['<section id="handoffs">\n<h2>Handoffs</h2>\n<ul>']
        for h in self.f.handoffs:
            cue = f": {_e(h.cue)}" if h.cue else ""
            by = f" ({_e(self.md.name(h.by))})" if h.by else ""
            if h.done:
                done_by = f" by {_e(self.md.name(h.done_by))}" if h.done_by else ""
                out.append(
                    f"<li>{_e(h.segment_title)}{cue}{by}: done at {self.time(h.done_at)}{done_by}</li>"
                )
            else:
                out.append(f"<li>{_e(h.segment_title)}{cue}{by}: not marked done</li>")
        out.append("</ul>\n</section>")
        return "\n".join(out)

    def notes(self) -> str:
        f = self.f
        planned = [s for s in f.segments if s.notes]
        if not (f.notes or planned):
            return ""
        out = ['<section id="notes">\n<h2>Notes</h2>']
        if not self.private:
            out.append(
                "<p>Organizer notes (the plan's and those taken live) are left out of this public report; "
                "export with <code>--private</code> to include them.</p>"
            )
        else:
            if f.notes:
                out.append("<h3>Taken live</h3>\n<ul>")
                out += [f"<li>{self.time(at)} {_e(text)}</li>" for at, text in f.notes]
                out.append("</ul>")
            if planned:
                out.append("<h3>From the plan</h3>\n<ul>")
                out += [f"<li>{_e(s.title)}: {_e(s.notes)}</li>" for s in planned]
                out.append("</ul>")
        out.append("</section>")
        return "\n".join(out)

    def contacts(self) -> str:
        people = self.f.plan.people
        if not self.private or not people:
            return ""
        out = [
            '<section id="contacts">\n<h2>Contacts</h2>\n<div class="scroll"><table>',
            "<thead><tr><th>Name</th><th>Role</th><th>Phone</th><th>E-mail</th></tr></thead><tbody>",
        ]
        for p in people:
            out.append(
                f"<tr><td>{_e(p.name)}</td><td>{_e(p.role)}</td><td>{_e(p.phone)}</td><td>{_e(p.email)}</td></tr>"
            )
        out.append("</tbody></table></div>\n</section>")
        return "\n".join(out)

    def actions(self) -> str:
        f = self.f
        out = ['<section id="timeline">\n<h2>Timeline</h2>']
        if not f.actions:
            out.append("<p>Nothing was done: the journal has no actions.</p>\n</section>")
            return "\n".join(out)
        starts: dict = {}
        for at, sid in sorted(
            {(s.actual_start, s.id) for s in f.segments if s.actual_start is not None},
            key=lambda pair: pair[0],
        ):
            starts.setdefault(at, sid)
        out.append('<ul class="actions">')
        for index, action in enumerate(f.actions):
            words = self.md.words(action, starts)
            if words is None:
                continue
            undone = index in f.undone and action.type != "undo"
            text = f'<span class="undone">{_e(words)}</span> <em>(undone)</em>' if undone else _e(words)
            out.append(f"<li><time>{self.time(action.at)}</time> {text}</li>")
        out.append("</ul>\n</section>")
        return "\n".join(out)
