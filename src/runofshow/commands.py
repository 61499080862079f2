"""Sub-commands beyond the plan's own (check, new, schema). Each imports its part lazily."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    pass
