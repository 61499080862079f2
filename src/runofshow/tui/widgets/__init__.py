"""Widgets of the organizer console. ``common`` holds display helpers any view may reuse."""
