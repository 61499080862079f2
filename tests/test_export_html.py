"""html and svg: the timeline's geometry against the times, its labels and marks, and the html
report's hygiene (an HTML5 parser finds no error; no script, no URL; public unless --private)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html import escape

import html5lib
import pytest

from export_scenarios import LIVE_NOTE, MEETUP, ROOT, Player, at, evening, unfinished
from report_scenario import INSERTED_TITLE, REPORT, report_evening
from runofshow.cli import main
from runofshow.export import export_text, load_facts
from runofshow.export.timeline import drift_points
from runofshow.plan import load_plan
from runofshow.show import Go

SVG = "{http://www.w3.org/2000/svg}"
PLAN = load_plan(MEETUP).plan
PHONES = [p.phone for p in PLAN.people if p.phone]
EMAILS = [p.email for p in PLAN.people if p.email]
PLAN_NOTES = [s.notes for s in PLAN.segments if s.notes]
PLANNED = {  # meetup.toml: planned start (local) and duration in minutes
    "doors": ("18:00:00", 30),
    "welcome": ("18:30:00", 5),
    "dana-talk": ("18:35:00", 30),
    "break": ("19:15:00", 15),
    "yossi-talk": ("19:30:00", 25),
    "lightning": ("19:55:00", 20),
    "closing": ("20:15:00", 5),
    "networking": ("20:20:00", 45),
}


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    return load_facts(report_evening(tmp_path_factory.mktemp("report")))


@pytest.fixture(scope="module")
def svg(facts):
    return ET.fromstring(export_text(facts, "svg").split("\n", 1)[1])


def classes(element) -> set[str]:
    return set(element.get("class", "").split())


def rows(svg) -> dict[str, ET.Element]:
    return {g.get("data-segment"): g for g in svg.iter(f"{SVG}g") if "segment" in classes(g)}


def rects(row, cls: str) -> list[ET.Element]:
    return [r for r in row.iter(f"{SVG}rect") if cls in classes(r)]


class Scale:
    """Time to x, read off the drawing's own axis labels (the 18:00 and the 19:00 tick)."""

    def __init__(self, svg) -> None:
        ticks = {}
        for text in svg.iter(f"{SVG}text"):
            if "tick" in classes(text):
                ticks.setdefault(text.text, float(text.get("x")))
        self.x18 = ticks["18:00"]
        self.per_second = (ticks["19:00"] - ticks["18:00"]) / 3600
        assert self.per_second > 0

    def x(self, hhmmss: str) -> float:
        return self.x18 + (at(hhmmss) - at("18:00:00")).total_seconds() * self.per_second

    def width(self, seconds: float) -> float:
        return seconds * self.per_second


def near(value: str | float, wanted: float) -> bool:
    return abs(float(value) - wanted) < 0.02


def test_one_planned_and_one_actual_bar_per_segment_that_ran_at_their_times(svg):
    scale = Scale(svg)
    found = rows(svg)
    assert list(found) == list(REPORT)  # one row per segment, in running order
    for sid, (start, end, _label) in REPORT.items():
        row = found[sid]
        planned, actual = rects(row, "planned"), rects(row, "actual")
        assert len(planned) == 1, sid
        if start is None:
            assert actual == [], sid
            continue
        assert len(actual) == 1, sid
        seconds = (at(end) - at(start)).total_seconds()
        assert near(actual[0].get("x"), scale.x(start)), (sid, actual[0].get("x"), scale.x(start))
        assert near(actual[0].get("width"), scale.width(seconds)), sid
        if sid in PLANNED:
            p_start, minutes = PLANNED[sid]
            assert near(planned[0].get("x"), scale.x(p_start)), sid
            assert near(planned[0].get("width"), scale.width(minutes * 60)), sid
            assert planned[0].get("fill") == "#ffffff" and planned[0].get("stroke")  # an outline
        assert actual[0].get("fill") not in (None, "none", "#ffffff")  # filled
        assert float(planned[0].get("y")) < float(actual[0].get("y"))  # planned above actual


def test_over_and_under_runs_are_drawn_and_labelled(svg):
    scale = Scale(svg)
    found = rows(svg)
    for sid, (_start, _end, label) in REPORT.items():
        labels = [t.text for t in found[sid].iter(f"{SVG}text") if "ou" in classes(t)]
        assert labels == [label], sid
    dana = found["dana-talk"]
    (over,) = rects(dana, "over")  # hatched, from the end of the planned 30:00 to the actual end
    assert near(over.get("x"), scale.x("19:05:00")) and near(over.get("width"), scale.width(250))
    assert over.get("fill").startswith("url(#")
    assert {"ou", "over"} <= classes(next(t for t in dana.iter(f"{SVG}text") if t.text == "+4:10"))
    brk = found["break"]
    (under,) = rects(brk, "under")  # dotted: the five minutes cut, after the actual end
    assert near(under.get("x"), scale.x("19:19:10")) and near(under.get("width"), scale.width(300))
    assert under.get("fill") == "none" and under.get("stroke-dasharray")
    assert rects(brk, "over") == [] and rects(dana, "under") == []


def test_skipped_inserted_and_hard_start_are_marked(svg):
    scale = Scale(svg)
    found = rows(svg)
    skipped = found["yossi-talk"]
    assert "skipped" in classes(skipped)
    assert [ln for ln in skipped.iter(f"{SVG}line") if "strike" in classes(ln)]  # struck through
    assert "skipped" in [t.text for t in skipped.iter(f"{SVG}text")]
    assert "skipped" in skipped.find(f"{SVG}title").text
    inserted = found["surprise"]
    assert "inserted" in classes(inserted)
    (asked,) = rects(inserted, "planned")  # the five minutes asked for, dashed, from its actual start
    assert "asked" in classes(asked) and asked.get("stroke-dasharray")
    assert near(asked.get("x"), scale.x("19:19:10")) and near(asked.get("width"), scale.width(300))
    assert any("inserted live" in (t.text or "") for t in inserted.iter(f"{SVG}text"))
    hard = [g for g in found["break"].iter(f"{SVG}g") if "hard-start" in classes(g)]
    assert len(hard) == 1 and "19:15" in hard[0].find(f"{SVG}title").text
    assert near(hard[0].find(f"{SVG}line").get("x1"), scale.x("19:15:00"))
    assert all(
        not [g for g in row.iter(f"{SVG}g") if "hard-start" in classes(g)]
        for sid, row in found.items()
        if sid != "break"
    )


def test_row_titles_say_it_in_words(svg):
    found = rows(svg)
    assert found["dana-talk"].find(f"{SVG}title").text == (
        "Design tokens at scale, planned 18:35–19:05, actual 18:35:00–19:09:10, +4:10"
    )
    assert found["break"].find(f"{SVG}title").text == (
        "Break, planned 19:15–19:30, hard start 19:15, actual 19:09:10–19:19:10, -5:00"
    )
    assert (
        found["surprise"].find(f"{SVG}title").text.startswith(f"{INSERTED_TITLE}, inserted live, 5:00 asked")
    )


def test_behind_ahead_after_each_go(facts, svg):
    points = [(p.at.strftime("%H:%M:%S"), p.behind, p.what) for p in drift_points(facts)]
    # The break's hard start (19:15) absorbs the late doors and Dana's +4:10; the break starts
    # early (5:50 ahead), the skip of a 25-minute talk makes it 29:50 ahead.
    assert points == [
        ("18:01:00", 0, "GO"),
        ("18:31:00", 0, "GO"),
        ("18:35:00", 0, "GO"),
        ("19:09:10", -350, "GO"),
        ("19:19:10", -350, "GO"),
        ("19:25:10", -1790, "GO"),
        ("19:45:10", -1790, "GO"),
        ("19:50:10", -1790, "GO"),
        ("20:35:10", -1790, "end"),
    ]
    assert facts.end_over_under == -1790
    scale = Scale(svg)
    line = next(e for e in svg.iter(f"{SVG}polyline") if "drift-line" in classes(e))
    xy = [tuple(map(float, pair.split(","))) for pair in line.get("points").split()]
    assert len(xy) == 2 * len(points) - 1  # a step line
    assert [x for x, _ in xy[::2]] == pytest.approx([scale.x(t) for t, _, _ in points], abs=0.02)
    ys = [y for _, y in xy[::2]]
    assert ys[0] == ys[1] == ys[2] < ys[3] == ys[4] < ys[5]  # lower is further ahead
    (label,) = [t.text for t in svg.iter(f"{SVG}text") if "drift-end" in classes(t)]
    assert label == "-29:50 ahead"


def test_an_undone_go_is_not_a_point(tmp_path):
    facts = load_facts(evening(tmp_path))  # a GO at 19:52:00 undone at 19:52:10
    times = [p.at.strftime("%H:%M:%S") for p in drift_points(facts)]
    assert "19:52:00" not in times and times[-1] == "20:45:00" and len(times) == 9


def test_svg_has_a_title_and_scales_to_the_width(facts, svg):
    assert svg.get("role") == "img" and svg.get("viewBox").startswith("0 0 760 ")
    title = svg.find(f"{SVG}title")
    assert title.text == "Frontend Night #42: planned vs actual, Thursday 2026-12-03"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {svg.find(f'{SVG}desc').get('id')}"
    html = export_text(facts, "html")
    inline = re.search(r"<svg [^>]*>", html).group(0)
    assert "xmlns" not in inline and "width=" not in inline  # sized by the page's CSS
    assert "svg.timeline { display: block; width: 100%; height: auto;" in html


def parse_html(text: str):
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parse(text)
    return tree, parser.errors


def test_html_parses_without_errors_and_is_self_contained(facts):
    text = export_text(facts, "html", private=True)
    tree, errors = parse_html(text)
    assert errors == []
    assert tree.find(".//script") is None and "<script" not in text.lower()
    assert not re.search(r"(?i)\b(?:https?|ftp|file|data):|//[a-z0-9]", text)  # no URL at all
    assert "@import" not in text and "@font-face" not in text
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name in ("href", "src") or name.endswith("}href"):
                assert value.startswith("#"), (name, value)
            if "url(" in value:
                assert re.fullmatch(r"url\(#[\w-]+\)", value), value
    assert tree.find(".//{http://www.w3.org/2000/svg}svg") is not None  # the parser put it in SVG's namespace
    assert tree.find(".//style") is not None and tree.find(".//link") is None


def test_html_has_the_md_report_content(facts):
    tree, _ = parse_html(export_text(facts, "html"))
    heads = [h.text for h in tree.iter("h2")]
    assert heads == [
        "Headline",
        "Planned vs actual",
        "Segments",
        "Checklist items never done",
        "Handoffs",
        "Notes",  # only that they were left out: this is the public report
        "Timeline",
    ]
    assert tree.find(".//h1").text == "Frontend Night #42: what happened"
    table = tree.find(".//table[@class='segments']")
    body = [["".join(td.itertext()) for td in tr.findall("td")] for tr in table.find("tbody").findall("tr")]
    assert len(body) == 9
    assert body[2] == [
        "3",
        "Design tokens at scale",
        "Dana Levi",
        "18:35:00",
        "30:00",
        "18:35:00",
        "19:09:10",
        "34:10",
        "+4:10",
        "done",
    ]
    assert body[3][1] == "Break (hard start 19:15:00)" and body[3][8] == "-5:00 (added -5:00)"
    assert body[4][1] == f"{INSERTED_TITLE} (inserted)" and body[4][3] == ""
    assert body[5][1] == "Bundlers are compilers now" and body[5][9] == "skipped"
    head = "".join(tree.find(".//section[@id='headline']").itertext())
    assert "Over by more than 2 minutes (1): Design tokens at scale (+4:10)" in head
    assert "Skipped: Bundlers are compilers now" in head and f"Inserted live: {INSERTED_TITLE}" in head
    actions = ["".join(li.itertext()) for li in tree.iter("li") if li.find("time") is not None]
    assert (
        "19:10:00 time removed: -5:00" in actions
        and "19:20:00 skipped: Bundlers are compilers now" in actions
    )


def test_the_same_figures_as_md(tmp_path):
    facts = load_facts(evening(tmp_path))
    md = export_text(facts, "md")
    tree, errors = parse_html(export_text(facts, "html"))
    assert errors == []
    text = " ".join("".join(tree.find(".//body").itertext()).split())
    for figure in re.findall(r"[+-]\d+:\d\d|\d\d:\d\d:\d\d", md.split("## Timeline")[0]):
        assert figure in text, figure
    undone = [li for li in tree.iter("li") if "(undone)" in "".join(li.itertext())]
    assert len(undone) == 1  # the slip of the finger (the undo itself is listed as "undo")
    assert "".join(undone[0].itertext()).startswith("19:52:00 GO")


@pytest.mark.parametrize("private", [False, True])
def test_privacy(tmp_path, private):
    facts = load_facts(evening(tmp_path))
    text = export_text(facts, "html", private=private)
    secrets = PHONES + EMAILS + PLAN_NOTES + [LIVE_NOTE]
    assert secrets
    escaped = [escape(s) for s in secrets]
    if private:
        assert all(s in text or e in text for s, e in zip(secrets, escaped, strict=True))
    else:
        assert not [s for s, e in zip(secrets, escaped, strict=True) if s in text or e in text]
        assert not re.search(r"[\w.]+@[\w-]+\.\w+", text)  # no e-mail address at all
        assert not re.search(r"\+\d{3} \d\d", text)  # nor a phone number
        assert "--private" in text  # it says what was left out
    svg = export_text(facts, "svg", private=private)
    assert not [s for s in secrets if s in svg]  # the svg alone is always public


def test_unfinished_and_never_started_shows(tmp_path):
    (tmp_path / "a").mkdir()
    facts = load_facts(unfinished(tmp_path / "a", torn=True))
    text = export_text(facts, "html")
    tree, errors = parse_html(text)
    assert errors == []
    assert "Unfinished:" in "".join(tree.find(".//header").itertext())
    svg = ET.fromstring(export_text(facts, "svg").split("\n", 1)[1])
    lightning = rows(svg)["lightning"]
    (live,) = rects(lightning, "actual")
    assert "live" in classes(live) and "live" in [t.text for t in lightning.iter(f"{SVG}text")]
    scale = Scale(svg)
    assert near(live.get("x"), scale.x("19:31:30")) and near(live.get("width"), scale.width(510))
    assert [t.text for t in rows(svg)["networking"].iter(f"{SVG}text") if "ou" in classes(t)] == [
        "not started"
    ]

    (tmp_path / "b").mkdir()
    before = load_facts(Player(tmp_path / "b").close())
    tree, errors = parse_html(export_text(before, "html"))
    assert errors == [] and drift_points(before) == []
    svg = ET.fromstring(export_text(before, "svg").split("\n", 1)[1])
    assert all(rects(row, "actual") == [] and len(rects(row, "planned")) == 1 for row in rows(svg).values())


def test_other_samples_render(tmp_path):
    for name in ("conference", "workshop"):
        (tmp_path / name).mkdir()
        player = Player(tmp_path / name, plan=ROOT / "sample_events" / f"{name}.toml", start="07:00:00")
        player.show.do(Go(at=player.clock.now()))
        facts = load_facts(player.close())
        tree, errors = parse_html(export_text(facts, "html"))
        assert errors == [], name
        svg = ET.fromstring(export_text(facts, "svg").split("\n", 1)[1])
        assert len(rows(svg)) == len(facts.segments)


def test_cli_writes_html_and_svg(tmp_path, capsys):
    journal = report_evening(tmp_path)
    out = tmp_path / "r.html"
    assert main(["export", str(journal), "--format", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["export", str(journal), "--format", "svg"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
    )
    ET.fromstring(printed.split("\n", 1)[1])  # well-formed XML


def test_times_are_in_the_event_timezone(facts):
    # The axis labels and every time shown are Jerusalem's wall clock (+02:00), not UTC.
    assert facts.planned_start.utcoffset() == dt.timedelta(hours=2)
    text = export_text(facts, "svg")
    assert ">18:00<" in text and ">16:00<" not in text


def test_a_long_show_gets_at_most_limit_points_each_exact(facts):
    exact = {p.at: p for p in drift_points(facts)}
    few = drift_points(facts, limit=3)
    assert 3 <= len(few) <= 4  # the last GO of each third of the evening, and the first
    assert few[0] == exact[few[0].at] and few[-1].what == "end"
    assert all(point == exact[point.at] for point in few)  # sampled, not approximated
    assert [p.at.strftime("%H:%M:%S") for p in few] == ["18:01:00", "18:35:00", "19:25:10", "20:35:10"]
