"""Themes are data: one TOML file each in runofshow/themes, validated, turned into Textual themes.

Each theme defines the phase colours as CSS variables ``$phase-on-time``, ``$phase-warning``,
``$phase-wrap``, ``$phase-qa``, ``$phase-overtime`` and ``$phase-pending``, used by both apps.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from textual.app import App
from textual.theme import Theme

from ..show.state import PHASES, Phase

DEFAULT_THEME = "dark"


class UnknownTheme(Exception):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f'unknown theme "{name}"; known themes: {", ".join(known)}')


@dataclasses.dataclass(frozen=True, kw_only=True)
class ThemeFile:
    """A theme file's keys. Checked by hand (``from_data``): the files ship with runofshow, and
    pydantic stays off the consoles' start-up path."""

    name: str
    dark: bool = True
    primary: str
    secondary: str | None = None
    accent: str | None = None
    foreground: str | None = None
    background: str | None = None
    surface: str | None = None
    panel: str | None = None
    success: str | None = None
    warning: str | None = None
    error: str | None = None
    phases: dict[str, str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ThemeFile:
        """Raises ValueError for unknown or missing keys, or a value of the wrong type."""
        try:
            theme = cls(**data)
        except TypeError as error:  # an unknown or missing key
            raise ValueError(str(error)) from None
        colours = {k: v for k, v in dataclasses.asdict(theme).items() if k not in ("dark", "phases")}
        if not isinstance(theme.dark, bool) or not all(
            v is None or isinstance(v, str) for v in colours.values()
        ):
            raise ValueError("theme values are colour strings (and dark: true or false)")
        phases = theme.phases
        if (
            not isinstance(phases, dict)
            or sorted(phases) != sorted(PHASES)
            or not all(isinstance(v, str) for v in phases.values())
        ):
            raise ValueError(f"[phases] has exactly one colour for each of {', '.join(PHASES)}")
        return theme

    def to_theme(self) -> Theme:
        fields = dataclasses.asdict(self)
        variables = {
            f"phase-{phase.replace('_', '-')}": colour for phase, colour in fields.pop("phases").items()
        }
        return Theme(**fields, variables=variables)


@cache
def load_themes() -> Mapping[str, Theme]:
    """Every valid theme file shipped with runofshow, by name (read once). A broken file is skipped."""
    themes: dict[str, Theme] = {}
    for entry in sorted(resources.files("runofshow").joinpath("themes").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            theme = ThemeFile.from_data(tomllib.loads(entry.read_text(encoding="utf-8"))).to_theme()
        except (tomllib.TOMLDecodeError, ValueError, UnicodeDecodeError):
            continue
        themes[theme.name] = theme
    return MappingProxyType(themes)


def check_theme_name(name: str) -> str:
    known = sorted(load_themes())
    if name not in known:
        raise UnknownTheme(name, known)
    return name


def register_themes(app: App, name: str = DEFAULT_THEME) -> None:
    """Register every shipped theme with ``app`` and switch to ``name``.

    Called from an app's ``__init__``, before its stylesheet is parsed, the theme is chosen
    without App.theme's watcher (``set_reactive``, as Textual documents for this): the watcher
    would parse every stylesheet a second time at start-up, ~7 ms of the console's first frame,
    for variables that can simply be set now. Only when the theme is as dark (or light) as the
    one Textual set up in ``App.__init__``: the watcher also redoes what depends on that.
    """
    for theme in load_themes().values():
        app.register_theme(theme)
    chosen = app.get_theme(name)
    if not app.is_running and chosen is not None and chosen.dark == app.current_theme.dark:
        app.set_reactive(App.theme, name)
        app.stylesheet.set_variables(app.get_css_variables())
    else:
        app.theme = name


PhaseName = Phase
