"""Validated plans, kept by the sha256 of their text, so that opening a known plan again is quick.

Validating a plan means parsing its TOML and importing pydantic: about 140 ms for a 1,000-segment
plan, most of the console's start-up. A plan that validated once is pickled here; the next load
of the same text (``run`` after ``check``, a restart after a crash, the stage view) reads it back
in a few milliseconds without importing pydantic at all.

- The key is the plan text's sha256 together with a fingerprint of the code that validates it
  (the models, the loader and this module), so a changed runofshow never reads an old entry.
- Only valid plans are stored: errors are always found, and reported, by the real loader.
- Anything that goes wrong here (no cache directory, a full disk, a damaged or foreign file) is a
  cache miss: the plan is validated as if the cache did not exist. Nothing here raises.
- Reading back only accepts the plan's own classes and datetime values (``_PlanUnpickler``).
- Where: ``$RUNOFSHOW_CACHE_DIR``, else ``$XDG_CACHE_HOME/runofshow``, else ``~/.cache/runofshow``;
  ``RUNOFSHOW_CACHE_DIR=`` (empty) turns it off. At most ``KEEP`` plans are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import pickle
from functools import cache
from pathlib import Path

from ..base.files import write_atomic
from . import models
from .models import Plan

KEEP = 32
_CODE = ("models.py", "load.py", "cache.py", "durations.py")
_ALLOWED = {
    **{
        ("runofshow.plan.models", name): getattr(models, name)
        for name in (
            "Plan",
            "Event",
            "Timers",
            "Person",
            "Segment",
            "ChecklistItem",
            "Handoff",
            "Task",
            "Stage",
            "StageSettings",
        )
    },
    ("datetime", "date"): dt.date,
    ("datetime", "time"): dt.time,
    ("datetime", "datetime"): dt.datetime,  # a dated hard start
}


def directory() -> Path | None:
    """Where validated plans are kept; None when the cache is turned off."""
    configured = os.environ.get("RUNOFSHOW_CACHE_DIR")
    if configured is not None:
        return Path(configured) / "plans" if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "runofshow" / "plans"


@cache
def _fingerprint() -> str:
    """The code that decides what a valid plan is: a change to it makes every entry a miss."""
    digest = hashlib.sha256(str(pickle.HIGHEST_PROTOCOL).encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def _entry(plan_sha256: str) -> Path | None:
    where = directory()
    try:
        return where / f"{plan_sha256}-{_fingerprint()}.pickle" if where else None
    except OSError:
        return None


class _PlanUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        try:
            return _ALLOWED[module, name]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a plan") from None


def read(plan_sha256: str) -> Plan | None:
    """The plan validated earlier from the text with this sha256, or None."""
    path = _entry(plan_sha256)
    if path is None:
        return None
    try:
        plan = _PlanUnpickler(io.BytesIO(path.read_bytes())).load()
    except Exception:
        return None
    if not isinstance(plan, Plan):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by _prune
    return plan


def write(plan_sha256: str, plan: Plan) -> None:
    """Keep a validated plan (atomically: a reader sees a whole entry or none)."""
    path = _entry(plan_sha256)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # no fsync: a cache entry lost in a crash is only made again
        write_atomic(path, pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL), fsync=False, mode=0o600)
        _prune(path.parent)
    except Exception:
        pass


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
