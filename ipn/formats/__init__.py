"""The meeting formats that ship with the registry (FORMATS.md, in the project's own words),
one TOML file each in this folder, and how a group's own copy is read (SPEC R18).

A format: a name, a purpose, who presents (empty when nobody does), ground rules, and phases,
each with its intended minutes, who speaks and its rule in one sentence. Minutes are a guide
for the round's timer, never a rule of the network."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent
# The order in which they are offered: the ordinary meeting first.
ORDER = ("ipn-meeting", "intervision", "intervision-online", "balint", "co-counselling")
MAX_PHASES = 12
MAX_MINUTES = 240


@dataclass(frozen=True)
class Phase:
    name: str
    minutes: int
    speaks: str
    rule: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "minutes": self.minutes, "speaks": self.speaks, "rule": self.rule}


@dataclass(frozen=True)
class Format:
    slug: str
    name: str
    purpose: str
    presenter: str  # who presents, in the format's words; "" when nobody does
    ground_rules: tuple[str, ...]
    phases: tuple[Phase, ...]
    own: bool = False  # a group's own copy, not a shipped one
    based_on: str = ""

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.phases)


def from_data(slug: str, data: dict[str, Any], own: bool = False, based_on: str = "") -> Format:
    return Format(
        slug=slug, name=str(data["name"]), purpose=str(data.get("purpose", "")),
        presenter=str(data.get("presenter", "")),
        ground_rules=tuple(str(r) for r in data.get("ground_rules", ())),
        phases=tuple(Phase(str(p["name"]), int(p["minutes"]), str(p.get("speaks", "")), str(p.get("rule", "")))
                     for p in data["phases"]),
        own=own, based_on=based_on)


@cache
def shipped() -> tuple[Format, ...]:
    """Every shipped format, read once from its file."""
    formats = []
    for slug in ORDER:
        with open(FOLDER / f"{slug}.toml", "rb") as stream:
            formats.append(from_data(slug, tomllib.load(stream)))
    return tuple(formats)


def shipped_format(slug: str | None) -> Format | None:
    return next((f for f in shipped() if f.slug == slug), None)
