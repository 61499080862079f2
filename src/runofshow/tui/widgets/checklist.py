"""The checklist of the live and the next segment, speakers' needs included, with who checked what."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...plan import Plan
from ...show import ItemState, ShowState
from .cards import restyle_now
from .common import hm, rtl


class Checklist(OptionList):
    """Items of the live and the next segment. ``x`` / enter toggles the highlighted one."""

    def __init__(self, plan: Plan, **kwargs) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self._ids: list[str] = []
        self._prompts: dict[str, Content] = {}
        self._title: tuple[str, str] | None = None
        self._made: dict[tuple, Content] = {}  # prompts by what they show: markup is parsed once

    def who(self, person: str | None) -> str:
        if person is None:
            return "organizer"
        found = self.plan.person_by_id.get(person)
        return rtl(found.name) if found else person

    def item_prompt(self, segment: str, item: ItemState, tz) -> Content:
        if item.need:  # a speaker's need: for the speaker, not done by them
            owner = f" (for {self.who(item.by)})" if item.by else ""
        else:
            owner = f" · {self.who(item.by)}" if item.by else ""
        if item.done:
            return Content.from_markup(
                "[$phase-on-time]✔[/] [dim]$text · done $at by $who[/dim]",
                text=rtl(item.item),
                who=self.who(item.done_by),
                at=hm(item.done_at, tz),
            )
        if item.blocking:
            return Content.from_markup(
                "[b reverse $phase-overtime] ☐ BLOCKING [/] [b]$text[/b]$owner",
                text=rtl(item.item),
                owner=owner,
            )
        return Content.from_markup("☐ $text$owner", text=rtl(item.item), owner=owner)

    def sections(self, state: ShowState) -> list[tuple[str, str, str]]:
        """(label, segment id, title) of the live and the next segment."""
        result = []
        if state.live_row is not None:
            result.append(("LIVE", state.live_row.id, rtl(state.live_row.title)))
        if state.next_row is not None:
            result.append(("NEXT", state.next_row.id, rtl(state.next_row.title)))
        return result

    def show_state(self, state: ShowState) -> None:
        ids: list[str] = []
        prompts: dict[str, Content] = {}
        blocking = 0
        for label, segment, title in self.sections(state):
            header_id = f"#{label}"
            ids.append(header_id)
            items = state.checklists.get(segment, ())
            prompts[header_id] = Content.from_markup(
                "[b $accent]$label[/] [b]$title[/b]$none",
                label=label,
                title=title,
                none="" if items else " · nothing to check",
            )
            for item in items:
                option_id = f"{segment}:{item.index}"
                ids.append(option_id)
                key = (segment, item)
                prompt = self._made.get(key)
                if prompt is None:
                    if len(self._made) > 1000:
                        self._made.clear()
                    prompt = self._made[key] = self.item_prompt(segment, item, state.tz)
                prompts[option_id] = prompt
                blocking += item.blocking and not item.done
        if ids != self._ids:
            keep = self.highlighted_option.id if self.highlighted_option is not None else None
            self.set_options(
                [
                    Option(prompts[option_id], id=option_id, disabled=option_id.startswith("#"))
                    for option_id in ids
                ]
            )
            self._ids, self._prompts = ids, prompts
            enabled = [i for i, option_id in enumerate(ids) if not option_id.startswith("#")]
            if keep in ids:
                self.highlighted = ids.index(keep)
            elif enabled:
                self.highlighted = enabled[0]
        else:
            for option_id, prompt in prompts.items():
                if self._prompts.get(option_id) != prompt:
                    self.replace_option_prompt(option_id, prompt)
            self._prompts = prompts
        border = (
            "Checklist",
            f"{blocking} BLOCKING not done" if blocking else ("x / enter: check" if prompts else ""),
        )
        if border != self._title:
            self._title = border
            self.border_title, self.border_subtitle = border
            self.set_class(bool(blocking), "-blocking", update=restyle_now(self))

    def highlighted_item(self) -> tuple[str, int] | None:
        option = self.highlighted_option
        if option is None or option.id is None or option.id.startswith("#"):
            return None
        segment, _, index = option.id.rpartition(":")
        return segment, int(index)
