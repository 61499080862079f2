"""Private names of our dependencies that the code relies on, checked so that an upgrade that
renames or removes one fails here, loudly, instead of somewhere on the night.

- ``App._exit``, ``App._closing``, ``App._closed`` (Textual): the stage view's poll callbacks
  are plain event-loop callbacks, and they must not redraw while the app shuts down
  (``StageApp._stopping``). Textual has no public "is shutting down" flag.
- ``Server._make_app`` (textual-serve): ``runofshow serve`` runs the aiohttp app itself so that
  it can print the URL once the port is open; ``Server.serve`` has no hook for that.
- ``json.encoder.c_make_encoder`` (standard library): the json export builds the C encoder once
  for 100,000 records; without it the code falls back to the public ``JSONEncoder``.
"""

from __future__ import annotations

import inspect
import json

from textual.app import App
from textual_serve.server import Server

from runofshow.export.json_ import _compact_encoder


async def test_textual_app_has_the_shutdown_flags_the_stage_view_reads():
    app = App()
    async with app.run_test():
        for name in ("_exit", "_closing", "_closed"):
            assert isinstance(getattr(app, name), bool), f"textual App.{name} changed: see StageApp._stopping"
        assert app._exit is False and app._closing is False and app._closed is False
        assert app.is_running
    assert not app.is_running


def test_textual_serve_server_still_builds_its_aiohttp_app_in_make_app():
    make_app = getattr(Server, "_make_app", None)
    assert make_app is not None, "textual-serve Server._make_app is gone: see tui/stage_cmd.py serve()"
    assert inspect.iscoroutinefunction(make_app)
    assert list(inspect.signature(make_app).parameters) == ["self"]
    for name in ("handle_index", "on_startup", "request_exit", "initialize_logging"):
        assert callable(getattr(Server, name, None)), f"textual-serve Server.{name} is gone"


def test_the_c_json_encoder_is_there_and_encodes_as_json_dumps():
    assert callable(getattr(json.encoder, "c_make_encoder", None)), "the C encoder is gone (slower export)"
    encode = _compact_encoder()
    value = {"type": "note", "text": 'שלום "quoted"\n', "n": 3, "ok": True, "none": None, "xs": [1.5]}
    assert encode(value) == json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
