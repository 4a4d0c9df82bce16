"""Where each kind of next step is done, and what its link says: the one mapping from
ipn.services.steps to the pages (the "What needs me" page and the workspace's criteria)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from ipn.services.steps import Step, StepKind

# kind -> (endpoint, fragment, label)
PLACES = {
    StepKind.INVITE: ("workspace.workspace", "invite", "Invite someone"),
    StepKind.SEE_MATRIX: ("workspace.workspace", "matrix", "See who stands by whom"),
    StepKind.SEE_PEOPLE: ("workspace.workspace", "people", "See who is in the group"),
    StepKind.DRAFT_STATEMENT: ("statement.page", "draft", "Draft the statement"),
    StepKind.ENDORSE: ("statement.page", None, "Read and endorse the draft"),
    StepKind.SEE_ENDORSEMENTS: ("statement.page", None, "See who has still to endorse"),
    StepKind.PROPOSE_LINK: ("links.page", "propose", "Propose a link"),
    StepKind.SEE_LINKS: ("links.page", None, "Go to links and visits"),
}


@dataclass(frozen=True)
class StepLink:
    href: str
    label: str


def step_link(step: Step) -> StepLink:
    """The link that takes a person to where `step` is done (not for STAND_BY, a button)."""
    endpoint, fragment, label = PLACES[step.kind]
    return StepLink(url_for(endpoint, slug=step.group.slug, _anchor=fragment), label)
