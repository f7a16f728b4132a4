"""The rmpair app: wiring only.

It holds the one open session (``service``) and the programme content, decides which
screen comes first (set-up or unlock), locks (by key, or after idle time:
rmpair.tui.idle_lock), applies the chosen palette (rmpair.tui.palette_themes), keeps the
session's messages (rmpair.tui.message_log), keeps what is typed through a lock, a quit,
a hang-up or a crash (rmpair.tui.unsaved_work), and makes sure a crash never prints what
people wrote.

Nothing heavy is imported at the top: the service, the vault and cryptography load in a
worker while the first screen is already on the terminal.

What is left here, a little past the usual length, is the wiring itself: the first
screen, the session's modes, the lock, review together and the app's own actions, each a
few short methods deciding what is on the screen.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import WorkerFailed

from rmpair.tui import messages
from rmpair.tui.commands import HIDE_KEY, KeysAsTyped, RmpairCommands
from rmpair.tui.idle_lock import IdleLock
from rmpair.tui.message_log import LOG_KEY, KeepsMessages, LoggedMessage
from rmpair.tui.palette_themes import PaletteThemes
from rmpair.tui.stylesheets import add_the_other_sheets, first_sheets, keep_every_parse
from rmpair.tui.unsaved_work import KeepsUnsavedWork
from rmpair.core.settings import Palette, Settings, load_settings, save_settings

if TYPE_CHECKING:
    from rmpair.content import ContentPack
    from rmpair.core.held_changes import HeldChanges
    from rmpair.core.service import PairService

PAIR_MODE = "pair"
"""Screens that show the vault live in their own mode, so locking removes them in one go."""
LOCKED_MODE = "locked"
"""The unlock screen (and recovery) live in theirs, removed in one go once the vault opens."""


class RmpairApp(PaletteThemes, KeepsMessages, KeysAsTyped, KeepsUnsavedWork, App[int]):
    TITLE = messages.APP_TITLE
    COMMANDS = {RmpairCommands}
    BINDINGS = [
        Binding("ctrl+l", "lock", "Lock", id="app.lock", priority=True,
                tooltip="Lock rmpair now: everything leaves the screen until a passphrase is typed"),
        # Not F1: common terminals keep it for their own help.
        Binding("question_mark", "help", "Help", id="app.help",
                tooltip="Show every key and command for this screen"),
        Binding("f2", "settings", "Settings", id="app.settings", show=False,
                tooltip="Colours (including high contrast and colour-blind safe) and the idle lock time"),
        Binding(LOG_KEY, "message_log", "Messages", id="app.message_log", show=False,
                tooltip="Read again what rmpair has told you since you unlocked"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False,
                tooltip="Save anything unsaved, lock the vault and leave rmpair"),
        # Not Ctrl+B: it is tmux's prefix, so inside tmux it never arrives. F9 is there for
        # keyboards where a backslash needs a third key.
        Binding(f"{HIDE_KEY},f9", "blank_screen", "Hide screen", id="app.blank_screen", priority=True,
                tooltip="Someone walking up? Hide everything on the screen at once; Enter or Space brings it back"),
        # Priority, so the focus moves while the key is dispatched, as Enter does in the
        # passphrase forms. Textual's own Tab reaches the screen only once the focused field
        # has passed the key up, by when a key typed straight after (one read from the
        # terminal: a fast typist, a paste, a password manager) has gone to the field left.
        Binding("tab", "move_focus(True)", id="app.next_field", show=False, priority=True,
                tooltip="Move to the next field or button"),
        Binding("shift+tab", "move_focus(False)", id="app.previous_field", show=False, priority=True,
                tooltip="Move back to the field or button before"),
    ]

    def __init__(
        self,
        vault_path: Path,
        *,
        kdf: object | None = None,
        settings_path: Path | None = None,
        idle_seconds: float | None = None,
        prompt_dirs: Sequence[Path] = (),
        demo_passphrases: dict[str, str] | None = None,
    ) -> None:
        # A link to a vault that is not there (a drive not connected) is a vault to
        # unlock, which says what is wrong, not a new pair to set up.
        first_screen = "unlock" if os.path.lexists(vault_path) else "setup"
        super().__init__(css_path=first_sheets(first_screen))  # the rest: rmpair.tui.stylesheets
        self._first_screen = first_screen
        keep_every_parse(self.stylesheet)
        self.vault_path = Path(vault_path)
        self.kdf = kdf
        """Key-derivation cost (an ``rmpair.core.crypto.KdfParams``) for new passphrases; None is the
        product default, tests pass a cheap one. Typed loosely: UI code never names crypto."""
        self.settings_path = settings_path
        self.prompt_dirs = tuple(prompt_dirs)
        self.demo_passphrases = demo_passphrases
        self.service: PairService | None = None
        """The open session, or None while locked."""
        self.held_changes: list[HeldChanges] = []
        """Changes that could not be saved before a lock, sealed with the key of the person
        who made them; offered back when that person unlocks (rmpair.core.held_changes)."""
        self.content: ContentPack | None = None
        self._content_lock = threading.Lock()
        self._warm_up_started = False
        self._told_content_problems = False
        loaded = load_settings(settings_path)
        self.settings: Settings = loaded.settings
        self._notices: list[str] = list(loaded.problems)
        self._idle_seconds_override = idle_seconds
        self.message_log: list[LoggedMessage] = []
        self._idle_lock = IdleLock(self, lambda: self.idle_seconds, self._lock_when_idle, self._showing_once)
        self._mode_change = asyncio.Lock()
        self._mode_serial = 0
        self._our_modes: list[str] = []
        self.palettes: list[Palette] = []
        self._register_palettes()
        self._set_start_theme()

    # -- start ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        from rmpair.tui.widgets.review_banner import BannerKeeper

        BannerKeeper(self)  # the review-together banner on every screen while the mode is on
        self._show_notices()
        # The first screen is pushed, not reached through a mode: Textual re-parses every
        # style sheet when it first shows a mode's screen. Unlocking clears it away.
        if self._first_screen == "unlock":
            self.push_screen(self._unlock_screen())
        else:
            from rmpair.tui.screens.setup import SetupScreen

            self.push_screen(SetupScreen(self.vault_path))
        self.call_after_refresh(self._add_the_other_sheets)
        self._warm_up_after_paint()
        self._save_on_hang_up()

    def _show_notices(self) -> None:
        for notice in self._notices:
            # Notices quote files rmpair did not write (a theme name, a palette): never markup.
            self.notify(notice, severity="warning", timeout=10, markup=False)
        self._notices.clear()

    def _unlock_screen(self, note: str | None = None, *, review: bool = False) -> Screen[Any]:
        from rmpair.tui.screens.unlock import UnlockScreen

        return UnlockScreen(self.vault_path, note=note, demo_passphrases=self.demo_passphrases, review=review)

    def _add_the_other_sheets(self) -> None:
        problem = add_the_other_sheets(self)
        if problem:
            self.notify(problem, severity="warning", timeout=10, markup=False)

    def _warm_up_after_paint(self) -> None:
        # Started before the first screen is painted, the warm-up's imports held the
        # interpreter (on two cores, the GIL) while that screen was being drawn.
        if not self._warm_up_started:
            self._warm_up_started = True
            self.call_after_refresh(self._warm_up)

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _warm_up(self) -> None:
        # While a person types their passphrase, load what unlocking needs, so the only
        # wait left is the key derivation itself.
        import rmpair.core.service  # noqa: F401
        import rmpair.tui.screens.home  # noqa: F401

        self.load_content()

    def load_content(self) -> ContentPack:
        """The programme content, loaded once (thread-safe: workers call this)."""
        with self._content_lock:
            if self.content is None:
                from rmpair.content import load_content

                self.content = load_content(self.prompt_dirs)
            return self.content

    # -- theme and settings ------------------------------------------------------------------

    def choose_idle_minutes(self, minutes: float) -> bool:
        return self._save_settings(self.settings.with_idle_minutes(minutes))

    def _save_settings(self, settings: Settings) -> bool:
        self.settings = settings
        try:
            save_settings(settings, self.settings_path)
        except OSError as error:
            reason = (error.strerror or type(error).__name__).lower()
            self.notify(messages.SETTINGS_NOT_SAVED.format(reason=reason), severity="error")
            return False
        return True

    # -- the session ---------------------------------------------------------------------------

    def on_vault_opened(self, message: Any) -> None:  # VaultOpened, from a worker
        self.open_session(message.service, message.content)
        self.call_later(self.show_home, message.note)

    def open_session(self, service: PairService, content: ContentPack) -> None:
        if self.service is not None and self.service is not service:
            self.service.close()
            self._free_the_closed_session()
        self.service = service
        if content.problems and not self._told_content_problems:
            self._told_content_problems = True
            self.notify(
                f"The programme content has {len(content.problems)} problem(s); "
                "'rmpair prompts check' lists them.",
                severity="warning",
                timeout=10,
            )
        self.content = content
        stored_problems = service.check_stored_values()
        if stored_problems:
            # Said once, naming no record: the vault's own text is never quoted in a notice.
            self.notify(stored_problems, severity="warning", timeout=15, markup=False)
        # The programme's RACE categories are the tags entries may carry (a content pack
        # can add one); the service checks tags against this.
        service.known_race_tags = tuple(category.id for category in content.categories) or service.known_race_tags
        self._idle_lock.start()
        # The session's records live until the lock. Left to the collector, every full
        # collection walked all of them again (85 ms at 10,000 entries, one of them while
        # home was first drawn); frozen, they are skipped until the lock frees them.
        gc.freeze()

    async def show_home(self, note: str | None = None) -> None:
        from rmpair.tui.screens.home import HomeScreen

        async with self._mode_change:
            if self.service is None:
                return  # locked again before home could show
            # Until home is drawn the terminal keeps the screen that unlocked, not the empty
            # one under it for the moment between; the mode switch masks the rest.
            self.delay_update()
            await self._clear_setup_screens()
            # Switching to a fresh mode and removing the others leaves nothing behind:
            # the unlock and recovery screens held what was typed into them.
            await self._enter_fresh_mode(PAIR_MODE, HomeScreen)
        if note:
            self.notify(note, timeout=10)
        self._offer_held_changes()

    async def _show_locked(self, note: str | None, *, review: bool = False) -> None:
        async with self._mode_change:
            await self._clear_setup_screens()
            await self._enter_fresh_mode(LOCKED_MODE, lambda: self._unlock_screen(note, review=review))
        self._warm_up_after_paint()

    async def _clear_setup_screens(self) -> None:
        # First-run screens live in the default mode, which cannot be removed; empty it
        # instead (the set-up form and a recovery code may still be on it).
        if self.current_mode == "_default":
            while len(self.screen_stack) > 1:
                await self.pop_screen()

    async def _enter_fresh_mode(self, kind: str, base_screen: Callable[[], Screen[Any]]) -> None:
        """Show ``base_screen`` in a new mode and remove every other mode with its screens.

        A new name each time, because Textual cannot remove the mode on show, and a
        lock can arrive while the unlock screen is still the one showing.
        """
        self._mode_serial += 1
        name = f"{kind}-{self._mode_serial}"

        def styled_screen() -> Screen[Any]:
            screen = base_screen()
            # Textual re-parses every style sheet, twice, when it switches to a mode whose
            # screen it has not styled yet, though nothing in the sheets changed; a screen
            # made now is styled from the current rules as it mounts. (A private counter:
            # tests/tui/test_style_parses.py notices if Textual changes it.)
            screen._css_update_count = self._css_update_count
            return screen

        self.add_mode(name, styled_screen)
        await self.switch_mode(name)
        for old in [mode for mode in self._our_modes if mode != name]:
            await self.remove_mode(old)
        self._our_modes = [name]

    @property
    def showing_vault(self) -> bool:
        return self.current_mode.startswith(PAIR_MODE)

    # -- locking ------------------------------------------------------------------------------

    @property
    def idle_seconds(self) -> float:
        if self._idle_seconds_override is not None:
            return self._idle_seconds_override
        return self.settings.idle_minutes * 60

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self._idle_lock.touched()
        await super().on_event(event)

    async def _lock_when_idle(self, note: str) -> None:
        if self._showing_once():
            # Left alone with a recovery code up: hidden from passers-by, not lost.
            self.action_blank_screen()
            return
        await self.lock(note, still_together=True)

    def _showing_once(self) -> bool:
        """Something on the screens is shown only once (a new recovery code), so a lock now
        would lose it for good."""
        return any(getattr(screen, "SHOWN_ONCE", False) for screen in self.screen_stack)

    async def lock(self, note: str = messages.LOCKED_BY_KEY, *, still_together: bool = False) -> None:
        """Save what is typed, drop the keys, take everything off the screen, ask again.

        ``still_together``: this lock does not end a review together (idle time locked it,
        the pair are most likely still side by side), so unlocking again means review
        together unless the person chooses otherwise.
        """
        if self.service is None:
            return
        self._flush_unsaved()
        review = still_together and self.service.review_mode
        service, self.service = self.service, None
        self._idle_lock.stop()
        problem = None
        try:
            self._hold_unsaved(service)
        except Exception as error:  # noqa: BLE001 - the lock must go on; the person is told
            problem = f"Unsaved changes could not be kept ({type(error).__name__}); they are lost."
        try:
            service.close()
        except Exception as error:  # noqa: BLE001 - the screen must still clear
            problem = f"The vault did not close cleanly ({type(error).__name__}); run 'rmpair check'."
        del service
        self.forget_messages()
        if self.held_changes:
            note = f"{note}\n{messages.HELD_WHILE_LOCKED}"
        await self._show_locked(note, review=review)
        self._free_the_closed_session()  # and the screens that showed it, gone with their modes
        if problem:
            self.notify(problem, severity="error")

    # -- actions --------------------------------------------------------------------------------

    async def action_lock(self) -> None:
        if self._showing_once():
            self.notify(messages.LOCK_AFTER_THE_CODE, severity="warning")
            return
        await self.lock()

    def action_move_focus(self, forward: bool) -> None:
        from textual.widgets import TextArea

        focused = self.focused
        if isinstance(focused, TextArea) and focused.tab_behavior == "indent":
            raise SkipAction()  # the key is a character there
        if forward:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    def action_blank_screen(self) -> None:
        from rmpair.tui.screens.blank import BlankScreen

        if not isinstance(self.screen, BlankScreen):
            self.push_screen(BlankScreen())

    # -- review together ------------------------------------------------------------------------

    async def enter_review_mode(self) -> None:
        """From now until the vault is locked, only shared items may be on the screen."""
        from rmpair.tui.widgets.review_banner import ensure_banner

        if self.service is None or self.service.review_mode:
            return
        # Private drafts open in a writing screen are saved while they still can be.
        self._flush_unsaved()
        self.service.review_mode = True
        self.forget_messages()
        # Screens built before now may hold private text: go back to home, built afresh.
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()
        ensure_banner(self)

    async def leave_review_mode(self) -> None:
        """Leaving review together asks for a passphrase again: it is a lock."""
        from rmpair.tui.widgets.review_banner import REVIEW_ENDED

        await self.lock(REVIEW_ENDED)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "lock":
            return self.service is not None
        return True

    def action_help(self) -> None:
        from rmpair.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_settings(self) -> None:
        from rmpair.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    async def action_quit(self) -> None:
        from rmpair.tui.screens.unsaved import UnsavedOnQuit

        if any(isinstance(screen, UnsavedOnQuit) for screen in self.screen_stack):
            return  # already asking; pressing Ctrl+Q again is not an answer
        if self._what_quitting_loses()[0]:
            self._ask_before_quitting()
            return
        self.close_session()
        self.exit(0)

    @staticmethod
    def _free_the_closed_session() -> None:
        """What the session decrypted goes now, not at some later collection: it was frozen
        out of the collector's reach while the vault was open (``open_session``)."""
        gc.unfreeze()
        gc.collect()

    def close_session(self) -> None:
        """Save what is typed and close the vault; safe to call more than once."""
        if self.service is None:
            return
        self._flush_unsaved()
        service, self.service = self.service, None
        self._idle_lock.stop()
        service.close()

    def on_unmount(self) -> None:
        # However the app ends (Ctrl+Q saves first; anything else at least drops the keys
        # and releases the vault for the next rmpair).
        service, self.service = self.service, None
        if service is not None:
            service.close()
        gc.unfreeze()  # the collector's again, for whatever runs after the app

    def get_system_commands(self, screen: Screen[Any]):  # noqa: ANN201
        # Textual's own palette entries include "Screenshot", which would write decrypted
        # text to a file; rmpair's palette lists only its own commands (rmpair.tui.commands).
        return iter(())

    # -- crashes ----------------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # Textual's default crash report is a traceback with local variables, which here
        # could be a passphrase or a story of discrimination. Print only the kind of error.
        # (Overrides a private Textual method; tests/tui/test_crash.py guards it.)
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        inner = error.error if isinstance(error, WorkerFailed) else error
        # Save what was typed before the keys go: a crash elsewhere must not cost the
        # person the last second of their reflection, and what cannot be saved goes sealed
        # into a file for their next unlock. Each screen's flush is guarded, so a failing
        # one cannot stop the rest.
        try:
            self._keep_unsaved_on_disk()
        except Exception:  # noqa: BLE001 - already failing; saving is best effort
            pass
        service, self.service = self.service, None
        if service is not None:
            try:
                service.close()
            except Exception:  # noqa: BLE001 - already failing; closing is best effort
                pass
        self._exit_renderables.clear()
        self._exit_renderables.append(Text(messages.crash_message(type(inner).__name__)))
        self._close_messages_no_wait()

    def _fatal_error(self) -> None:
        self._handle_exception(RuntimeError("fatal error"))
