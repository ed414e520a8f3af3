"""Text as people type it, made safe to keep, show and print.

Bidirectional controls (such as U+202E, RIGHT-TO-LEFT OVERRIDE) let typed
text reorder whatever is printed after it, so an organisation's name could
reverse the rest of a letter's sentence; zero-width characters make two
names that look the same differ, or hide words from a search. Neither has a
place in an application, a reason or a note, so they are removed when text
is saved. What a letter prints is also isolated (a ``<bdi>`` element) in
case older rows still hold them.
"""

import re

#: Embedding, override and isolate controls, the implicit marks, and the
#: zero-width characters (space, non-joiner, joiner, word joiner, BOM).
INVISIBLE = re.compile(
    "[\u061c\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)

#: A line break of any kind: a single-line answer may hold none.
LINE_BREAK = re.compile("[\r\n\u2028\u2029\x85\x0b\x0c]")


def strip_invisible(text: str) -> str:
    """``text`` without bidirectional controls or zero-width characters."""
    return INVISIBLE.sub("", text) if text else text


def has_line_break(text: str) -> bool:
    return bool(text) and LINE_BREAK.search(text) is not None
