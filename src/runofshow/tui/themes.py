"""Themes are data: one TOML file each in runofshow/themes, validated, turned into Textual themes.

Each theme defines the phase colours as CSS variables ``$phase-on-time``, ``$phase-warning``,
``$phase-wrap``, ``$phase-qa``, ``$phase-overtime`` and ``$phase-pending``, used by both apps.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from textual.app import App
from textual.theme import Theme

DEFAULT_THEME = "dark"
PHASES = ("pending", "on_time", "warning", "wrap", "qa", "overtime")


class UnknownTheme(Exception):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f'unknown theme "{name}"; known themes: {", ".join(known)}')


class _PhaseColours(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pending: str
    on_time: str
    warning: str
    wrap: str
    qa: str
    overtime: str


class ThemeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
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
    phases: _PhaseColours

    def to_theme(self) -> Theme:
        fields = self.model_dump(exclude={"phases"})
        variables = {f"phase-{phase.replace('_', '-')}": colour for phase, colour in self.phases.model_dump().items()}
        return Theme(**fields, variables=variables)


def load_themes() -> dict[str, Theme]:
    """Every valid theme file shipped with runofshow, by name. A broken file is skipped."""
    themes: dict[str, Theme] = {}
    for entry in sorted(resources.files("runofshow").joinpath("themes").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            theme = ThemeFile.model_validate(tomllib.loads(entry.read_text(encoding="utf-8"))).to_theme()
        except (tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError):
            continue
        themes[theme.name] = theme
    return themes


def check_theme_name(name: str) -> str:
    known = sorted(load_themes())
    if name not in known:
        raise UnknownTheme(name, known)
    return name


def register_themes(app: App, name: str = DEFAULT_THEME) -> None:
    """Register every shipped theme with ``app`` and switch to ``name``."""
    for theme in load_themes().values():
        app.register_theme(theme)
    app.theme = name


PhaseName = Literal["pending", "on_time", "warning", "wrap", "qa", "overtime"]
