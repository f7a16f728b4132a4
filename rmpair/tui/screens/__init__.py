"""One screen per module.

The app shell's screens (setup, unlock, recover, home, meeting, help, settings) open the
writing screens (talking points, observation, reflection, reflection log, entry editor)
through ``open_writing_screen``, which imports them only when they are asked for: they
pull in the editor and the programme content, which the first screen must not wait for.
"""

from __future__ import annotations

import importlib
from typing import Any

from textual.app import App

WRITING_SCREENS = {
    "talking_points": ("rmpair.tui.screens.talking_points", "TalkingPointsScreen"),
    "observation": ("rmpair.tui.screens.observation", "ObservationScreen"),
    "reflection": ("rmpair.tui.screens.reflection", "ReflectionScreen"),
    "reflection_log": ("rmpair.tui.screens.reflection_log", "ReflectionLogScreen"),
    "entry_editor": ("rmpair.tui.screens.entry_editor", "EntryEditorScreen"),
}


def _writing_screens_module(app: App[Any], which: str) -> Any:
    """The module of one of the writing screens, or None (with a notice) if this build has none."""
    module_name, _ = WRITING_SCREENS[which]
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        # Only a missing screen module is "not ready"; any other missing import is a bug
        # and must surface like one.
        if error.name != module_name:
            raise
        from rmpair.tui import messages

        app.notify(messages.WRITING_NOT_READY, severity="warning")
        return None


def open_writing_screen(app: App[Any], which: str, *args: Any, **kwargs: Any) -> bool:
    """Push one of the writing screens; False (with a notice) if this build has none."""
    module = _writing_screens_module(app, which)
    if module is None:
        return False
    app.push_screen(getattr(module, WRITING_SCREENS[which][1])(*args, **kwargs))
    return True


def open_entry(app: App[Any], entry_id: str) -> bool:
    """Open an entry to read or change it in the form it was written on: a reflection
    written from a template's questions as those questions, the answers under each;
    anything else (and a reflection edited as Markdown since) in the editor."""
    reflection = _writing_screens_module(app, "reflection")
    form = reflection.ReflectionScreen.reopening(app, entry_id) if reflection is not None else None
    if form is None:
        return open_writing_screen(app, "entry_editor", entry_id)
    app.push_screen(form)
    return True
