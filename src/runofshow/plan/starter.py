"""The starter plan that `runofshow new` writes."""

from __future__ import annotations

import datetime as dt

from .load import validate_plan_data
from .models import Plan


def starter_plan(today: dt.date, timezone: str | None = None) -> Plan:
    """The starter plan, dated ``today``, in ``timezone`` (``runofshow new`` gives the machine's)."""
    return validate_plan_data(
        {
            "event": {
                "title": "My Meetup",
                "date": today,
                "start": dt.time(18, 30),
                **({"timezone": timezone} if timezone else {}),
                "venue": "Somewhere with good coffee",
            },
            "people": [
                {"id": "host", "name": "Your Name", "role": "host"},
                {
                    "id": "speaker",
                    "name": "First Speaker",
                    "intro": "What the host says about them.",
                    "needs": ["HDMI adapter", "clicker"],
                },
            ],
            "segments": [
                {
                    "id": "doors",
                    "title": "Doors and drinks",
                    "kind": "break",
                    "duration": "30m",
                    "owner": "host",
                    "checklist": ["Registration desk staffed"],
                },
                {"id": "welcome", "title": "Welcome", "kind": "host", "duration": "5m", "owner": "host"},
                {
                    "id": "talk",
                    "title": "The first talk",
                    "speakers": ["speaker"],
                    "duration": "30m",
                    "qa": "5m",
                    "checklist": [
                        "Slides on the stage laptop",
                        {"item": "Recording started", "by": "host", "blocking": True},
                    ],
                    "handoff": {"by": "host", "cue": "Read the intro card, hand over the mic"},
                },
                {"id": "networking", "title": "Networking", "kind": "break", "duration": "1h"},
            ],
        }
    )
