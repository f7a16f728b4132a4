"""The review-together banner, and keeping it on every screen while the mode is on.

Review together is the pair at one laptop: only shared things may be on the screen. The
banner says so in words on every screen (never colour alone), so nobody wonders whether
what they see is everything, and nobody forgets the mode is on.

Screens come from three engineers' modules; rather than ask each to remember a banner,
``BannerKeeper`` watches the app's screen changes and mounts one into any screen that
lacks it. The banner takes its line with ``split: top``: unlike ``dock``, a split shrinks
the space the rest of the screen (header included) is laid out in, so nothing it covers
is lost.

It is a plain ``Widget``, not a ``Static``: a screen that does ``query_one(Static)`` must
never get the banner by mistake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget

from rmpair.tui.commands import HIDE_KEY, key_in_words

if TYPE_CHECKING:
    from rmpair.core.service import PairService

BANNER_TEXT = "REVIEW TOGETHER — only shared items are shown"
BANNER_HINT = f"Ctrl+L locks to leave · {key_in_words(HIDE_KEY)} hides the screen"
SHORT_BANNER_TEXT = "REVIEW TOGETHER — only shared items shown"


class ReviewBanner(Widget):
    """One line across the top of a screen: review-together mode is on."""

    DEFAULT_CSS = """
    ReviewBanner {
        split: top;
        height: 1;
        width: 100%;
        background: $warning;
        color: auto 95%;
        text-style: bold;
        content-align: center middle;
    }
    """

    def render(self) -> Content:
        width = self.size.width
        full = f"👥 {BANNER_TEXT} · {BANNER_HINT}"
        if width and Content(full).cell_length > width:
            full = f"👥 {BANNER_TEXT}"
            if Content(full).cell_length > width:
                full = SHORT_BANNER_TEXT
        return Content(full)


def in_review(app: App[Any]) -> bool:
    service = getattr(app, "service", None)
    return service is not None and bool(service.review_mode)


def wants_banner(screen: Screen[Any]) -> bool:
    """Every screen but those that show nothing at all (the blank screen)."""
    return not getattr(screen, "NO_REVIEW_BANNER", False)


def ensure_banner(app: App[Any], screen: Screen[Any] | None = None) -> None:
    """Give ``screen`` (the current one by default) a banner if review together is on."""
    screen = screen if screen is not None else app.screen
    if not in_review(app) or not wants_banner(screen) or not screen.is_attached:
        return
    try:
        screen.query_one(ReviewBanner)
    except NoMatches:
        screen.mount(ReviewBanner(), before=0 if screen.children else None)


class BannerKeeper:
    """Mounts a banner on each screen that becomes current while review together is on."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        app.screen_change_signal.subscribe(app, self._screen_changed)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        ensure_banner(self.app, screen)


# -- what home may say in review together -----------------------------------------------


def review_to_do(service: PairService) -> list[str]:
    """The home screen's nudges, from shared things only.

    ``PairService.to_do`` tells a person which of *their* reflections and talking points
    are missing, and works that out from their private entries too; with the partner
    watching, "no reflection from you for meeting 2" would say whether a private one
    exists. So in review together only the pair's own shared nudges remain.
    """
    hints = []
    if service.partner is None:
        hints.append("Your partner has not joined yet.")
    meetings = service.meetings()
    overdue = [
        a
        for a in service.actions(done=False)
        if a.due_meeting is not None and meetings[a.due_meeting - 1].held
    ]
    if overdue:
        hints.append(f"{len(overdue)} action(s) were due at a meeting already held.")
    return hints


# -- words for the ways in and out --------------------------------------------------------------

REVIEW_UNLOCK_BUTTON = "Unlock for review together"
REVIEW_UNLOCK_KEY = "Review together"
REVIEW_UNLOCK_TIP = (
    "For looking at progress together at one laptop: nothing private, yours or your partner's, "
    "is shown. Either passphrase opens it; leaving asks for a passphrase again."
)
REVIEW_CHOSEN = "Review together chosen: Enter unlocks showing only what you share."
REVIEW_ALONE_HINT = "To unlock alone instead: Ctrl+O, or click Unlock."
REVIEW_CHOSEN_FOR_RECOVERY = (
    "Review together chosen: once the new passphrase is set, the vault opens showing only "
    "what you share. To recover alone instead: Esc, then Ctrl+O before you come back here."
)
REVIEW_ENDED = "Review together has ended. Type your passphrase to carry on."
