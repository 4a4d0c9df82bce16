"""Names people and groups give themselves: one Unicode form (NFKC), no invisible or
direction-changing characters, and for groups a confusable skeleton (Unicode TR39) so that a
name that only looks like another group's is refused.

The skeleton follows TR39 section 4 (NFD, map each character to its prototype, NFD again)
with a shipped subset of confusables.txt: the letters of other scripts (Cyrillic, Greek,
Armenian, Cherokee, Latin variants) and the digits and signs that pass for Latin letters,
which is what impersonating a group's name needs. The full table has ~6,000 entries, most of
them between scripts this registry's names do not mix; extend CONFUSABLES from it as needed.
"""

from __future__ import annotations

import unicodedata

from ipn.services.errors import Invalid

# Prototype of each confusable character (from Unicode's confusables.txt, version 15.1).
CONFUSABLES: dict[str, str] = {
    # Cyrillic capitals
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "l", "Ј": "J", "К": "K", "М": "M",
    "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ԁ": "d", "Ԛ": "Q", "Ԝ": "W",
    "Ү": "Y", "Ӏ": "l", "Ѵ": "V", "Ь": "b", "Ꙅ": "S",
    # Cyrillic small letters
    "а": "a", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "ӏ": "l", "о": "o",
    "р": "p", "ԛ": "q", "ѕ": "s", "ԝ": "w", "х": "x", "у": "y", "ү": "y", "ѵ": "v", "ɡ": "g",
    "ꙅ": "s", "ꮃ": "w",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "l", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "α": "a", "ν": "v", "ρ": "p",
    "ι": "i", "υ": "u", "γ": "y", "χ": "x", "ϲ": "c", "ϳ": "j", "Ϲ": "C", "ϼ": "p",
    # Armenian
    "օ": "o", "ս": "u", "ո": "n", "հ": "h", "ց": "g", "զ": "q", "ա": "w", "Տ": "S", "Օ": "O",
    "Ս": "U", "Լ": "L",
    # Cherokee capitals that pass for Latin ones
    "Ꭺ": "A", "Ᏼ": "B", "Ꮯ": "C", "Ꭼ": "E", "Ꮋ": "H", "Ꭻ": "J", "Ꮶ": "K", "Ꮇ": "M", "Ꮲ": "P",
    "Ꮪ": "S", "Ꭲ": "T", "Ꮩ": "V", "Ꮃ": "W", "Ꮓ": "Z", "Ꮮ": "L", "Ꭱ": "R", "Ꮐ": "G",
    # Latin look-alikes, digits and signs
    "ı": "i", "ɩ": "i", "ɪ": "i", "ȷ": "j", "ɑ": "a", "ʋ": "u", "ʏ": "y", "ᴏ": "o", "ᴄ": "c",
    "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ꜱ": "s", "ʀ": "R", "ℓ": "l", "ǀ": "l", "|": "l", "1": "l",
    "I": "l", "0": "O", "ø": "o", "Ø": "O", "ƅ": "b", "ɗ": "d", "ｰ": "-", "‐": "-",
    "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "’": "'", "‘": "'", "`": "'",
    "´": "'", "ʹ": "'", "ʼ": "'", "“": "''", "”": "''", "\"": "''",
}
# Sequences TR39 maps to one prototype: "m" stands for "rn" there; compared both ways here.
SEQUENCES = (("rn", "m"), ("vv", "w"))

# Characters one cannot see or that turn the text's direction around; never part of a name.
_BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unseen(char: str) -> bool:
    if char in _BIDI_CONTROLS:
        return True
    category = unicodedata.category(char)
    # Cf: format characters (zero-width space and joiners, soft hyphen, word joiner, BOM, ...);
    # Cc: controls; Co/Cs/Cn: private use, surrogates, unassigned.
    return category in ("Cf", "Cc", "Co", "Cs", "Cn") or char in "\u115f\u1160\u3164\uffa0\u2800"


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'an unnamed character')}"


def normalise(text: str | None) -> str:
    """NFKC (fullwidth letters become letters, accents composed), spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def refuse_unseen(text: str, field: str = "name", what: str = "A name") -> None:
    """Invalid, naming the characters, when text holds invisible or direction-changing ones."""
    found = sorted({c for c in text if _unseen(c) and not c.isspace()})
    if found:
        message = (f"{what} may not contain invisible or text-direction characters; "
                   f"remove {', '.join(_describe(c) for c in found)}.")
        raise Invalid(message, {field: [message]}, code="invisible_character")


def skeleton(text: str) -> str:
    """TR39's skeleton: two strings with the same skeleton look alike."""
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(CONFUSABLES.get(c, c) for c in decomposed if not _unseen(c))
    return unicodedata.normalize("NFD", mapped)


def skeleton_key(name: str) -> str:
    """What must be unique among groups' names: the skeleton, in any letter case and spacing.
    Case folding may make new look-alikes (a capital I folds to i), so map once more after it."""
    key = skeleton(normalise(name))
    key = skeleton(key.casefold())
    for sequence, prototype in SEQUENCES:
        key = key.replace(sequence, prototype)
    return " ".join(key.split())
