"""Small matters of English shared by the rules' words and the pages."""

from __future__ import annotations

TYPOGRAPHIC = "\u2019"  # ’, as the practitioners' pages write it


def possessive(name: str, apostrophe: str = "'") -> str:
    """A name's possessive: "Calder Valley Group's", "Severn Practitioners'" (a name ending in s)."""
    name = (name or "").rstrip()
    if not name:
        return ""
    return name + (apostrophe if name[-1] in "sS" else apostrophe + "s")
