"""Preparing talking points for a meeting, privately.

The mentor often does not know where to start. This screen turns that into a plan: the
prompts for the meeting, grouped by RACE category with what each category means, and
one key to turn a prompt into a private draft. The drafts for the meeting are listed
underneath; they stay private until their author shares them or puts them on the agenda.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from rmpair.content.answers import draft_body
from rmpair.core.errors import RmpairError
from rmpair.tui.screens.entry_editor import EntryEditorScreen
from rmpair.core.views import EntryView
from rmpair.tui.widgets import entry_words as words
from rmpair.tui.widgets.entry_dialogs import ConfirmDelete
from rmpair.tui.widgets.entry_privacy import ConfirmShare
from rmpair.tui.widgets.key_footer import KeyFooter
from rmpair.tui.widgets.literal import literal
from rmpair.tui.widgets.prompt_panel import PromptPanel

EMPTY_DRAFTS = "No talking points for this meeting yet. Pick a prompt above and press Enter, or press n."


def draft_option(entry: EntryView, my_role: str, partner_name: str | None) -> Option:
    """One talking point as a list line: privacy in words first, then its title."""
    label = Text()
    label.append(words.privacy_words(entry.private), style="" if entry.private else "bold")
    label.append("  ")
    label.append_text(literal(entry.display_title))
    extras = []
    if entry.on_agenda:
        extras.append("on the agenda")
    if entry.author != my_role:
        extras.append(f"by {partner_name or words.role_label(entry.author)}")
    if extras:
        label.append(f"  ({', '.join(extras)})", style="italic")
    return Option(label, id=entry.id)


class TalkingPointsScreen(Screen):
    """Prompts to start from, and this meeting's talking-point drafts."""

    DEFAULT_CSS = """
    TalkingPointsScreen {
        layout: vertical;
        & PromptPanel {
            height: 2fr;
            padding: 0 1;
        }
        & #tp-drafts {
            height: 1fr;
            min-height: 5;
            margin: 0 1;
            border: round $border-blurred;
            border-title-color: $text-muted;
            border-subtitle-color: $text-muted;
            &:focus {
                border: heavy $border;
                border-title-color: $text;
            }
        }
    }
    """

    BINDINGS = [
        Binding("n", "new_draft", "New talking point", id="talking-points.new",
                tooltip="Start a blank talking point for this meeting"),
        Binding("e", "edit_draft", "Edit", id="talking-points.edit",
                tooltip="Open the highlighted talking point"),
        Binding("s", "share_draft", "Share", id="talking-points.share",
                tooltip="Let your partner read the highlighted talking point (asks first)"),
        Binding("s", "make_draft_private", "Make private", id="talking-points.make-private",
                tooltip="Only you will be able to read the highlighted talking point again"),
        Binding("a", "agenda_draft", "Put on agenda", id="talking-points.agenda",
                tooltip="Share the highlighted talking point and add it to the meeting's agenda"),
        Binding("x", "delete_draft", "Delete", id="talking-points.delete",
                tooltip="Delete the highlighted talking point (asks first)"),
        Binding("d", "focus_drafts", "Drafts", show=False, id="talking-points.drafts",
                tooltip="Move to the list of this meeting's talking points"),
        Binding("p", "focus_prompts", "Prompts", show=False, id="talking-points.prompts",
                tooltip="Move to the list of prompts"),
        Binding("escape", "app.pop_screen", "Back", id="talking-points.back",
                tooltip="Go back to the previous screen"),
    ]

    def __init__(self, meeting: int | None = None) -> None:
        super().__init__()
        self._meeting = meeting

    @property
    def service(self) -> Any:
        return self.app.service

    @property
    def meeting(self) -> int:
        return self.query_one(PromptPanel).meeting

    def compose(self) -> ComposeResult:
        meetings = [m.number for m in self.service.meetings()]
        meeting = self._meeting
        if meeting is None:
            upcoming = self.service.next_meeting()
            meeting = upcoming.number if upcoming else meetings[-1]
        yield Header()
        yield PromptPanel(
            self.app.content, my_role=self.service.role, meeting=meeting, meetings=meetings, id="tp-prompts"
        )
        yield OptionList(id="tp-drafts")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Talking points"
        self.refresh_drafts()
        self.query_one(PromptPanel).focus_list()

    def on_screen_resume(self) -> None:
        # Back from the editor: the drafts may have changed.
        if self.is_mounted:
            self.refresh_drafts()

    # -- drafts ------------------------------------------------------------------------------

    def drafts(self) -> list[EntryView]:
        return self.service.entries(kind="talking-point", meeting=self.meeting)

    def refresh_drafts(self, keep: str | None = None) -> None:
        drafts_list = self.query_one("#tp-drafts", OptionList)
        current = keep or (drafts_list.highlighted_option.id if drafts_list.highlighted_option else None)
        partner = self.service.partner
        drafts = self.drafts()
        drafts_list.set_options(
            draft_option(e, self.service.role, partner.name if partner else None) for e in drafts
        )
        if not drafts:
            drafts_list.add_option(Option(Text(EMPTY_DRAFTS, style="italic"), disabled=True))
        ids = [e.id for e in drafts]
        if ids:
            drafts_list.highlighted = ids.index(current) if current in ids else 0
        drafts_list.border_title = f"Talking points for meeting {self.meeting} ({len(drafts)})"
        drafts_list.border_subtitle = "Enter edit · s share or make private · a agenda · x delete"
        self.sub_title = f"Preparing for meeting {self.meeting}"
        self.refresh_bindings()

    def highlighted_draft(self) -> EntryView | None:
        option = self.query_one("#tp-drafts", OptionList).highlighted_option
        if option is None or not option.id:
            return None
        try:
            return self.service.entry(option.id)
        except RmpairError:
            return None

    @on(PromptPanel.FiltersChanged)
    def _filters(self) -> None:
        self.refresh_drafts()

    # -- from a prompt to a draft -----------------------------------------------------------

    @on(PromptPanel.Picked)
    def _picked(self, event: PromptPanel.Picked) -> None:
        self.start_from_prompt(event.prompt)

    def start_from_prompt(self, prompt: Any) -> EntryView | None:
        """A private talking-point draft headed by the prompt, opened for writing."""
        try:
            entry = self.service.add_entry(
                kind="talking-point",
                title=prompt.title,
                body=draft_body(prompt),
                meeting=self.meeting,
                race_tags=(prompt.category,),
                template_id=prompt.id,
                # Private, except in review-together mode, where only shared writing is allowed.
                private=not getattr(self.service, "review_mode", False),
            )
        except RmpairError as error:
            self.notify(str(error), title="No draft made", severity="error", markup=False)
            return None
        self.refresh_drafts(keep=entry.id)
        self.app.push_screen(EntryEditorScreen(entry.id))
        return entry

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_draft", "share_draft", "make_draft_private", "agenda_draft", "delete_draft"):
            if not self.is_mounted:
                return action != "make_draft_private"
            draft = self.highlighted_draft()
            if draft is None:
                # Shown, greyed: there is nothing to act on yet. One key, one entry in the footer.
                return False if action == "make_draft_private" else None
            if action == "make_draft_private":
                return self._may_make_private(draft)
            if action == "share_draft":
                # The same key makes a shared draft private again, where that is allowed.
                return draft.private or (False if self._may_make_private(draft) else None)
            if action == "agenda_draft":
                return (not draft.on_agenda) or None
            if action == "delete_draft":
                return draft.author == self.service.role or not draft.private or None
        return True

    def action_new_draft(self) -> None:
        self.app.push_screen(EntryEditorScreen(kind="talking-point", meeting=self.meeting))

    def action_edit_draft(self) -> None:
        draft = self.highlighted_draft()
        if draft is not None:
            self.app.push_screen(EntryEditorScreen(draft.id))

    @on(OptionList.OptionSelected, "#tp-drafts")
    def _draft_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit_draft()

    @on(OptionList.OptionHighlighted, "#tp-drafts")
    def _draft_highlighted(self) -> None:
        self.refresh_bindings()

    def action_focus_drafts(self) -> None:
        self.query_one("#tp-drafts", OptionList).focus()

    def action_focus_prompts(self) -> None:
        self.query_one(PromptPanel).focus_list()

    def action_share_draft(self) -> None:
        draft = self.highlighted_draft()
        if draft is not None and draft.private:
            self._share(draft, agenda=False)

    def _may_make_private(self, draft: EntryView) -> bool:
        # Only its author may, and not in review together, where only shared writing exists.
        return not draft.private and draft.author == self.service.role and not self.service.review_mode

    def action_make_draft_private(self) -> None:
        draft = self.highlighted_draft()
        if draft is None or not self._may_make_private(draft):
            return
        try:
            self.service.update_entry(draft.id, private=True)
        except RmpairError as error:
            self.notify(str(error), title="Still shared", severity="error", markup=False)
        else:
            self.notify("Private again: only you can read it now.", markup=False, timeout=4)
        self.refresh_drafts(keep=draft.id)

    def action_agenda_draft(self) -> None:
        draft = self.highlighted_draft()
        if draft is not None and not draft.on_agenda:
            self._share(draft, agenda=True)

    def action_delete_draft(self) -> None:
        draft = self.highlighted_draft()
        if draft is not None:
            self._delete(draft)

    @work(exclusive=True, group="delete")
    async def _delete(self, draft: EntryView) -> None:
        if not await self.app.push_screen_wait(ConfirmDelete(draft.display_title, shared=not draft.private)):
            return
        try:
            self.service.delete_entry(draft.id)
        except RmpairError as error:
            self.notify(str(error), title="Not deleted", severity="error", markup=False)
        else:
            self.notify("Deleted.", timeout=3)
        self.refresh_drafts()

    @work(exclusive=True, group="share")
    async def _share(self, draft: EntryView, *, agenda: bool) -> None:
        partner = self.service.partner
        name = partner.name if partner else "Your partner, once they join,"
        target = draft.meeting or self.meeting
        if draft.private or agenda:
            confirmed = await self.app.push_screen_wait(
                ConfirmShare(draft.display_title, name, agenda=target if agenda else None)
            )
            if not confirmed:
                return
        try:
            if agenda:
                self.service.move_to_agenda(draft.id, target)
                message = f"On the agenda for meeting {target}, and shared with {name}."
            else:
                self.service.share_entry(draft.id)
                message = f"Shared with {name}. s makes it private again."
        except RmpairError as error:
            self.notify(str(error), title="Not shared", severity="error", markup=False)
        else:
            self.notify(message, markup=False)
        self.refresh_drafts(keep=draft.id)
