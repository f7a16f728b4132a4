"""A question of a writing form, kept on screen with its answer.

Textual scrolls a newly focused widget into view itself: to the centre when it is not
wholly visible, and a box mounted a moment ago cannot yet tell that it is. On a short
terminal that put the first answer box of a reflection at the top of the form and its
question out of sight, so a person opening the form saw an empty box and nothing to say
what it was for. On a screen that ``KeepsQuestionsInView``, focus moving into a
``QuestionBlock`` brings the whole block (heading, guidance and answer) into view, once
the layout knows its size.
"""

from __future__ import annotations

from textual.containers import Vertical
from textual.screen import Screen
from textual.widget import Widget


class QuestionBlock(Vertical):
    """A question's heading and guidance, and the widget that answers it."""

    DEFAULT_CSS = """
    QuestionBlock {
        height: auto;
    }
    """

    def fits_in_form(self) -> bool:
        """Whether the whole question fits in the height its form shows at once."""
        form = next(
            (a for a in self.ancestors if isinstance(a, Widget) and a.styles.overflow_y in ("auto", "scroll")), None
        )
        return form is None or self.outer_size.height <= form.scrollable_content_region.height

    def show_with(self, focused: Widget) -> None:
        """Bring the whole question into view where it fits in its form; a question taller
        than the form (a long checklist) shows the focused part, as Textual would."""
        if not focused.has_focus or not self.is_mounted:
            return
        if self.fits_in_form():
            self.scroll_visible(animate=False, immediate=True)
        elif not self.screen.can_view_entire(focused):
            self.screen.scroll_to_center(focused, animate=False, origin_visible=True, immediate=True)


def enclosing_question(widget: Widget | None) -> QuestionBlock | None:
    """The innermost question ``widget`` answers, if any."""
    while widget is not None:
        if isinstance(widget, QuestionBlock):
            return widget
        parent = widget.parent
        widget = parent if isinstance(parent, Widget) else None
    return None


class KeepsQuestionsInView(Screen):
    """A screen whose focus changes show the question being answered, not only the box."""

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        question = enclosing_question(widget) if scroll_visible else None
        super().set_focus(widget, scroll_visible=scroll_visible and question is None, from_app_focus=from_app_focus)
        if question is not None and widget is not None:
            # After the next refresh the layout holds the block's size, even for a form
            # mounted a moment ago.
            self.call_after_refresh(question.show_with, widget)
