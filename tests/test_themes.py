"""Theme files: each shipped one loads; a broken one is refused (and skipped by load_themes)."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from runofshow.tui.themes import PHASES, ThemeFile, load_themes


def shipped() -> dict[str, dict]:
    folder = resources.files("runofshow").joinpath("themes")
    return {
        entry.name: tomllib.loads(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }


def test_every_shipped_theme_loads_with_its_phase_colours():
    themes = load_themes()
    assert set(themes) == {"dark", "light", "high-contrast"}
    for data in shipped().values():
        theme = themes[data["name"]]
        assert theme.primary == data["primary"] and theme.dark == data.get("dark", True)
        assert {f"phase-{p.replace('_', '-')}" for p in PHASES} <= set(theme.variables)


DARK = shipped()["dark.toml"]


@pytest.mark.parametrize(
    "spoil, words",
    [
        (lambda d: {**d, "primry": "#fff"}, "primry"),  # an unknown key
        (lambda d: {k: v for k, v in d.items() if k != "primary"}, "primary"),  # a missing one
        (lambda d: {**d, "accent": 3}, "colour strings"),
        (lambda d: {**d, "dark": "yes"}, "colour strings"),
        (lambda d: {**d, "phases": {k: v for k, v in d["phases"].items() if k != "qa"}}, "qa"),
        (lambda d: {**d, "phases": {**d["phases"], "late": "#f00"}}, "exactly one colour"),
        (lambda d: {**d, "phases": {**d["phases"], "qa": 1}}, "exactly one colour"),
        (lambda d: {**d, "phases": "red"}, "exactly one colour"),
    ],
)
def test_a_broken_theme_is_refused_with_what_is_wrong(spoil, words):
    assert ThemeFile.from_data(DARK).name == "dark"
    with pytest.raises(ValueError, match=words):
        ThemeFile.from_data(spoil(DARK))
