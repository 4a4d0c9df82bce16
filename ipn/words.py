"""Small matters of English shared by the rules' words and the pages."""

from __future__ import annotations

TYPOGRAPHIC = "\u2019"  # ’, as the practitioners' pages write it


def possessive(name: str, apostrophe: str = "'") -> str:
    """A name's possessive: "Calder Valley Group's", "Severn Practitioners'" (a name ending in s)."""
    name = (name or "").rstrip()
    if not name:
        return ""
    return name + (apostrophe if name[-1] in "sS" else apostrophe + "s")


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve")


def number_words(n: int) -> str:
    """A small number as a word ("five"), a larger one in figures."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)

