"""Nothing typed is lost at the edges of a session: a hang-up, a signal, a lock, a quit.

The app's side of ``rmpair.core.held_changes``. Before the keys go, every screen that holds
typed text is asked to save it (``flush_unsaved``) and the save is tried once more; what
still cannot be saved is kept sealed, in memory while the app runs (``held_changes``) and
in a file when the terminal closes or rmpair is stopped, and offered back to its author
at their next unlock. Quitting with something unsaved asks first. A mixin for
``RmpairApp``, apart from its wiring because these paths are one promise, told in one place.
"""

from __future__ import annotations

import asyncio
import os
import signal
from typing import TYPE_CHECKING

from textual import work

from rmpair.tui import messages

if TYPE_CHECKING:
    from rmpair.core.held_changes import HeldChanges
    from rmpair.core.service import PairService


class KeepsUnsavedWork:
    """For RmpairApp (it holds ``service``, ``held_changes``, ``vault_path`` and
    ``_idle_lock``, and ``close_session``)."""

    service: PairService | None
    held_changes: list[HeldChanges]

    def _save_on_hang_up(self) -> None:
        """Closing the terminal window sends SIGHUP, whose default is to end the process at
        once: whatever was typed since the last automatic save would be lost."""
        if not hasattr(signal, "SIGHUP"):  # Windows has no hang-up signal
            return
        try:
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGHUP, self._hang_up)
            # A logout, a shutdown or 'kill PID' ends the process the same way; SIGINT only
            # comes from outside (the app reads Ctrl+C as a key), and quit without asking.
            for stop in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(stop, self._stopped, stop)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread (tests drive the app from elsewhere): keep the default

    def _hang_up(self) -> None:
        try:
            self._keep_unsaved_on_disk()
        finally:
            # The terminal is gone: Textual's orderly exit would try to restore it and can
            # wait on it for ever. The vault is saved and closed, so leave at once, with
            # the shell's exit status for a hang-up.
            os._exit(128 + signal.SIGHUP)

    def _stopped(self, signum: int) -> None:
        # Unlike a hang-up, the terminal may still be there: leave in order, so it is
        # given back as it was, with the shell's exit status for the signal.
        self._keep_unsaved_on_disk()
        self.exit(return_code=128 + signum)

    def _keep_unsaved_on_disk(self) -> None:
        """Nobody is left to ask (the terminal closed, or rmpair is failing): save what is
        typed, and what still cannot be saved goes sealed into a file for its author's
        next unlock (``rmpair.core.held_changes``). Safe to call more than once."""
        from rmpair.core.held_changes import write_held_file

        service = self.service
        if service is not None:
            self._flush_unsaved()
            self.service = None
            self._idle_lock.stop()
            try:
                self._hold_unsaved(service)
            finally:
                service.close()
        while self.held_changes:
            try:
                write_held_file(self.vault_path, self.held_changes[0])
            except OSError:
                # Neither the vault's folder nor rmpair's data folder took even this small
                # sealed file; there is nowhere left to put it, and no one to tell.
                pass
            del self.held_changes[0]

    def _hold_unsaved(self, service: PairService) -> None:
        """Try the save once more; if it still fails, keep what is unsaved sealed in memory."""
        from rmpair.core.errors import RmpairError

        try:
            service.retry_save()
        except RmpairError:
            pass
        held = service.hold_unsaved()
        if held is not None:
            self.held_changes.append(held)

    def _flush_unsaved(self) -> None:
        """Ask every screen that may hold typed, unsaved text to save it now."""
        for screen in list(self.screen_stack):
            flush = getattr(screen, "flush_unsaved", None)
            if flush is None:
                continue
            try:
                flush()
            except Exception as error:  # noqa: BLE001 - locking must go on; the person is told
                self.notify(f"Something could not be saved before locking ({type(error).__name__}).", severity="error")

    def _what_quitting_loses(self) -> tuple[list[str], str | None]:
        """What would be lost by quitting now, in plain lines, and why it is not saved.

        What screens hold is handed to the service and the save tried once more first."""
        from rmpair.core.errors import RmpairError

        lines: list[str] = []
        problem: str | None = None
        service = self.service
        if service is not None:
            self._flush_unsaved()
            try:
                service.retry_save()
            except RmpairError as error:
                problem = str(error)
            changes = service.unsaved_changes()
            if changes is not None:
                lines += service.describe_changes(changes) or [messages.UNSAVED_QUIT_TITLE]
        for screen in self.screen_stack:
            refused = getattr(screen, "refused_form", None)
            said = refused() if refused is not None else None
            if said:
                lines.append(said)
        if self.held_changes:
            lines.append(messages.UNSAVED_HELD_BY_OTHER)
        return lines, problem

    @work(exclusive=True, group="quit")
    async def _ask_before_quitting(self) -> None:
        from rmpair.tui.screens.unsaved import UnsavedOnQuit

        while True:
            lines, problem = self._what_quitting_loses()
            if not lines:
                break
            answer = await self.push_screen_wait(UnsavedOnQuit(lines, problem, can_retry=self.service is not None))
            if answer == "discard":
                self.held_changes.clear()
                break
            if answer != "retry":
                return
        self.close_session()
        self.exit(0)

    @work(exclusive=True, group="held-changes")
    async def _offer_held_changes(self) -> None:
        """After an unlock: changes this person could not save before a lock or before the
        terminal closed are offered back. The partner's stay sealed, unmentioned."""
        from rmpair.core.errors import RmpairError, VaultWriteFailed
        from rmpair.tui.screens.unsaved import PutBack

        service = self.service
        if service is None or service.review_mode:
            # Together at one laptop, their titles would be on the screen for both to read:
            # they wait, sealed, for an unlock of the author's own.
            return
        for held in [*self.held_changes, *service.held_files()]:
            changes = service.open_held(held)
            if changes is None:
                continue
            put_back = await self.push_screen_wait(PutBack(service.describe_changes(changes), changes.made_at))
            if self.service is not service:
                return  # locked while asking: what is held stays held
            if not put_back:
                service.discard_held(held)
                self._forget_held(held)
                self.notify(messages.PUT_BACK_DISCARDED, timeout=4)
                continue
            try:
                service.put_back(held)
            except VaultWriteFailed as error:
                # In memory now, like any change whose save failed: the next lock holds it again.
                self._forget_held(held)
                self.notify(str(error), title="Not saved", severity="error", markup=False, timeout=10)
            except RmpairError as error:
                self.notify(str(error), title="Not put back", severity="error", markup=False, timeout=10)
            else:
                self._forget_held(held)
                self.notify(messages.PUT_BACK_DONE, timeout=4)
            reload = getattr(self.screen, "reload", None)
            if reload is not None:
                reload()

    def _forget_held(self, held: HeldChanges) -> None:
        if held in self.held_changes:
            self.held_changes.remove(held)
