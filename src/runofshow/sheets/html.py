"""The sheets as one self-contained HTML file, made to be printed.

Inline CSS only: no external font, script or image, so the file prints the same on a venue
laptop without a network. Black on white, in the machine's sans-serif. No paper size is set:
the margins and a content width under 182 mm fit both A4 and US Letter, whichever the printer
has. Each segment (and each line of a call sheet) is one block that a page break never splits
(``break-inside: avoid``); every printed page has a running header with the event and the page
number (CSS page-margin boxes, which Chromium prints). Several sheets in one file each start on
a new page, each with its own running header (CSS named pages).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from . import words
from .model import CallItem, CallSheet, IntroCard, RunSheet, SegmentEntry

CSS = """
@page { margin: 16mm 13mm 14mm 13mm; }
* { box-sizing: border-box; }
html { background: #fff; color: #000; }
body {
  margin: 0 auto; max-width: 182mm; padding: 4mm 0;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  font-size: 10pt; line-height: 1.3; color: #000; background: #fff;
  overflow-wrap: break-word;
}
@media print { body { padding: 0; max-width: none; } }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 0 0 1mm; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
p { margin: 0 0 1mm; }
.meta { font-size: 9.5pt; }
.asof { font-weight: bold; border: 1.5pt solid #000; padding: 1mm 2mm; display: inline-block; }
.sheet + .sheet { break-before: page; }
.top { border-bottom: 2pt solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
.seg, .item, .block { break-inside: avoid; page-break-inside: avoid; }
.seg { border-bottom: 0.75pt solid #000; padding: 2.5mm 0 2.5mm; }
.seg h2 .when { display: inline-block; min-width: 30mm; }
.seg h2 .flags {
  font-size: 9pt; font-weight: normal; border: 1pt solid #000; padding: 0 1mm; margin-left: 2mm;
}
.facts b, .handoff b, .notes b { font-weight: bold; }
.notes { font-style: italic; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 0; }
th, td { border: 0.5pt solid #000; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
th { font-size: 9pt; background: #fff; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.box {
  display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.75pt solid #000; vertical-align: -0.5mm;
}
col.tick { width: 22mm; } col.time { width: 27mm; } col.who { width: 38mm; } col.flag { width: 21mm; }
col.what { width: 30mm; } col.phone { width: 34mm; }
td.tick { white-space: nowrap; }
.card { border: 0.75pt dashed #000; padding: 1mm 1.5mm; margin-top: 1mm; }
.card .say { font-style: italic; }
.none { font-style: italic; }
"""


def render_html(sheets: Sequence[RunSheet | CallSheet]) -> str:
    """One HTML document holding ``sheets``, in order."""
    if not sheets:
        raise ValueError("no sheet to render")
    title = words.sheet_title(sheets[0]) if len(sheets) == 1 else f"Call sheets · {sheets[0].heading.event}"
    page_css = "".join(_page_rule(number, sheet) for number, sheet in enumerate(sheets, start=1))
    body = "\n".join(
        _run_sheet(sheet, number) if isinstance(sheet, RunSheet) else _call_sheet(sheet, number)
        for number, sheet in enumerate(sheets, start=1)
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{CSS}{page_css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _page_rule(number: int, sheet: RunSheet | CallSheet) -> str:
    header = _css_string(words.page_header(sheet))
    return (
        f"\n.s{number} {{ page: s{number}; }}\n"
        f"@page s{number} {{\n"
        f"  @top-left {{ content: {header}; font: 8.5pt sans-serif; color: #000; }}\n"
        '  @top-right { content: "page " counter(page) " of " counter(pages); font: 8.5pt sans-serif; '
        "color: #000; }\n}\n"
    )


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot end the string, the rule or the <style>."""
    out = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)


def _top(sheet: RunSheet | CallSheet, h1: str, extra: str = "") -> str:
    heading = sheet.heading
    lines = [f"<h1>{_e(h1)}</h1>"]
    if extra:
        lines.append(f'<p class="meta">{_e(extra)}</p>')
    lines.append(f'<p class="meta">{_e(words.meta_line(heading))}</p>')
    as_of = words.as_of_line(heading)
    if as_of:
        lines.append(f'<p class="asof">{_e(as_of)}</p>')
    return '<header class="top">\n' + "\n".join(lines) + "\n</header>"


# -- the run sheet -----------------------------------------------------------------------------
def _run_sheet(sheet: RunSheet, number: int) -> str:
    parts = [
        f'<article class="sheet run-sheet s{number}">',
        _top(sheet, f"Run sheet · {sheet.heading.event}"),
    ]
    day = sheet.heading.date
    parts.extend(_segment(seg, day) for seg in sheet.segments)
    if sheet.tasks:  # TASKS (issue 13)
        parts.append(_tasks(sheet, day))
    parts.append(_people(sheet))
    parts.append("</article>")
    return "\n".join(parts)


def _segment(seg: SegmentEntry, day) -> str:
    flags = words.segment_flags(seg)
    lines = [
        f'<section class="seg" id="seg-{_e(seg.id)}">',
        f'<h2><span class="when">{_e(words.segment_when(seg, day))}</span> '
        f'<span class="title">{_e(seg.title)}</span>'
        + (f' <span class="flags">{_e(flags)}</span>' if flags else "")
        + "</h2>",
        '<p class="facts">'
        f"<b>Duration</b> {_e(words.length(seg))} · <b>Kind</b> {_e(seg.kind)} · "
        f"<b>Speakers</b> {_e(words.names(seg.speakers))} · <b>Owner</b> {_e(words.name(seg.owner))}</p>",
    ]
    if seg.handoff is not None:
        done = f" (done {seg.handoff.done_at:%H:%M})" if seg.handoff.done_at else ""
        lines.append(
            f'<p class="handoff"><b>Handoff in</b> by {_e(words.name(seg.handoff.by))}{_e(done)}: '
            f"“{_e(seg.handoff.cue)}”</p>"
        )
    else:
        lines.append('<p class="handoff"><b>Handoff in</b> <span class="none">none planned</span></p>')
    if seg.checklist:
        rows = "\n".join(
            "<tr>"
            f'<td class="tick">{_tick(check.done_at)}</td><td>{_e(check.item)}</td>'
            f"<td>{_e(words.name(check.by))}</td><td>{'blocking' if check.blocking else ''}</td>"
            "</tr>"
            for check in seg.checklist
        )
        lines.append(
            '<table class="checklist">'
            '<colgroup><col class="tick"><col><col class="who"><col class="flag"></colgroup>\n'
            '<thead><tr><th scope="col">Done</th><th scope="col">Checklist item</th>'
            '<th scope="col">By</th><th scope="col">Blocking</th></tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody></table>"
        )
    else:
        lines.append('<p class="checklist none">No checklist.</p>')
    if seg.notes:
        lines.append(f'<p class="notes"><b>Organizer notes:</b> {_e(seg.notes)}</p>')
    lines.append("</section>")
    return "\n".join(lines)


def _tick(done_at) -> str:
    if done_at is None:
        return '<span class="box"></span>'
    return f"done {done_at:%H:%M}"


def _tasks(sheet: RunSheet, day) -> str:
    rows = "\n".join(
        '<tr class="item">'
        f"<td>{_e(words.hm(task.at, day))}</td><td>{_e(task.what)}"
        + (f'<br><span class="notes">{_e(task.notes)}</span>' if task.notes else "")
        + f"</td><td>{_e(words.name(task.by))}</td><td>{_e(task.segment_title or words.NOBODY)}</td></tr>"
        for task in sheet.tasks
    )
    return (
        '<section class="tasks"><h3>Tasks</h3>'
        '<table><colgroup><col class="time"><col><col class="who"><col></colgroup>\n'
        '<thead><tr><th scope="col">Time</th><th scope="col">Task</th><th scope="col">By</th>'
        '<th scope="col">Segment</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table></section>"
    )


def _people(sheet: RunSheet) -> str:
    phone_head = '<th scope="col">Phone</th>' if sheet.private else ""
    phone_col = '<col class="phone">' if sheet.private else ""
    rows = "\n".join(
        f"<tr><td>{_e(p.name)}</td><td>{_e(p.role or words.NOBODY)}</td>"
        + (f"<td>{_e(words.phone(p))}</td>" if sheet.private else "")
        + "</tr>"
        for p in sheet.people
    )
    if not rows:
        return ""
    return (
        '<section class="people block"><h3>People</h3>'
        f"<table><colgroup><col><col>{phone_col}</colgroup>\n"
        f'<thead><tr><th scope="col">Name</th><th scope="col">Role</th>{phone_head}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table></section>"
    )


# -- a call sheet ------------------------------------------------------------------------------
def _call_sheet(sheet: CallSheet, number: int) -> str:
    person = sheet.person
    extra = " · ".join(
        part
        for part in (person.role, f"phone {person.phone}" if person.phone else None, sheet.heading.event)
        if part
    )
    parts = [
        f'<article class="sheet call-sheet s{number}" id="person-{_e(person.id)}">',
        _top(sheet, f"Call sheet · {person.name}", extra),
        f'<p class="arrival"><b>Expected arrival:</b> {_e(sheet.arrival_words)}</p>',
        "<h3>What you do, in time order</h3>",
    ]
    day = sheet.heading.date
    if sheet.items:
        rows = "\n".join(_call_item(item, day) for item in sheet.items)
        parts.append(
            '<table class="items"><colgroup><col class="time"><col class="what"><col><col></colgroup>\n'
            '<thead><tr><th scope="col">Time</th><th scope="col">What</th><th scope="col">Segment</th>'
            '<th scope="col">Details</th></tr></thead>\n'
            f"<tbody>\n{rows}\n</tbody></table>"
        )
    else:
        parts.append('<p class="none">Nothing is assigned to you in this plan.</p>')
    parts.append(_contacts(sheet))
    parts.append("</article>")
    return "\n".join(parts)


def _call_item(item: CallItem, day) -> str:
    detail = _e(words.detail(item))
    if item.done_at is not None:
        detail += f" ({_e(words.check_done(item))})"
    detail += "".join(_intro_card(card) for card in item.intro_cards)
    if item.notes:
        detail += f'<p class="notes"><b>Organizer notes:</b> {_e(item.notes)}</p>'
    return (
        f'<tr class="item {item.kind}"><td>{_e(words.span(item.at, item.until, day))}</td>'
        f"<td>{_e(words.what(item))}</td><td>{_e(item.segment_title or words.NOBODY)}</td>"
        f"<td>{detail}</td></tr>"
    )


def _intro_card(card: IntroCard) -> str:
    say = f' <span class="say">/{_e(card.pronounce)}/</span>' if card.pronounce else ""
    intro = f"<br>{_e(card.intro)}" if card.intro else ""
    return (
        f'<div class="card"><b>Intro card:</b> {_e(card.name)}{say}{intro}'
        f"<br><b>Talk:</b> “{_e(card.title)}”</div>"
    )


def _contacts(sheet: CallSheet) -> str:
    if not sheet.contacts:
        return '<h3>Who to call</h3><p class="none">No host or segment owner to call.</p>'
    phone_head = '<th scope="col">Phone</th>' if sheet.private else ""
    phone_col = '<col class="phone">' if sheet.private else ""
    rows = "\n".join(
        f"<tr><td>{_e(c.person.name)}</td><td>{_e(c.person.role or words.NOBODY)}</td><td>{_e(c.why)}</td>"
        + (f"<td>{_e(words.phone(c.person))}</td>" if sheet.private else "")
        + "</tr>"
        for c in sheet.contacts
    )
    return (
        '<section class="contacts block"><h3>Who to call</h3>'
        f"<table><colgroup><col><col><col>{phone_col}</colgroup>\n"
        '<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Why</th>'
        f"{phone_head}</tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody></table></section>"
    )
