"""The network's numbers (SPEC "The protocol"): one frozen value the rules are judged by."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ipn.config import flag


def _fraction(value: Any) -> Fraction:
    """A share such as "1/3", 0.5 or Fraction(1, 3), kept exact (a float third is not a third)."""
    share = value if isinstance(value, Fraction) else Fraction(str(value).strip()).limit_denominator(1000)
    if not 0 < share <= 1:
        raise ValueError("a share between 0 (excluded) and 1")
    return share


_PATHWAY_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*@[1-9][0-9]{0,5}")


def _pathway_keys(value: Any) -> str:
    """Pathway versions such as "cci-member@1 balint-leader@2", one version per pathway."""
    keys = sorted(set(str(value).replace(",", " ").split()))
    if not all(_PATHWAY_KEY.fullmatch(key) for key in keys):
        raise ValueError("pathway versions such as cci-member@1, separated by spaces")
    slugs = [key.split("@")[0] for key in keys]
    if len(slugs) != len(set(slugs)):
        raise ValueError("one version of each pathway")
    return " ".join(keys)


@dataclass(frozen=True)
class Settings:
    """The numbers of the network (SPEC "The protocol"). Configuration gives only the founding
    rules; after that they change only through ratified proposals (R16), and the rules for a
    date come from ipn.services.rulebook.settings_on. A new rule is a new field here, nothing
    more: rule versions store every field, and the API and pages list them from here."""

    min_members: int = 5
    max_members: int = 9
    links_needed: int = 2
    validation_months: int = 24
    triangle_rule: bool = True
    # Quorum of a Gathering: the share of member and full member groups represented.
    quorum_fraction: Fraction = Fraction(1, 3)
    # The pathway versions in force (R19), each a shipped file's key: "cci-member@1".
    pathways: str = "balint-leader@1 cci-member@1"

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def coerce(cls, name: str, value: Any) -> Any:
        """A rule's value in its type; ValueError when it cannot be one."""
        default = getattr(cls, name)
        if isinstance(default, bool):
            if isinstance(value, str) and value.strip().lower() not in (
                    "0", "1", "true", "false", "yes", "no", "on", "off"):
                raise ValueError("on or off")
            return flag(value)
        if isinstance(default, Fraction):
            return _fraction(value)
        if isinstance(default, str):
            return _pathway_keys(value)
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError("a whole number")
        number = int(str(value).strip()) if isinstance(value, str) else int(value)
        if number < 1:
            raise ValueError("a whole number from 1 upwards")
        return number

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        """The founding rules, from the IPN_NETWORK_* settings (read once, at set-up)."""
        values = {}
        for name in cls.names():
            key = f"NETWORK_{name.upper()}"
            if key in config:
                values[name] = cls.coerce(name, config[key])
        return cls(**values)

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> Settings:
        """From a stored rule version; a rule added since the version was written takes its
        default (it was not a rule then)."""
        return cls(**{n: cls.coerce(n, stored[n]) for n in cls.names() if n in stored})

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the quorum as a string such as "1/3"."""
        return {n: (str(v) if isinstance(v, Fraction) else v)
                for n, v in ((n, getattr(self, n)) for n in self.names())}

    def changed(self, changes: Mapping[str, Any]) -> Settings:
        return dataclasses.replace(self, **{n: self.coerce(n, v) for n, v in changes.items()})
