"""The Exchange screen: sending a bundle, taking one in after seeing what it changes, and
settling a conflict, all from the keyboard; with a nudge on home and a mark on the entry."""

from __future__ import annotations

import pytest

from rmpair.tui.app import RmpairApp
from tests.cli.conftest import MENTEE_PASS, MENTOR_PASS, build_fast_pair
from tests.exchange.pair_of_laptops import FAST_KDF, exchange, pair_laptops
from tests.tui.conftest import screen_name, screen_text, unlock, wait_until


@pytest.fixture
def laptops(tmp_path):
    return pair_laptops(tmp_path, build_fast_pair, MENTEE_PASS)


def _app(vault, tmp_path) -> RmpairApp:
    return RmpairApp(vault, kdf=FAST_KDF, settings_path=tmp_path / "settings.toml")


def _to_do(app) -> list[str]:
    """The nudges home shows, in order (an option may wrap over lines on screen)."""
    todo = app.screen.query_one("#home-todo")
    return [str(todo.get_option_at_index(i).prompt) for i in range(todo.option_count)]


async def _open_exchange(pilot) -> None:
    await pilot.press("x")
    await wait_until(pilot, lambda: screen_name(pilot.app) == "ExchangeScreen")


async def test_a_bundle_goes_from_one_laptop_into_the_other_after_its_preview(laptops, tmp_path):
    from rmpair.core.service import PairService

    a, b = laptops
    service = PairService.unlock(a, MENTOR_PASS)
    service.add_entry(kind="note", title="Written on laptop A", body="for both", private=False)
    service.close()
    bundle = tmp_path / "bundle.rmpair"

    app = _app(a, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, MENTOR_PASS)
        await _open_exchange(pilot)
        path = app.screen.query_one("#send-path")
        path.value = str(bundle)
        path.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Bundle 1 for Bo" in screen_text(app))
    assert bundle.exists()

    app = _app(b, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, MENTEE_PASS)
        await _open_exchange(pilot)
        take = app.screen.query_one("#take-path")
        take.value = str(bundle)
        take.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "1 new" in screen_text(app))
        assert "Written on laptop A" in screen_text(app)
        assert all(e.title != "Written on laptop A" for e in app.service.entries())  # not yet
        await wait_until(pilot, lambda: app.focused is app.screen.query_one("#apply"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "the bundle is in" in screen_text(app))
        assert any(e.title == "Written on laptop A" for e in app.service.entries())


async def test_a_bundle_not_applied_changes_nothing(laptops, tmp_path):
    a, b = laptops
    bundle = tmp_path / "bundle.rmpair"
    from rmpair.core.service import PairService
    from rmpair.exchange import bundles

    service = PairService.unlock(a, MENTOR_PASS)
    service.add_entry(kind="note", title="Maybe later", body="x", private=False)
    bundles.export_bundle(service, bundle)
    service.close()
    before = b.read_bytes()
    app = _app(b, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, MENTEE_PASS)
        await _open_exchange(pilot)
        take = app.screen.query_one("#take-path")
        take.value = str(bundle)
        take.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "1 new" in screen_text(app))
        await pilot.click("#discard")
        await wait_until(pilot, lambda: "Nothing was changed" in screen_text(app))
    assert b.read_bytes() == before


async def test_a_conflict_is_nudged_marked_and_settled_from_the_keyboard(laptops, tmp_path):
    from rmpair.core.service import PairService

    a, b = laptops
    note_id = None
    for vault, passphrase, words in ((a, MENTOR_PASS, "Ada's words"), (b, MENTEE_PASS, "Bo's words")):
        service = PairService.unlock(vault, passphrase)
        note_id = next(e.id for e in service.entries() if e.title == "fast shared note")
        service.update_entry(note_id, body=words)
        service.close()
    exchange(b, MENTEE_PASS, a, MENTOR_PASS, tmp_path / "b1")

    app = _app(a, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, MENTOR_PASS)
        assert "changed differently on the two laptops" in _to_do(app)[0]
        assert next(e for e in app.service.entries() if e.id == note_id).conflicted
        await _open_exchange(pilot)
        await wait_until(pilot, lambda: "Bo's words" in screen_text(app) and "Ada's words" in screen_text(app))
        app.screen.query_one("#conflicts").focus()
        await pilot.press("t")
        await wait_until(pilot, lambda: "No conflicts" in screen_text(app))
        entry = next(e for e in app.service.entries() if e.id == note_id)
        assert entry.body == "Bo's words" and not entry.conflicted
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen_name(app) == "HomeScreen")
        assert not any("changed differently" in hint for hint in _to_do(app))


async def test_exchange_is_not_offered_in_review_together(laptops, tmp_path):
    a, _b = laptops
    app = _app(a, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await unlock(pilot, MENTOR_PASS)
        app.service.review_mode = True
        app.screen.refresh_bindings()
        await pilot.press("x")
        await pilot.pause()
        assert screen_name(app) == "HomeScreen"
