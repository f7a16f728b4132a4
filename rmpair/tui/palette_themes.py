"""The app's colours: rmpair's palettes (themes/palettes/*.toml) registered as Textual
themes, the chosen one set before the first paint, and a change of mind kept.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.color import ColorParseError
from textual.theme import Theme

from rmpair.core.settings import DEFAULT_THEME, load_palettes
from rmpair.tui import messages

FALLBACK_THEME = "textual-dark"


class PaletteThemes:
    """For RmpairApp (it holds ``settings``, ``palettes`` and ``_notices``)."""

    def _register_palettes(self: Any) -> None:
        loaded = load_palettes()
        self._notices += loaded.problems
        for palette in loaded.palettes:
            extra: dict[str, Any] = {}
            if palette.text_alpha is not None:
                extra["text_alpha"] = palette.text_alpha
            theme = Theme(name=palette.name, dark=palette.dark, variables=palette.variables, **palette.colours, **extra)
            try:
                theme.to_color_system()  # a colour that does not parse would fail later, mid-screen
            except ColorParseError as error:
                self._notices.append(f"The palette {palette.name} was skipped: {error}.")
                continue
            self.register_theme(theme)
            self.palettes.append(palette)

    def _set_start_theme(self: Any) -> None:
        # Chosen before the style sheets are first parsed: setting ``theme`` once the app
        # runs parses every sheet again (rmpair's and each widget's) before the first paint.
        # So the value is set without its watcher, and the watcher's work done here.
        name = self._theme_name(self.settings.theme)
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def _theme_name(self: Any, name: str) -> str:
        """``name`` if it is a palette or theme we have; else the fallback, and a notice."""
        if name in self.available_themes:
            return name
        fallback = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else FALLBACK_THEME
        self._notices.append(messages.unknown_theme(name, fallback))
        return fallback

    def _apply_theme(self: Any, name: str) -> None:
        self.theme = self._theme_name(name)
        self._show_notices()

    def choose_theme(self: Any, name: str) -> bool:
        self._apply_theme(name)
        return self._save_settings(self.settings.with_theme(self.theme))
