"""`runofshow sheet`: the run sheet and the call sheets, their content, privacy and HTML.

The content is read back from the HTML with html5lib (strict: a parse error fails the test), so
what is asserted is what a browser shows and prints, not the model alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import html5lib
import pytest

from export_scenarios import MEETUP, unfinished
from runofshow.cli import main
from runofshow.plan import load_plan
from runofshow.sheets import TaskEntry, call_sheet, call_sheets, load_source, model, render, run_sheet
from runofshow.sheets.cli import sheet_paths, write_beside_journal
from runofshow.sheets.model import PersonCard

ROOT = Path(__file__).resolve().parent.parent
CONFERENCE = ROOT / "sample_events" / "conference.toml"
WORKSHOP = ROOT / "sample_events" / "workshop.toml"
NS = "{http://www.w3.org/1999/xhtml}"


def parse(html: str):
    """The document, parsed by html5lib in strict mode: any parse error raises."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(html)


def text(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def find_all(element, tag: str, cls: str | None = None) -> list:
    found = element.iter(f"{NS}{tag}")
    return [e for e in found if cls is None or cls in (e.get("class") or "").split()]


def private_strings(plan) -> dict[str, list[str]]:
    """Every phone, e-mail and organizer note of the plan, by owner (person id or segment id)."""
    found: dict[str, list[str]] = {}
    for person in plan.people:
        found[person.id] = [v for v in (person.phone, person.email) if v]
    for segment in plan.segments:
        if segment.notes:
            found[segment.id] = [segment.notes]
    return found


def sheet_html(source, person: str | None = None, private: bool = False) -> str:
    sheets = [call_sheet(source, person, private)] if person else [run_sheet(source, private)]
    return render(sheets, "html")


# -- the run sheet ------------------------------------------------------------------------------
def test_the_meetup_run_sheet_lists_every_segment_with_its_handoff_and_checklist():
    source = load_source(MEETUP)
    plan = source.plan
    doc = parse(sheet_html(source))
    sections = find_all(doc, "section", "seg")
    assert [s.get("id") for s in sections] == [f"seg-{seg.id}" for seg in plan.segments]
    for section, slot in zip(sections, plan.schedule, strict=True):
        seg = slot.segment
        heading = text(find_all(section, "h2")[0])
        assert seg.title in heading
        assert heading.startswith(f"{slot.start:%H:%M}–{slot.end:%H:%M}")
        facts = text(find_all(section, "p", "facts")[0])
        assert f"Kind {seg.kind}" in facts
        assert ", ".join(plan.speaker_names(seg)) in facts
        if seg.owner:
            assert f"Owner {plan.person_by_id[seg.owner].name}" in facts
        handoff = text(find_all(section, "p", "handoff")[0])
        if seg.handoff is None:
            assert "none planned" in handoff
        else:
            assert seg.handoff.cue in handoff
            assert plan.person_by_id[seg.handoff.by].name in handoff
        rows = [[text(td) for td in find_all(tr, "td")] for tr in find_all(section, "tr")][1:]
        wanted = [
            [
                item.item,
                plan.person_by_id[item.by].name if item.by else "—",
                "blocking" if item.blocking else "",
            ]
            for item in plan.checklist_for(seg)
        ]
        assert [row[1:] for row in rows] == wanted
    # the speakers' needs are on it too, for the speaker
    dana = text(sections[2])
    assert "USB-C to HDMI adapter Dana Levi" in dana


def test_the_run_sheet_heading_has_the_event_venue_date_and_timezone():
    doc = parse(sheet_html(load_source(MEETUP)))
    top = text(find_all(doc, "header", "top")[0])
    assert "Run sheet · Frontend Night #42" in top
    assert "Thu 3 Dec 2026 · Namal 40, Tel Aviv · times in Asia/Jerusalem" in top
    assert text(find_all(doc, "title")[0]) == "Run sheet · Frontend Night #42"


def test_every_printed_page_has_the_event_and_the_page_number_and_segments_do_not_split():
    html = sheet_html(load_source(MEETUP))
    assert '@top-left { content: "Frontend Night #42 · run sheet"' in html
    assert 'content: "page " counter(page) " of " counter(pages)' in html
    assert ".seg, .item, .block { break-inside: avoid;" in html


def test_the_times_are_the_events_timezone_not_the_machines(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        html = sheet_html(load_source(CONFERENCE))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "08:00–09:00" in html and "times in Europe/Berlin" in html


# -- call sheets --------------------------------------------------------------------------------
AVI_ITEMS = [
    ("18:30", "Hand over", "Welcome and house rules", "Cue: Lights down in the back, Tamar's mic live"),
    ("18:35", "Get ready (blocking: GO waits for it)", "Design tokens at scale", "Recording started"),
    (
        "19:30",
        "Get ready (blocking: GO waits for it)",
        "Bundlers are compilers now",
        "Adapter tested with the projector",
    ),
    ("19:30", "Get ready (blocking: GO waits for it)", "Bundlers are compilers now", "Recording started"),
]


def call_rows(html: str) -> list[tuple[str, ...]]:
    doc = parse(html)
    table = find_all(doc, "table", "items")[0]
    return [tuple(text(td) for td in find_all(tr, "td")) for tr in find_all(table, "tr", "item")]


def test_the_av_call_sheet_holds_exactly_avis_items_and_handoffs_in_time_order():
    source = load_source(MEETUP)
    html = sheet_html(source, "avi")
    assert call_rows(html) == AVI_ITEMS
    sheet = call_sheet(source, "avi")
    assert [item.kind for item in sheet.items] == ["handoff", "checklist", "checklist", "checklist"]
    assert [item.at for item in sheet.items] == sorted(item.at for item in sheet.items)
    doc = parse(html)
    assert "Expected arrival: by 18:30" in text(doc)
    contacts = find_all(doc, "section", "contacts")[0]
    assert [text(tr) for tr in find_all(contacts, "tr")][1:] == [
        "Tamar Stern host host; owner of Welcome and house rules"
    ]


def test_a_call_sheet_holds_no_private_data_without_private():
    source = load_source(MEETUP)
    for person in source.plan.people:
        for fmt in ("html", "md"):
            document = render([call_sheet(source, person.id)], fmt)
            for owner, values in private_strings(source.plan).items():
                for value in values:
                    assert value not in document and escape(value) not in document, (person.id, fmt, owner)
            assert "@example.org" not in document


def test_private_adds_phones_and_notes_to_the_run_sheet_and_the_call_sheets():
    source = load_source(MEETUP)
    plan = source.plan
    public, private = sheet_html(source), sheet_html(source, private=True)
    phones = [p.phone for p in plan.people if p.phone]
    notes = [escape(s.notes) for s in plan.segments if s.notes]
    assert phones and notes
    assert not any(v in public for v in phones + notes)
    assert all(v in private for v in phones + notes)
    assert not any(p.email in private for p in plan.people if p.email)  # e-mails never go on paper
    avi = sheet_html(source, "avi", private=True)
    assert "+972 50 000 0000" in avi  # the host's phone, under "who to call"
    assert "+972 54 333 4444" in avi  # his own
    assert "+972 52 111 2222" not in avi  # Yossi is nobody Avi has to call
    head = [text(th) for th in find_all(find_all(parse(avi), "section", "contacts")[0], "th")]
    assert head == ["Name", "Role", "Why", "Phone"]


def test_a_speakers_call_sheet_has_the_intro_card_and_the_host_reads_it_too():
    source = load_source(MEETUP)
    dana = call_rows(sheet_html(source, "dana"))
    assert [row[1] for row in dana] == ["Get ready", "Get ready", "Get ready", "You speak"]
    assert dana[-1][0] == "18:35–19:05"
    assert "Intro card: Dana Levi /DAH-nah LEH-vee/ Dana leads the design-systems team" in dana[-1][3]
    tamar = call_rows(sheet_html(source, "tamar"))
    handoff = next(row for row in tamar if row[2] == "Design tokens at scale")
    assert handoff[1] == "Hand over" and "Intro card: Dana Levi" in handoff[3]
    assert [row[1] for row in tamar].count("You run it") == 4


def test_the_hosts_are_the_mcs_in_the_conference():
    source = load_source(CONFERENCE)
    assert [p.id for p in model.hosts(source.plan)] == ["lena", "kwame"]  # not Nils of Nordlicht Hosting
    mira = call_sheet(source, "mira")
    whys = {c.person.id: c.why for c in mira.contacts}
    assert whys["lena"] == "host; owner of Welcome, code of conduct, housekeeping"
    assert whys["kwame"] == "host; owner of Afternoon welcome"
    assert "jonas" not in whys  # Mira has nothing to do in a segment Jonas owns
    assert mira.items and all(i.kind in ("checklist", "handoff") for i in mira.items)
    assert [i.at for i in mira.items] == sorted(i.at for i in mira.items)


def test_tasks_have_their_place_on_both_sheets(monkeypatch):
    """TASKS (issue 13): once ``model._tasks`` returns tasks, both sheets print them in time order."""
    source = load_source(MEETUP)
    tz = source.tz
    avi = PersonCard(id="avi", name="Avi Mizrahi", role="AV and streaming")
    task = TaskEntry(at=dt.datetime(2026, 12, 3, 19, 0, tzinfo=tz), what="Swap the camera battery", by=avi)
    monkeypatch.setattr(model, "_tasks", lambda *args: (task,))
    rows = call_rows(sheet_html(source, "avi"))
    assert rows[2] == ("19:00", "Task", "—", "Swap the camera battery")
    assert [r[0] for r in rows] == ["18:30", "18:35", "19:00", "19:30", "19:30"]
    run = parse(sheet_html(source))
    tasks = find_all(run, "section", "tasks")[0]
    assert [text(th) for th in find_all(tasks, "th")] == ["Time", "Task", "By", "Segment"]
    assert "Swap the camera battery" in text(tasks)
    assert "Swap the camera battery" in render([dataclasses.replace(run_sheet(source), tasks=(task,))], "md")


# -- a journal instead of a plan ----------------------------------------------------------------
def test_a_journal_gives_the_times_as_of_its_last_action(tmp_path):
    source = load_source(unfinished(tmp_path))  # lightning live since 19:31:30; last action 19:40
    doc = parse(sheet_html(source))
    assert "As of 19:40, running 24 min early" in text(find_all(doc, "p", "asof")[0])
    heads = {s.get("id"): text(find_all(s, "h2")[0]) for s in find_all(doc, "section", "seg")}
    assert heads["seg-doors"] == "18:02–18:33 Doors, pizza and networking DONE, planned 18:00"
    assert heads["seg-yossi-talk"] == "19:30–19:55 Bundlers are compilers now SKIPPED"
    assert heads["seg-surprise"] == "19:24–19:31 Surprise, a lightning talk DONE, inserted live"
    assert (
        heads["seg-lightning"].startswith("19:31–19:51 Lightning talks") and "LIVE" in heads["seg-lightning"]
    )
    assert heads["seg-closing"] == "19:51–19:56 Closing, next meetup, sponsors planned 20:15"
    doors = find_all(doc, "section", "seg")[0]
    assert text(find_all(doors, "tr")[1]).startswith("done 17:50 Registration desk staffed")
    avi = call_sheet(source, "avi")
    assert [i.segment_title for i in avi.items] == ["Welcome and house rules", "Design tokens at scale"]
    assert avi.items[0].done_at is not None  # the handoff was marked done at 18:35
    assert avi.heading.as_of == "as of 19:40, running 24 min early"


def test_a_journal_of_a_late_show_says_so(tmp_path):
    from export_scenarios import Player
    from runofshow.show import Go

    p = Player(tmp_path)
    p.at("18:06:00", lambda t: Go(at=t))
    source = load_source(p.close())
    assert run_sheet(source).heading.as_of == "as of 18:06, running 6 min late"
    assert run_sheet(source).segments[1].start.strftime("%H:%M") == "18:36"


# -- html and md --------------------------------------------------------------------------------
@pytest.mark.parametrize("plan", [MEETUP, CONFERENCE, WORKSHOP], ids=lambda p: p.stem)
@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_the_html_parses_without_errors_and_every_table_has_headers(plan, private):
    source = load_source(plan)
    documents = [render([run_sheet(source, private)], "html"), render(call_sheets(source, private), "html")]
    for html in documents:
        doc = parse(html)
        tables = find_all(doc, "table")
        assert tables
        for table in tables:
            head = find_all(table, "thead")
            assert head, "a table without a header row"
            columns = len(find_all(head[0], "th"))
            assert columns >= 2 and all(th.get("scope") == "col" for th in find_all(head[0], "th"))
            for body_row in find_all(find_all(table, "tbody")[0], "tr"):
                assert len(find_all(body_row, "td")) == columns


def test_the_html_is_self_contained_and_black_on_white():
    html = sheet_html(load_source(CONFERENCE), private=True)
    lowered = html.lower()
    for outside in ("<script", "<link", "src=", "@import", "url(", "http://", "https://", "@font-face"):
        assert outside not in lowered
    assert "color: #000" in html and "background: #fff" in html
    assert not re.search(r"[^-]size:", html)  # no paper size: A4 and US Letter both fit the 182 mm content


def test_a_hostile_event_title_cannot_break_out_of_the_page_header(tmp_path):
    plan = tmp_path / "odd.toml"
    plan.write_text(
        MEETUP.read_text(encoding="utf-8").replace(
            'title = "Frontend Night #42"', 'title = "Night \\"42\\" </style><script>x</script> \\\\ end"'
        ),
        encoding="utf-8",
    )
    html = sheet_html(load_source(plan))
    doc = parse(html)
    assert not find_all(doc, "script")
    assert text(find_all(doc, "h1")[0]) == 'Run sheet · Night "42" </style><script>x</script> \\ end'


def test_md_has_the_same_content():
    source = load_source(MEETUP)
    md = render([run_sheet(source)], "md")
    for slot in source.plan.schedule:
        seg = slot.segment
        assert f"## {slot.start:%H:%M}–{slot.end:%H:%M} · {seg.title}" in md
        if seg.handoff:
            assert seg.handoff.cue in md
        for item in source.plan.checklist_for(seg):
            assert f"| {item.item} |" in md
    avi = render([call_sheet(source, "avi")], "md")
    rows = [line for line in avi.splitlines() if line.startswith("| 1")]
    assert [r.split(" | ")[0].lstrip("| ") for r in rows] == ["18:30", "18:35", "19:30", "19:30"]


# -- the command line ---------------------------------------------------------------------------
def test_stdout_and_output_file_are_the_same(tmp_path, capsys):
    out = tmp_path / "run.html"
    assert main(["sheet", str(MEETUP), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["sheet", str(MEETUP)]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")
    assert main(["sheet", str(MEETUP), "--format", "md", "--person", "avi", "--person", "dana"]) == 0
    md = capsys.readouterr().out
    assert md.count("# Call sheet · ") == 2 and "\n---\n" in md
    assert main(["sheet", str(MEETUP), "--format", "md", "--person", "avi", "dana"]) == 0
    assert capsys.readouterr().out == md


def test_all_people_writes_one_file_per_person(tmp_path, capsys):
    folder = tmp_path / "calls"
    assert main(["sheet", str(MEETUP), "--all-people", "-o", str(folder)]) == 0
    ids = [p.id for p in load_plan(MEETUP).plan.people]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{i}.html" for i in ids)
    assert capsys.readouterr().out.split() == [str(folder / f"{i}.html") for i in ids]
    avi = (folder / "avi.html").read_text(encoding="utf-8")
    assert call_rows(avi) == AVI_ITEMS


def test_output_into_an_existing_directory(tmp_path):
    assert main(["sheet", str(MEETUP), "-o", str(tmp_path), "--format", "md"]) == 0
    assert main(["sheet", str(MEETUP), "-o", str(tmp_path), "--person", "avi"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["avi.html", "run-sheet.md"]


def test_output_into_a_new_directory_and_all_people_into_a_file(tmp_path, capsys):
    assert main(["sheet", str(MEETUP), "-o", f"{tmp_path / 'new' / 'sheets'}/"]) == 0
    assert [p.name for p in (tmp_path / "new" / "sheets").iterdir()] == ["run-sheet.html"]
    capsys.readouterr()
    file = tmp_path / "plain.txt"
    file.write_text("x")
    assert main(["sheet", str(MEETUP), "--all-people", "-o", str(file)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"runofshow sheet: {file}: not a directory (--all-people writes one file per person)"
    )


def test_a_show_past_midnight_marks_the_next_day(tmp_path):
    plan = tmp_path / "late.toml"
    plan.write_text(
        '[event]\ntitle = "Late"\ndate = 2026-12-31\nstart = 23:00:00\ntimezone = "Europe/Berlin"\n'
        '[[segments]]\nid = "party"\ntitle = "Party"\nduration = "90m"\n'
        '[[segments]]\nid = "after"\ntitle = "Afterparty"\nduration = "1h"\n',
        encoding="utf-8",
    )
    md = render([run_sheet(load_source(plan))], "md")
    assert "## 23:00–00:30 (+1d) · Party" in md
    assert "## 00:30 (+1d)–01:30 (+1d) · Afterparty" in md
    assert "Thu 31 Dec 2026" in md


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from runofshow.cli import main; sys.exit(main(sys.argv[1:]))",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--person", "avy"], 2, "runofshow sheet: no person 'avy' in the plan (did you mean \"avi\"?)"),
        (["--format", "docx"], 2, "invalid choice: 'docx'"),
        (["--person", "avi", "--all-people"], 2, "not allowed with argument"),
        (["--format", "pdf"], 2, "a PDF goes to a file: give -o FILE.pdf"),
    ],
)
def test_bad_arguments_give_one_clear_line(args, code, message):
    result = run_cli("sheet", str(MEETUP), *args)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr


def test_bad_sources_give_one_clear_line(tmp_path):
    missing = run_cli("sheet", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    gone = run_cli("sheet", str(tmp_path / "nope.journal.jsonl"))
    assert (gone.returncode, gone.stderr.strip()) == (
        2,
        f"runofshow sheet: {tmp_path / 'nope.journal.jsonl'}: no such plan or journal",
    )
    junk = tmp_path / "junk.journal.jsonl"
    junk.write_text("hello\n")
    bad = run_cli("sheet", str(junk))
    assert bad.returncode == 1 and "not a runofshow journal" in bad.stderr and "Traceback" not in bad.stderr
    folder = run_cli("sheet", str(tmp_path))
    assert folder.returncode == 2 and "is a directory" in folder.stderr


def test_pdf_without_chromium_says_to_print_the_html(tmp_path):
    import os

    env = {**os.environ, "PATH": str(tmp_path)}  # no browser on this PATH
    result = run_cli("sheet", str(MEETUP), "--format", "pdf", "-o", str(tmp_path / "x.pdf"), env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "runofshow sheet: no chromium found to print the PDF with: write the HTML instead "
        "(--format html) and print it from any browser"
    )
    assert not (tmp_path / "x.pdf").exists()


def test_the_sheets_never_import_textual(tmp_path):
    code = (
        "import sys\n"
        "from runofshow.cli import main\n"
        "import runofshow.sheets.cli, runofshow.sheets.html, runofshow.sheets.md, runofshow.sheets.pdf\n"
        f"main(['sheet', {str(MEETUP)!r}, '-o', {str(tmp_path / 'sheet.html')!r}])\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# -- beside the journal (the console's palette) -------------------------------------------------
def test_write_beside_the_journal(tmp_path):
    journal = unfinished(tmp_path)
    run_path, folder = sheet_paths(journal)
    assert (run_path.name, folder.name) == ("meetup.run-sheet.html", "meetup.call-sheets")
    assert write_beside_journal(journal, "run") == [run_path]
    assert "As of 19:40" in run_path.read_text(encoding="utf-8")
    written = write_beside_journal(journal, "call")
    assert sorted(p.name for p in written) == sorted(f"{p.id}.html" for p in load_plan(MEETUP).plan.people)
    assert all(p.parent == folder for p in written)
    assert "+972" not in "".join(p.read_text(encoding="utf-8") for p in [run_path, *written])
