"""A sweep that finds a state it cannot repeat names what differed, not two cut-off reprs."""

from tests.tui.key_sweep import _difference


def test_the_difference_names_the_leaf_that_changed() -> None:
    first = ("Form", ("TextArea#2",), ((("KeyFooter#4", "FooterKey#4"), True, False, None),))
    second = ("Form", ("TextArea#2",), ((("KeyFooter#4", "FooterKey#4"), False, False, None),))
    assert _difference(first, second) == "state[2][0][1]: True then False"


def test_parts_of_different_lengths_are_shown_whole_but_short() -> None:
    said = _difference(("Form", ("a",) * 500), ("Form", ("a",) * 501))
    assert said.startswith("state[1]: ('a', ") and len(said) < 450
