"""Text the pair wrote shows literally in every record table (actions, check-ins, entries)."""

from __future__ import annotations

from textual.app import App

from rmpair.tui.widgets.record_table import RecordTable

HOSTILE = ["[bold red]not bold[/]", "lone [/] closer", "[link=http://x]y[/link]"]


class TableApp(App[None]):
    def compose(self):
        yield RecordTable(id="table")


async def test_markup_in_cells_is_shown_exactly_and_does_not_crash():
    app = TableApp()
    async with app.run_test(size=(100, 10)) as pilot:
        table = app.query_one(RecordTable)
        table.set_columns("Text", "Who")
        table.set_rows([(f"r{i}", [text, "mentee"]) for i, text in enumerate(HOSTILE)])
        table.update_record("r0", 1, "[italic]changed[/]")
        await pilot.pause()
        import html

        screen_text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        for text in HOSTILE + ["[italic]changed[/]"]:
            assert text in screen_text
