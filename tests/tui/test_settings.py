"""The settings screen: colours and idle time, remembered, never private, never a crash."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from textual.widgets import Input, RadioButton, Static

from rmpair.tui.screens.settings import SettingsScreen
from rmpair.tui.screens.unlock import UnlockScreen
from rmpair.core.settings import load_settings
from tests.tui.conftest import MENTOR_PASSPHRASE, notices, told, unlock, wait_until


async def choose_high_contrast_before_unlocking(pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen))
    high_contrast = next(b for b in app.screen.query(RadioButton) if b.name == "rmpair-high-contrast")
    await pilot.click(high_contrast)


async def test_settings_open_before_unlocking_and_theme_applies_at_once(
    pair_vault: Path, make_app, settings_path: Path
) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await choose_high_contrast_before_unlocking(pilot)
        await wait_until(pilot, lambda: app.theme == "rmpair-high-contrast")
        assert load_settings(settings_path).settings.theme == "rmpair-high-contrast"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))


async def test_idle_minutes_are_saved_and_used(pair_vault: Path, make_app, settings_path: Path) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        field = app.screen.query_one("#settings-idle", Input)
        assert field.value == "5"
        field.value = "0"
        field.focus()
        await pilot.press("enter")
        assert "1 to 480" in str(app.screen.query_one("#settings-problem", Static).render())
        field.value = "15"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, SettingsScreen))
        assert app.idle_seconds == 15 * 60
    assert load_settings(settings_path).settings.idle_minutes == 15


async def test_a_malformed_settings_file_is_reported_not_fatal(
    pair_vault: Path, make_app, settings_path: Path
) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text("theme = [oops")
    app = make_app(pair_vault)
    said = notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert told(said, "damaged")
        assert app.theme == "rmpair"


async def test_settings_hold_nothing_private(pair_vault: Path, make_app, settings_path: Path) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot, MENTOR_PASSPHRASE)
        app.choose_theme("rmpair-colour-blind")
        app.choose_idle_minutes(7)
    text = settings_path.read_text()
    assert MENTOR_PASSPHRASE not in text and "Ada" not in text and str(pair_vault) not in text


async def test_settings_are_saved_private_even_under_umask_000(pair_vault: Path, make_app, tmp_path: Path) -> None:
    settings_path = tmp_path / "new-config" / "rmpair" / "settings.toml"
    app = make_app(pair_vault, settings_path=settings_path)
    loosest = os.umask(0)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await choose_high_contrast_before_unlocking(pilot)
            await wait_until(pilot, settings_path.exists)
    finally:
        os.umask(loosest)
    modes = {str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode))
             for p in (settings_path.parent.parent, settings_path.parent, settings_path)}
    assert modes == {"new-config": "0o700", "new-config/rmpair": "0o700", "new-config/rmpair/settings.toml": "0o600"}
    assert sorted(os.listdir(settings_path.parent)) == ["settings.toml"], "no temporary file is left behind"


def _highlighted_theme(screen: SettingsScreen) -> str | None:
    """The theme the settings list highlights (where Enter or Space would act)."""
    highlighted = [b for b in screen.query(RadioButton) if b.has_class("-selected")]
    return highlighted[0].name if len(highlighted) == 1 else None


async def test_the_light_theme_chosen_by_keys_persists_and_is_highlighted_next_time(
    pair_vault: Path, make_app, settings_path: Path
) -> None:
    app = make_app(pair_vault)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        assert _highlighted_theme(app.screen) == "rmpair"
        while _highlighted_theme(app.screen) != "rmpair-light":
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.theme == "rmpair-light")
        assert not app.current_theme.dark
    assert load_settings(settings_path).settings.theme == "rmpair-light"

    again = make_app(pair_vault)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(again.screen, UnlockScreen))
        assert again.theme == "rmpair-light"
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(again.screen, SettingsScreen))
        # The list opens on the theme in use, not the first one.
        assert _highlighted_theme(again.screen) == "rmpair-light"
