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

#: Embedding, override and isolate controls and the implicit marks; the
#: zero-width and other characters that print nothing (soft hyphen,
#: combining grapheme joiner, Mongolian vowel separator, zero-width space,
#: non-joiner, joiner, word joiner, invisible operators, deprecated format
#: controls, interlinear annotation, BOM, the Hangul fillers) and the tag
#: characters, with which two names that look alike can differ.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"
)

#: A line break of any kind: a single-line answer may hold none.
LINE_BREAK = re.compile("[\r\n\u2028\u2029\x85\x0b\x0c]")


def strip_invisible(text: str) -> str:
    """``text`` without bidirectional controls or zero-width characters."""
    return INVISIBLE.sub("", text) if text else text


def has_line_break(text: str) -> bool:
    return bool(text) and LINE_BREAK.search(text) is not None
