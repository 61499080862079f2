"""The evening as a picture: planned vs actual, one row per segment, as an inline SVG.

``render(facts)`` is ``--format svg`` (a standalone SVG file, for a slide or a newsletter);
``timeline_svg(facts, standalone=False)`` is the same drawing without the XML namespace
declaration, for inlining in the HTML report (an HTML parser puts ``<svg>`` in the SVG
namespace by itself, so the report holds no URL at all).

Drawn by our own code, not by a plotting library: matplotlib's SVG backend embeds its glyphs
as paths or needs fonts and gives us no control over the markup, Plotly and Bokeh draw with
JavaScript, and pygal wants a script for its tooltips. What we need is a few rectangles, lines
and words on one time axis; written by hand it is short, needs no dependency, carries a
``<title>`` on every row for screen readers and tooltips, and stays readable when printed in
black and white because the encodings are shapes first and colour second:

- planned slot: an outlined, empty bar (the upper one of the row); an inserted segment's
  "planned" bar is the duration asked for, dashed, from its actual start;
- actual slot: a filled bar (the lower one); the part beyond the planned duration is
  hatched (over-run), the planned time not used is a dotted empty box (under-run), and the
  difference is written beside it (``+4:10``, ``-5:00``);
- a hard start: a black triangle above the planned start and a vertical tick;
- skipped: the planned bar struck through and the word "skipped"; inserted: the word
  "inserted" under the title;
- behind / ahead: below the rows, a step line of the projected end against the planned end
  after each GO (and at the show's end), from projecting the show at each of those instants.

Coordinates are in a 760-wide viewBox; the SVG scales to the width of its container. Times are
those of the facts (the event's timezone, rounded to the second). Nothing here reads the show
but ``facts`` and the public ``fold``/``project`` of ``runofshow.show``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape

from ..base.instants import add_seconds, seconds_between
from ..show import EndShow, Go, Undo, fold, project
from .facts import SegmentFacts, ShowFacts, round_instant

WIDTH = 760
LABEL_X = 8  # segment titles start here
PLOT_X0 = 214.0  # the time axis runs from here...
PLOT_X1 = 684.0  # ...to here; the rest is room for the over/under labels
HEAD_H = 56  # heading and legend
AXIS_H = 18  # time labels above the rows
ROW_H = 34
PLANNED_Y, PLANNED_H = 5, 9  # within a row
ACTUAL_Y, ACTUAL_H = 17, 11
GAP = 20
DRIFT_H = 96  # the behind / ahead panel
FOOT_H = 24
TITLE_CHARS = 30  # a longer title is cut with an ellipsis (the row's <title> has it whole)
MAX_DRIFT_POINTS = 120  # projections for the behind / ahead line (see drift_points)
TICK_STEPS = (5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720)  # minutes
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

INK = "#1a1a1a"
ACTUAL = "#2f4b7c"  # dark blue: prints as dark grey
OVER = "#c0392b"
UNDER = "#1e7b34"
GRID = "#c8c8c8"


def render(facts: ShowFacts, private: bool = False) -> str:
    """``--format svg``: the timeline alone, a standalone SVG document (nothing private in it)."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + timeline_svg(facts, standalone=True) + "\n"


def signed(seconds: int | None) -> str:
    """``+4:10``, ``-5:00``, ``±0:00`` (hours when there are any: ``+1:02:03``)."""
    if seconds is None:
        return ""
    sign = "+" if seconds > 0 else "-" if seconds < 0 else "±"
    return sign + clock(abs(seconds))


def clock(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True, slots=True)
class DriftPoint:
    """After a GO (or the show's end): how far the projected end is from the planned end."""

    at: dt.datetime
    behind: int  # seconds; negative: ahead
    what: str  # "GO" or "end"


def drift_points(facts: ShowFacts, limit: int = MAX_DRIFT_POINTS) -> list[DriftPoint]:
    """The projected end against the planned end right after each GO that counts (not undone)
    and at the show's end: the journal folded action by action (from the start again at an undo)
    and projected there.

    A projection costs a row per segment, so a very long show would cost the square of its
    length (a 1,000-segment show: 13 s). Past ``limit`` GOs the points are the last GO of each
    of ``limit`` equal stretches of the evening (and the end): on a 470-unit axis the steps
    between them would be narrower than 4 units, too narrow to see."""
    actions, undone, plan = facts.actions, facts.undone, facts.plan
    wanted = [
        index
        for index, action in enumerate(actions)
        if isinstance(action, (Go, EndShow)) and index not in undone
    ]
    if len(wanted) > limit:
        first, last = actions[wanted[0]].at, actions[wanted[-1]].at
        span = max(seconds_between(first, last), 1.0)
        by_bucket = {}
        for index in wanted:
            by_bucket[min(limit - 1, int(seconds_between(first, actions[index].at) / span * limit))] = index
        wanted = sorted({wanted[0], *by_bucket.values()})
    chosen = set(wanted)
    folded = None
    points: list[DriftPoint] = []
    for index, action in enumerate(actions[: wanted[-1] + 1] if wanted else ()):
        if folded is None or isinstance(action, Undo):  # an undo reaches back: fold again
            folded = fold(plan, actions[: index + 1])
        else:
            folded = fold(plan, [action], folded)
        if index not in chosen:
            continue
        state = project(folded, action.at)
        at = round_instant(action.at, facts.tz)
        what = "end" if state.show == "ended" else "GO"
        points.append(DriftPoint(at=at, behind=state.behind, what=what))
    return points


@dataclass(frozen=True, slots=True)
class Axis:
    """Real time to x: ``x0`` at ``start``, ``scale`` px per second."""

    start: dt.datetime
    end: dt.datetime
    x0: float
    scale: float

    def x(self, moment: dt.datetime) -> float:
        return self.x0 + seconds_between(self.start, moment) * self.scale

    def ticks(self, step_minutes: int) -> list[dt.datetime]:
        out, moment = [], self.start
        while seconds_between(moment, self.end) >= 0:
            out.append(moment)
            moment = add_seconds(moment, step_minutes * 60)
        return out


def _floor(moment: dt.datetime, step: int) -> dt.datetime:
    """``moment`` down to a multiple of ``step`` minutes of its wall clock."""
    minutes = moment.hour * 60 + moment.minute
    base = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    floored = minutes - minutes % step
    return base.replace(hour=floored // 60, minute=floored % 60)


def make_axis(facts: ShowFacts) -> tuple[Axis, int]:
    """An axis from the earliest to the latest instant shown, on whole ``step`` minutes."""
    moments = [facts.planned_start, facts.planned_end]
    for s in facts.segments:
        moments += [m for m in (s.planned_start, s.planned_end, s.actual_start, s.actual_end) if m]
        if s.status == "live":
            moments.append(facts.as_of)
        if s.actual_start is not None and s.inserted:
            moments.append(add_seconds(s.actual_start, s.planned_duration))
    if facts.actual_end is None and facts.status == "live":
        moments.append(facts.projected_end)
    first = min(moments, key=lambda m: m.timestamp())
    last = max(moments, key=lambda m: m.timestamp())
    span = max(60.0, seconds_between(first, last)) / 60
    step = next((s for s in TICK_STEPS if span / s <= 9), TICK_STEPS[-1])
    start = _floor(first.astimezone(facts.tz), step)
    end = start
    while seconds_between(end, last) > 0:
        end = add_seconds(end, step * 60)
    scale = (PLOT_X1 - PLOT_X0) / seconds_between(start, end)
    return Axis(start=start, end=end, x0=PLOT_X0, scale=scale), step


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attrs(**attrs: object) -> str:
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not None
    )


def _rect(x: float, y: float, w: float, h: float, **attrs: object) -> str:
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0.0))}" height="{_num(h)}"{_attrs(**attrs)}/>'
    )


def _text(x: float, y: float, words: str, **attrs: object) -> str:
    return f'<text x="{_num(x)}" y="{_num(y)}"{_attrs(**attrs)}>{escape(words)}</text>'


def _cut(title: str, limit: int = TITLE_CHARS) -> str:
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


class _Drawing:
    def __init__(self, facts: ShowFacts, standalone: bool, prefix: str) -> None:
        self.f = facts
        self.standalone = standalone
        self.p = prefix
        self.axis, self.step = make_axis(facts)
        self.day = facts.planned_start.date()
        self.rows_y = HEAD_H + AXIS_H
        self.drift_y = self.rows_y + ROW_H * len(facts.segments) + GAP
        self.height = self.drift_y + DRIFT_H + FOOT_H

    def hhmm(self, moment: dt.datetime | None, seconds: bool = False) -> str:
        if moment is None:
            return ""
        m = moment.astimezone(self.f.tz)
        text = f"{m:%H:%M:%S}" if seconds else f"{m:%H:%M}"
        if m.date() != self.day:
            text += f" ({(m.date() - self.day).days:+d}d)"
        return text

    def svg(self) -> str:
        f, p = self.f, self.p
        title = f"{' '.join(f.plan.event.title.split())}: planned vs actual, {f.planned_start:%A %Y-%m-%d}"
        desc = (
            "One row per segment in running order: the planned slot as an outlined bar, the actual "
            "slot as a filled bar, over-runs hatched and under-runs dotted, each labelled with the "
            "difference; below, how far behind or ahead of the planned end the show was after each GO. "
            "The segments table gives the same figures as text."
        )
        xmlns = ' xmlns="http://www.w3.org/2000/svg"' if self.standalone else ""
        size = f' width="{WIDTH}" height="{self.height}"' if self.standalone else ""
        out = [
            f'<svg{xmlns} class="timeline" viewBox="0 0 {WIDTH} {self.height}"{size} role="img" '
            f'aria-labelledby="{p}title {p}desc" font-family="{escape(FONT)}" font-size="12" fill="{INK}">',
            f'<title id="{p}title">{escape(title)}</title>',
            f'<desc id="{p}desc">{escape(desc)}</desc>',
            self.svg_defs(),
            _rect(0, 0, WIDTH, self.height, fill="#ffffff", class_="bg"),
            _text(LABEL_X, 18, title, font_size=15, font_weight="bold", class_="heading"),
            self.legend(),
            self.grid(),
        ]
        for number, segment in enumerate(f.segments):
            out.append(self.row(number, segment))
        out.append(self.drift())
        out.append("</svg>")
        return "\n".join(out)

    def svg_defs(self) -> str:
        p = self.p
        return (
            "<defs>"
            f'<pattern id="{p}over" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="{OVER}"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2.4"/>'
            "</pattern>"
            f'<pattern id="{p}behind" width="5" height="5" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)">'
            f'<line x1="0" y1="0" x2="0" y2="5" stroke="{OVER}" stroke-width="1" stroke-opacity="0.5"/>'
            "</pattern>"
            "</defs>"
        )

    def legend(self) -> str:
        p, y = self.p, 34
        parts = ['<g class="legend" font-size="11">']
        x = float(LABEL_X)

        def item(shape: str, words: str, width: float) -> None:
            nonlocal x
            parts.append(shape)
            parts.append(_text(x + 22, y + 9, words))
            x += 22 + width

        item(_rect(x, y + 1, 18, 9, fill="#ffffff", stroke=INK, stroke_width=1.2), "planned", 52)
        item(_rect(x, y, 18, 11, fill=ACTUAL), "actual", 44)
        item(_rect(x, y, 18, 11, fill=f"url(#{p}over)"), "over-run", 56)
        item(
            _rect(x, y, 18, 11, fill="none", stroke=ACTUAL, stroke_width=1.2, stroke_dasharray="2 2"),
            "under-run",
            62,
        )
        parts.append(f'<path d="{self.triangle(x + 9, y + 1)}" fill="{INK}"/>')
        parts.append(_text(x + 22, y + 9, "hard start"))
        x += 22 + 64
        parts.append(_rect(x, y + 1, 18, 9, fill="#ffffff", stroke=INK, stroke_width=1.2))
        parts.append(
            f'<line x1="{_num(x - 2)}" y1="{y + 5.5}" x2="{_num(x + 20)}" y2="{y + 5.5}" stroke="{INK}"/>'
        )
        parts.append(_text(x + 22, y + 9, "skipped"))
        parts.append("</g>")
        return "".join(parts)

    @staticmethod
    def triangle(cx: float, top: float) -> str:
        return f"M{_num(cx - 4.5)} {_num(top)}h9l-4.5 7z"

    def grid(self) -> str:
        axis = self.axis
        bottom = self.drift_y + DRIFT_H
        parts = ['<g class="axis" font-size="11" text-anchor="middle">']
        for tick in axis.ticks(self.step):
            x = _num(axis.x(tick))
            label = self.hhmm(tick)
            parts.append(
                f'<line x1="{x}" y1="{self.rows_y - 4}" x2="{x}" y2="{bottom}" stroke="{GRID}" '
                'stroke-width="0.8" stroke-dasharray="3 3"/>'
            )
            parts.append(_text(float(x), self.rows_y - 7, label, class_="tick"))
            parts.append(_text(float(x), bottom + 15, label, class_="tick"))
        parts.append("</g>")
        return "".join(parts)

    def row(self, number: int, s: SegmentFacts) -> str:
        axis, y = self.axis, self.rows_y + number * ROW_H
        classes = ["segment", s.status] + (["inserted"] if s.inserted else [])
        parts = [
            f'<g class="{" ".join(classes)}" data-segment="{escape(s.id)}">',
            f"<title>{escape(self.row_words(s))}</title>",
        ]
        if number % 2 == 0:
            parts.append(_rect(0, y, WIDTH, ROW_H, fill="#f3f3f3", class_="stripe"))
        parts.append(_text(LABEL_X, y + 14, f"{number + 1}. {_cut(s.title)}", class_="label"))
        sub = []
        if s.inserted:
            sub.append("inserted live")
        if s.status == "skipped":
            sub.append("skipped")
        if s.speakers:
            sub.append(", ".join(s.speakers))
        if sub:
            parts.append(_text(LABEL_X + 14, y + 27, _cut(" · ".join(sub), 34), font_size=10, class_="sub"))
        right = PLOT_X0
        # The planned slot (inserted: the duration asked for, from its actual start, dashed).
        planned_from = s.planned_start if s.planned_start is not None else s.actual_start
        if planned_from is not None:
            x = axis.x(planned_from)
            w = s.planned_duration * axis.scale
            dash = "4 2" if s.inserted else None
            parts.append(
                _rect(
                    x,
                    y + PLANNED_Y,
                    w,
                    PLANNED_H,
                    fill="#ffffff",
                    stroke=INK,
                    stroke_width=1.2,
                    stroke_dasharray=dash,
                    class_="planned asked" if s.inserted else "planned",
                )
            )
            right = max(right, x + w)
            if s.status == "skipped":
                mid = y + PLANNED_Y + PLANNED_H / 2
                parts.append(
                    f'<line class="strike" x1="{_num(x - 3)}" y1="{_num(mid)}" x2="{_num(x + w + 3)}" '
                    f'y2="{_num(mid)}" stroke="{INK}" stroke-width="1.6"/>'
                )
        if s.hard_start is not None:
            hx = axis.x(s.hard_start)
            parts.append(
                f'<g class="hard-start"><title>hard start {escape(self.hhmm(s.hard_start))}</title>'
                f'<path d="{self.triangle(hx, y - 3)}" fill="{INK}"/>'
                f'<line x1="{_num(hx)}" y1="{y + 2}" x2="{_num(hx)}" y2="{y + ROW_H - 2}" stroke="{INK}" '
                'stroke-width="1.2"/></g>'
            )
        if s.actual_start is not None:
            end = s.actual_end if s.actual_end is not None else self.f.as_of
            x, x_end = axis.x(s.actual_start), axis.x(end)
            parts.append(
                _rect(
                    x,
                    y + ACTUAL_Y,
                    x_end - x,
                    ACTUAL_H,
                    fill=ACTUAL,
                    class_="actual live" if s.status == "live" else "actual",
                )
            )
            right = max(right, x_end)
            if s.over_under is not None:
                x_planned_end = x + s.planned_duration * axis.scale
                if s.over_under > 0:
                    parts.append(
                        _rect(
                            x_planned_end,
                            y + ACTUAL_Y,
                            x_end - x_planned_end,
                            ACTUAL_H,
                            fill=f"url(#{self.p}over)",
                            class_="over",
                        )
                    )
                elif s.over_under < 0:
                    parts.append(
                        _rect(
                            x_end,
                            y + ACTUAL_Y + 0.6,
                            x_planned_end - x_end,
                            ACTUAL_H - 1.2,
                            fill="none",
                            stroke=ACTUAL,
                            stroke_width=1.2,
                            stroke_dasharray="2 2",
                            class_="under",
                        )
                    )
                    right = max(right, x_planned_end)
        label, kind = self.row_label(s)
        if label:
            colour = {"over": OVER, "under": UNDER}.get(kind, INK)
            weight = "bold" if kind in ("over", "under") else None
            parts.append(
                _text(
                    right + 5,
                    y + (ACTUAL_Y + ACTUAL_H - 1 if s.actual_start is not None else PLANNED_Y + PLANNED_H),
                    label,
                    fill=colour,
                    font_weight=weight,
                    class_=f"ou {kind}",
                )
            )
        parts.append("</g>")
        return "".join(parts)

    @staticmethod
    def row_label(s: SegmentFacts) -> tuple[str, str]:
        if s.status == "skipped":
            return "skipped", "skipped"
        if s.status == "not_started":
            return "not started", "not-started"
        if s.status == "live":
            return "live", "live"
        if s.over_under is None:
            return "", ""
        kind = "over" if s.over_under > 0 else "under" if s.over_under < 0 else "even"
        return signed(s.over_under), kind

    def row_words(self, s: SegmentFacts) -> str:
        """The row's <title>: the same facts as the table, for a screen reader or a tooltip."""
        words = [" ".join(s.title.split())]
        if s.inserted:
            words.append(f"inserted live, {clock(s.planned_duration)} asked")
        elif s.planned_start is not None:
            words.append(f"planned {self.hhmm(s.planned_start)}–{self.hhmm(s.planned_end)}")
        if s.hard_start is not None:
            words.append(f"hard start {self.hhmm(s.hard_start)}")
        if s.actual_start is not None:
            end = self.hhmm(s.actual_end, True) if s.actual_end else "still live"
            words.append(f"actual {self.hhmm(s.actual_start, True)}–{end}")
        if s.over_under is not None:
            words.append(signed(s.over_under))
        if s.status in ("skipped", "not_started"):
            words.append(s.status.replace("_", " "))
        return ", ".join(words)

    def drift(self) -> str:
        """Behind / ahead after each GO: a step line around the 'on schedule' line."""
        axis, top, p = self.axis, self.drift_y, self.p
        points = drift_points(self.f)
        mid = top + DRIFT_H / 2
        reach = max([300] + [abs(pt.behind) for pt in points])
        minutes = math.ceil(reach / 300) * 5  # the scale: a whole number of five minutes
        k = (DRIFT_H / 2 - 10) / (minutes * 60)
        parts = [
            '<g class="drift">',
            "<title>How far behind (above the line) or ahead (below) of the planned end the show "
            "was projected to finish, after each GO</title>",
            _rect(
                PLOT_X0, top, PLOT_X1 - PLOT_X0, DRIFT_H / 2, fill=f"url(#{p}behind)", class_="behind-zone"
            ),
            f'<line x1="{_num(PLOT_X0)}" y1="{_num(mid)}" x2="{_num(PLOT_X1)}" y2="{_num(mid)}" '
            f'stroke="{INK}" stroke-width="0.8"/>',
            _text(LABEL_X, mid - 26, "Projected end vs plan", font_weight="bold", class_="label"),
            _text(LABEL_X, mid - 12, f"behind (up to +{minutes}:00)", font_size=10),
            _text(LABEL_X, mid + 4, "on schedule", font_size=10),
            _text(LABEL_X, mid + 20, f"ahead (up to -{minutes}:00)", font_size=10),
        ]
        if points:
            coords, previous = [], None
            for pt in points:  # a step line: each projection holds until the next GO
                x, yv = axis.x(pt.at), mid - pt.behind * k
                if previous is not None:
                    coords.append(f"{_num(x)},{_num(previous)}")
                coords.append(f"{_num(x)},{_num(yv)}")
                previous = yv
            parts.append(
                f'<polyline class="drift-line" points="{" ".join(coords)}" fill="none" stroke="{INK}" '
                'stroke-width="2" stroke-linejoin="round"/>'
            )
            for pt in points:
                x, yv = axis.x(pt.at), mid - pt.behind * k
                words = f"{pt.what} at {self.hhmm(pt.at, True)}: {self.drift_words(pt.behind)}"
                parts.append(
                    f'<circle class="drift-point" cx="{_num(x)}" cy="{_num(yv)}" r="2.6" fill="{INK}">'
                    f"<title>{escape(words)}</title></circle>"
                )
            last = points[-1]
            x, yv = axis.x(last.at), mid - last.behind * k
            parts.append(
                _text(
                    x + 6,
                    yv + 4,
                    self.drift_words(last.behind),
                    font_size=11,
                    font_weight="bold",
                    class_="drift-end",
                )
            )
        parts.append("</g>")
        return "".join(parts)

    @staticmethod
    def drift_words(behind: int) -> str:
        if behind == 0:
            return "on schedule"
        return f"{signed(behind)} {'behind' if behind > 0 else 'ahead'}"


def timeline_svg(facts: ShowFacts, standalone: bool = False, prefix: str = "tl-") -> str:
    """The timeline as SVG markup. ``prefix`` keeps the ids of two timelines on one page apart."""
    return _Drawing(facts, standalone, prefix).svg()


__all__ = ["Axis", "DriftPoint", "drift_points", "make_axis", "render", "signed", "timeline_svg"]
