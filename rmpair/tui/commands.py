"""Every action, findable by name: the command palette (Ctrl+P) and the help screen.

Bindings are the single source: each of rmpair's bindings has an ``id``, a description and
a tooltip, and this module reads them from the app, the current screen and the widgets on
it. So a new binding appears in the footer, the palette and the help at once, and nothing
depends on remembering a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.actions import SkipAction, parse
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

HIDE_KEY = "ctrl+backslash"
"""Hides the screen at once. Not Ctrl+B, which tmux keeps as its prefix."""

EVERYWHERE = "Everywhere"
ON_THIS_SCREEN = "On this screen"

_KEY_WORDS = {
    "question_mark": "?",
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "delete": "Delete",
    "backspace": "Backspace",
    "tab": "Tab",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
    "minus": "-",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "backslash": "\\",
    "slash": "/",
    "comma": ",",
    "full_stop": ".",
}


def key_in_words(key: str) -> str:
    """"ctrl+l" as "Ctrl+L", "question_mark" as "?", "f1" as "F1"."""
    *modifiers, name = key.split("+")
    shown = _KEY_WORDS.get(name)
    if shown is None:
        shown = name.upper() if len(name) == 1 and modifiers else name
        if name.startswith("f") and name[1:].isdigit():
            shown = name.upper()
    return "+".join([*(m.capitalize() for m in modifiers), shown])


class KeysAsTyped:
    """For an App: the footer spells keys as help and hints do ("Ctrl+L", "?", "Esc", "G"),
    not Textual's "^l", where a lower-case hint beside an upper-case key misleads in an
    app where g and G differ."""

    def get_key_display(self, binding: Binding) -> str:
        return binding.key_display or key_in_words(binding.key)


@dataclass(frozen=True)
class KeyCommand:
    """One thing a person can do now, however they ask for it."""

    name: str
    help: str
    keys: tuple[str, ...]
    action: str
    node: DOMNode
    group: str
    in_palette: bool = True

    @property
    def keys_in_words(self) -> str:
        return " or ".join(key_in_words(key) for key in self.keys)

    async def run(self) -> None:
        try:
            await self.node.app.run_action(self.action, self.node)
        except SkipAction:
            pass


def _group_of(node: DOMNode, screen: Screen) -> str:
    if node is screen:
        return ON_THIS_SCREEN
    if node is screen.app:
        return EVERYWHERE
    # A part of the screen says where it is in words (HELP_GROUP); one that does not is
    # listed with the screen's own keys, never under its class name.
    return getattr(node, "HELP_GROUP", None) or ON_THIS_SCREEN


def _is_showing(widget: Widget, screen: Screen) -> bool:
    # A widget on a hidden tab, or inside anything hidden, is not something the person can
    # act on right now.
    node: DOMNode | None = widget
    while node is not None and node is not screen:
        if isinstance(node, Widget) and not node.display:
            return False
        node = node.parent
    return True


def _enabled(node: DOMNode, binding: Binding) -> bool:
    namespace, name, parameters = parse(binding.action)
    target = node
    if namespace == "app":
        target = node.app
    elif namespace == "screen":
        target = node.screen if isinstance(node, Widget) else node
    try:
        return bool(target.check_action(name, parameters))
    except Exception:  # a check that fails must not break the palette; the binding still shows
        return True


def commands_for(screen: Screen) -> list[KeyCommand]:
    """rmpair's commands available on ``screen``: the app's, the screen's, then its widgets'."""
    nodes: list[DOMNode] = [screen.app, screen]
    nodes += [w for w in screen.walk_children(Widget) if _is_showing(w, screen)]
    found: dict[str, KeyCommand] = {}
    for node in nodes:
        in_palette = getattr(node, "IN_PALETTE", True)
        for key, binding in node._bindings:
            if not binding.id or not binding.description:
                continue
            if not _enabled(node, binding):
                continue
            known = found.get(binding.id)
            if known is not None:
                if known.node is node and key not in known.keys:
                    found[binding.id] = KeyCommand(
                        known.name, known.help, (*known.keys, key), known.action, node, known.group, known.in_palette
                    )
                continue
            found[binding.id] = KeyCommand(
                name=binding.description,
                help=binding.tooltip,
                keys=(key,),
                action=binding.action,
                node=node,
                group=_group_of(node, screen),
                in_palette=in_palette,
            )
    return list(found.values())


class RmpairCommands(Provider):
    """The palette's list: every rmpair command for the screen it was opened on."""

    def _commands(self) -> list[KeyCommand]:
        commands = [command for command in commands_for(self.screen) if command.in_palette]
        # What this screen is for comes first; what works everywhere (Quit among it) last.
        return sorted(commands, key=lambda c: {ON_THIS_SCREEN: 0, EVERYWHERE: 2}.get(c.group, 1))

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, partial(command.run), help=_help_line(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = max(matcher.match(command.name), matcher.match(command.help) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), partial(command.run), help=_help_line(command))


def key_hints(node: DOMNode) -> str:
    """A list's own keys as typed, with what they do ("Space done · A add action"), for a
    line beside it: the footer at 80 columns has room for only some of them.

    A node may say it in its own words instead, as ``KEY_HINT``."""
    own = getattr(node, "KEY_HINT", None)
    if own:
        return own
    found: dict[str, tuple[Binding, list[str]]] = {}
    for key, binding in node._bindings:
        if binding.id and binding.description and binding.key_display != "":
            found.setdefault(binding.id, (binding, []))[1].append(key)
    return " · ".join(
        f"{'/'.join(key_in_words(key) for key in keys)} {binding.description.lower()}"
        for binding, keys in found.values()
    )


def detail_of(command: KeyCommand) -> str:
    """The help text without a repeat of the name it follows ("Open meeting 1: Open
    meeting 1: agenda..." reads "Open meeting 1: agenda...")."""
    detail = command.help.strip()
    if detail.casefold().startswith(command.name.casefold()):
        detail = detail[len(command.name) :].lstrip(" :,.-—")
        detail = detail[:1].upper() + detail[1:]
    return detail


def _help_line(command: KeyCommand) -> str:
    return f"{command.help} ({command.keys_in_words})" if command.help else f"Key: {command.keys_in_words}"
