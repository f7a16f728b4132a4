"""A tiny app for testing the writing screens on their own.

It holds ``service`` and ``content`` as the real app does and pushes the screen under
test, so each test drives one screen with a fresh vault in a temporary folder.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from rmpair.content import ContentPack, load_content
from rmpair.core.crypto import KdfParams
from rmpair.core.service import PairService
from rmpair.tui.commands import KeysAsTyped

FAST_KDF = KdfParams(memory_kib=1024, iterations=1)
MENTOR_PASS = "mentor passphrase"
MENTEE_PASS = "mentee passphrase"


@lru_cache(maxsize=1)
def shipped_content() -> ContentPack:
    return load_content()


def new_vault(tmp_path: Path, *, with_partner: bool = True) -> PairService:
    """A vault with Ada the mentor (unlocked) and, unless told, Ben the mentee."""
    service, _code = PairService.create(
        tmp_path / "v.rmpair", role="mentor", name="Ada", passphrase=MENTOR_PASS, kdf=FAST_KDF, agendas={}
    )
    if with_partner:
        service.join(role="mentee", name="Ben", passphrase=MENTEE_PASS, kdf=FAST_KDF)
    prepare(service)
    return service


def switch_person(service: PairService) -> PairService:
    """Lock the vault and open it as the other person."""
    path, role = service.path, service.role
    service.close()
    other = PairService.unlock(path, MENTEE_PASS if role == "mentor" else MENTOR_PASS)
    return prepare(other)


def prepare(service: PairService) -> PairService:
    """What the app does after unlocking: the content pack's categories are the tags."""
    service.known_race_tags = tuple(c.id for c in shipped_content().categories)
    return service


class WritingHarness(KeysAsTyped, App[None]):
    """Holds a service and a content pack; shows one screen."""

    def __init__(self, service: PairService, make_screen: Callable[[], Screen], content: ContentPack | None = None):
        super().__init__()
        self.service = service
        self.content = content or shipped_content()
        self._make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self._make_screen())


def screen_text(app: App) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    body = svg[svg.find("<g class=\"terminal-") :] if "<g class=\"terminal-" in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")
