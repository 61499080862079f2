"""The summary of a show state that the fixture journals under ``tests/fixtures/journals/`` pin.

A fixture journal was written by the runofshow of one day; its ``.state.json`` holds, for every
prefix of its actions, ``summary(project(fold(plan, prefix), instant of the prefix's last action
+ 10 s))``. ``test_journal_fixtures.py`` checks that today's code replays every fixture to the
same summaries: a journal once written must keep meaning the same thing forever.

The summary is written in terms that do not depend on how ``ShowState`` is laid out today: what
the running order, the timers, the checklists, the handoffs, the notes and the stage show.
"""

from __future__ import annotations

import datetime as dt

from runofshow.show import ShowState

AFTER = dt.timedelta(seconds=10)  # each prefix is projected this long after its last action


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def stage(state: ShowState) -> dict:
    """What the stage shows besides the timer: the message (text, flashing, since when), the blackout
    and, once the journal chose it, the stage sound."""
    message = state.message
    shown = {
        "message": None
        if message is None
        else {"text": message.text, "flash": message.flash, "at": _iso(message.at)},
        "blackout": state.blackout,
    }
    if state.stage_sound is not None:  # issue 17: only once the journal chose (older fixtures never did)
        shown["sound"] = state.stage_sound
    return shown


def summary(state: ShowState) -> dict:
    live = state.live
    return {
        "now": _iso(state.now),
        "show": state.show,
        "action_count": state.action_count,
        "planned_start": _iso(state.planned_start),
        "planned_end": _iso(state.planned_end),
        "projected_end": _iso(state.projected_end),
        "started_at": _iso(state.started_at),
        "ended_at": _iso(state.ended_at),
        "rehearsal_offset": state.rehearsal_offset,
        "live_index": state.live_index,
        "next_index": state.next_index,
        "rows": [
            {
                "id": row.id,
                "title": row.title,
                "kind": row.kind,
                "speakers": list(row.speakers),
                "duration": row.duration,
                "status": row.status,
                "start": _iso(row.start),
                "end": _iso(row.end),
                "added": row.added,
                "inserted": row.inserted,
            }
            for row in state.rows
        ],
        "live": None
        if live is None
        else {
            "segment": live.segment,
            "started": _iso(live.started),
            "elapsed": round(live.elapsed, 3),
            "remaining": round(live.remaining, 3),
            "allotted": live.allotted,
            "phase": live.phase,
            "paused": live.paused,
        },
        "stage": stage(state),
        "checked": [
            {"segment": seg, "index": item.index, "by": item.done_by, "at": _iso(item.done_at)}
            for seg, items in state.checklists.items()
            for item in items
            if item.done
        ],
        "handoffs": {seg: [_iso(at), by] for seg, (at, by) in sorted(state.handoffs.items())},
        "notes": [[_iso(at), text] for at, text in state.notes],
    }
