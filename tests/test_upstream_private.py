"""Private names of our dependencies that the code relies on, checked so that an upgrade that
renames or removes one fails here, loudly, instead of somewhere on the night.

- ``App._exit``, ``App._closing``, ``App._closed`` (Textual): the stage view's poll callbacks
  are plain event-loop callbacks, and they must not redraw while the app shuts down
  (``StageApp._stopping``). Textual has no public "is shutting down" flag.
- ``Server._make_app`` (textual-serve): ``runofshow serve`` runs the aiohttp app itself so that
  it can print the URL once the port is open; ``Server.serve`` has no hook for that.
- ``Server._process_messages`` (textual-serve): wrapped by ``runofshow serve`` (tui/serve.py) so
  that a resize message cannot ask for a huge terminal; its template's variables are ours to fill.
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


def test_textual_serve_still_has_what_the_locked_down_serve_wraps():
    """tui/serve.py wraps ``Server._process_messages`` (to clamp resizes), calls ``handle_websocket``
    with a clamped request, and renders textual-serve's own template with its own context."""
    from pathlib import Path

    process = getattr(Server, "_process_messages", None)
    assert process is not None, (
        "textual-serve Server._process_messages is gone: see tui/serve.py _ClampedService"
    )
    assert inspect.iscoroutinefunction(process)
    assert list(inspect.signature(process).parameters) == ["self", "websocket", "app_service"]
    source = inspect.getsource(process)
    assert "set_terminal_size" in source, "resize no longer goes through app_service.set_terminal_size"
    handler = inspect.getsource(Server.handle_websocket)
    assert 'request.query.get("width"' in handler and 'request.query.get("height"' in handler
    template = (Path(Server("x").templates_path) / "app_index.html").read_text()
    for name in ("config.static.url", "app_websocket_url", "font_size", "application.name"):
        assert name in template, f"textual-serve's app_index.html no longer uses {name}: see tui/serve.py"
    assert (Path(Server("x").statics_path) / "js" / "textual.js").exists()
