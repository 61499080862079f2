"""The machine's timezone as an IANA name, and a plan with its timezone fixed.

A plan without ``timezone`` would take the zone of whichever machine opens it, so that one
journal shows "BEHIND 56:49" on one laptop and "AHEAD 6:03:11" on another. The zone in force is
fixed when a journal starts (its header keeps the name) and every reader uses it.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .models import Plan


def _valid(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name


def machine_zone_name() -> str:
    """This machine's zone: $TZ, else the /etc/localtime link, else /etc/timezone, else UTC."""
    name = _valid(os.environ.get("TZ", "").removeprefix(":"))
    if name:
        return name
    try:
        target = os.path.realpath("/etc/localtime")
        if "/zoneinfo/" in target:
            name = _valid(target.split("/zoneinfo/", 1)[1])
            if name:
                return name
    except OSError:
        pass
    try:
        name = _valid(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        name = None
    return name or "UTC"


def zone_name(plan: Plan) -> str:
    """The zone a new journal of ``plan`` fixes: the plan's own, else the machine's."""
    return plan.event.timezone or machine_zone_name()


def with_zone(plan: Plan, name: str | None) -> Plan:
    """``plan`` in zone ``name`` when it names none of its own (a plan's own zone always wins)."""
    if not name or plan.event.timezone or not _valid(name):
        return plan
    return dataclasses.replace(plan, event=dataclasses.replace(plan.event, timezone=name))
