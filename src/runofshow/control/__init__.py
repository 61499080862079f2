"""Control of a show from outside the console: the HTTP/WebSocket API and OSC (issue 15).

``api`` (request validation, the state as JSON, commands as actions) and ``token`` are pure and
import neither Textual nor aiohttp; ``controller`` runs a command through ``LiveShow.do`` (the path
a key press takes); ``server`` (aiohttp) and ``osc`` (UDP) are the transports. The console only
starts and stops them, inside its own event loop.
"""
