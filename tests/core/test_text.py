"""What fund.text removes from typed text, and what it keeps."""

import pytest

from fund.core.text import has_line_break, strip_invisible

INVISIBLE = [
    "\u202e",  # right-to-left override
    "\u202a",  # left-to-right embedding
    "\u2066",  # left-to-right isolate
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u034f",  # combining grapheme joiner
    "\u180e",  # Mongolian vowel separator
    "\u2062",  # invisible times
    "\u206a",  # inhibit symmetric swapping
    "\ufff9",  # interlinear annotation anchor
    "\U000e0041",  # tag latin capital letter A
    "\u3164",  # Hangul filler
]


@pytest.mark.parametrize("character", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_characters_that_print_nothing_are_removed(character):
    assert strip_invisible(f"Calder{character} Safe Homes") == "Calder Safe Homes"


def test_letters_of_every_script_and_ordinary_punctuation_are_kept():
    typed = "Zoë O’Brien-Smith, Ūsha & جمعية الأمل – 50% (£1,000)"
    assert strip_invisible(typed) == typed


@pytest.mark.parametrize("breaking", ["\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_every_kind_of_line_break_is_found(breaking):
    assert has_line_break(f"Sam{breaking}Example")
    assert not has_line_break("Sam Example")
