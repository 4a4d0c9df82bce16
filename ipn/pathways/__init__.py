"""The pathways the registry ships, as data (SPEC R19): one TOML file per pathway version,
named `<slug>.v<version>.toml`. Which versions are in force is a rule of the network
(`Settings.pathways`), changed only by a ratified proposal naming the file's version."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

from ipn.rules.pathways import Pathway, Requirement
from ipn.states import PracticeKind


def _pathway(data: dict) -> Pathway:
    requirements = tuple(
        Requirement(rule=r["rule"], title=r["title"], kind=PracticeKind(r["kind"]), source=r["source"],
                    hours=r.get("hours"), sessions=r.get("sessions"),
                    attested_by_pathway=r.get("attested_by_pathway"), required=r.get("required", True),
                    unit=r.get("unit", "sessions"))
        for r in data["requirements"])
    return Pathway(slug=data["slug"], version=int(data["version"]), name=data["name"], holder=data["holder"],
                   source=data["source"], requirements=requirements,
                   recognises_prior=bool(data.get("recognises_prior", False)))


@functools.cache
def shipped() -> dict[str, Pathway]:
    """Every shipped pathway version, by key ("cci-member@1")."""
    found = {}
    for entry in resources.files(__package__).iterdir():
        if entry.name.endswith(".toml"):
            pathway = _pathway(tomllib.loads(entry.read_text(encoding="utf-8")))
            if entry.name != f"{pathway.slug}.v{pathway.version}.toml":
                raise ValueError(f"{entry.name} holds {pathway.key}: name it {pathway.slug}.v{pathway.version}.toml")
            found[pathway.key] = pathway
    return found


def in_force(keys: str) -> dict[str, Pathway]:
    """The pathways a rule version names ("cci-member@1 balint-leader@1"), by slug."""
    every = shipped()
    return {every[key].slug: every[key] for key in keys.split() if key in every}
