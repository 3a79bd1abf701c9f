"""What the command line prints about bad inputs stays one line per input (issue 18 item 8)."""

from __future__ import annotations

from storylens.cli import printable


def test_control_characters_in_names_are_escaped() -> None:
    name = "evil\nname\x1b[31m\r.txt: empty file"
    shown = printable(name)
    assert "\n" not in shown and "\x1b" not in shown and "\r" not in shown
    assert shown == "evil\\nname\\x1b[31m\\r.txt: empty file"
    assert printable("caf\u00e9 \u201cquoted\u201d.txt") == "caf\u00e9 \u201cquoted\u201d.txt"  # text is left alone
