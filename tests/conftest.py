"""Every test, and every program a test starts, keeps validated plans in its own cache (plan.cache),
never in the user's ~/.cache."""

from __future__ import annotations

import os
import tempfile

_CACHE = tempfile.TemporaryDirectory(prefix="runofshow-test-cache-")
os.environ["RUNOFSHOW_CACHE_DIR"] = _CACHE.name
