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


def open_writing_screen(app: App[Any], which: str, *args: Any, **kwargs: Any) -> bool:
    """Push one of the writing screens; False (with a notice) if this build has none."""
    module_name, class_name = WRITING_SCREENS[which]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        # Only a missing screen module is "not ready"; any other missing import is a bug
        # and must surface like one.
        if error.name != module_name:
            raise
        from rmpair.tui import messages

        app.notify(messages.WRITING_NOT_READY, severity="warning")
        return False
    app.push_screen(getattr(module, class_name)(*args, **kwargs))
    return True
