"""The network's numbers (SPEC "The protocol"): one frozen value the rules are judged by."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Settings:
    """The numbers of the network (SPEC "The protocol"), read from configuration in one place."""

    min_members: int = 5
    max_members: int = 9
    links_needed: int = 2
    validation_months: int = 24
    triangle_rule: bool = True

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        def flag(value: Any) -> bool:
            if isinstance(value, str):
                return value.strip().lower() not in ("0", "false", "no", "off", "")
            return bool(value)

        return cls(
            min_members=int(config.get("NETWORK_MIN_MEMBERS", cls.min_members)),
            max_members=int(config.get("NETWORK_MAX_MEMBERS", cls.max_members)),
            links_needed=int(config.get("NETWORK_LINKS_NEEDED", cls.links_needed)),
            validation_months=int(config.get("NETWORK_VALIDATION_MONTHS", cls.validation_months)),
            triangle_rule=flag(config.get("NETWORK_TRIANGLE_RULE", cls.triangle_rule)),
        )
