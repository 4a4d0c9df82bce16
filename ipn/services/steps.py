"""What a group or a person can do next about an unmet criterion (R14), as a kind of step and
its subject. The pages turn a step into a link (ipn.views.steps); nothing here knows a URL.

One mapping serves the "What needs me" page (each group's next step, in words) and the
workspace's criteria panel (what this person can do about each unmet rule)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ipn import rules
from ipn.models import Group, Membership, Practitioner, Statement
from ipn.services import facts, statements
from ipn.states import GroupStatus
from ipn.words import TYPOGRAPHIC, possessive


class StepKind(StrEnum):
    INVITE = "invite"                    # invite people into the group
    SEE_MATRIX = "see_matrix"            # who stands by whom
    SEE_PEOPLE = "see_people"            # who is in the group
    STAND_BY = "stand_by"                # stand by one person (the step's `person`)
    DRAFT_STATEMENT = "draft_statement"  # write the first draft
    ENDORSE = "endorse"                  # read and endorse the draft
    SEE_ENDORSEMENTS = "see_endorsements"  # who has still to endorse
    PROPOSE_LINK = "propose_link"        # propose a link to a member group
    SEE_LINKS = "see_links"              # the group's links and visits


@dataclass(frozen=True)
class Step:
    kind: StepKind
    group: Group
    rule: str  # the criterion it answers
    text: str = ""  # the step in words, for pages that list steps across groups
    person: Practitioner | None = None  # for STAND_BY


def group_steps(group: Group) -> list[Step]:
    """What a forming or member group needs next, from its unmet criteria (nothing once it is a
    full member group): the first step, and drafting the statement too when that can already
    start while the group gathers its members."""
    assessment = facts.assess(group)
    if assessment.status not in (GroupStatus.FORMING, GroupStatus.MEMBER):
        return []
    unmet = {c.rule: c for c in assessment.criteria if not c.met}
    first = _first_step(group, unmet)
    steps = [first] if first is not None else []
    if first is not None and first.rule in ("members", "stand_bys") and "statement" in unmet:
        draft = _statement_step(group, statements.current_draft(group))
        if draft.kind is StepKind.DRAFT_STATEMENT:
            steps.append(draft)
    return steps


def _first_step(group: Group, unmet: dict[str, rules.Criterion]) -> Step | None:
    """The first of the unmet criteria as a step, in words. Links only count once the group
    is a member group."""
    settings = facts.settings()
    if "members" in unmet:
        count = unmet["members"].data.get("members", 0)
        joining = unmet["members"].data.get("joining", 0)
        noun = "member" if count == 1 else "members"
        if count < settings.min_members and count + joining >= settings.min_members:
            return Step(StepKind.SEE_MATRIX, group, "members",
                        f"{group.name} has {count} {noun} and {joining} joining; {settings.min_members} members "
                        "are needed. Those joining become members once they and every member stand by each other.")
        if count < settings.min_members:
            text = f"{group.name} has {count} {noun}; {settings.min_members} are needed"
            if joining:
                text += f" ({joining} joining)"
            return Step(StepKind.INVITE, group, "members", text + ": invite people.")
        return Step(StepKind.SEE_PEOPLE, group, "members",
                    f"{group.name} has {count} members; at most {settings.max_members} may belong.")
    if "stand_bys" in unmet:
        missing = len(unmet["stand_bys"].data.get("missing", []))
        return Step(StepKind.SEE_MATRIX, group, "stand_bys",
                    f"{missing} stand-by{'s' if missing != 1 else ''} between {possessive(group.name, TYPOGRAPHIC)} members "
                    f"{'are' if missing != 1 else 'is'} missing: every member stands by every other.")
    if "statement" in unmet:
        return _statement_step(group, statements.current_draft(group))
    if "validated_links" in unmet or "triangle" in unmet:
        needed = settings.links_needed
        active = len(facts.active_partner_ids([group.id]))
        if active < needed:
            return Step(StepKind.PROPOSE_LINK, group, "validated_links",
                        f"Propose links to other member groups: {group.name} has {active} of the {needed} it "
                        "needs to become a full member group.")
        if "triangle" in unmet and unmet["triangle"].data.get("closed"):
            return Step(StepKind.PROPOSE_LINK, group, "triangle",
                        f"{possessive(group.name, TYPOGRAPHIC)} validating groups are linked to each other, so they count as "
                        "one: propose a link to a member group outside that circle.")
        return Step(StepKind.SEE_LINKS, group, "validated_links",
                    f"Ask a link group to visit {group.name}: a full member group is validated by {needed} of "
                    "its link groups.")
    return None


def _statement_step(group: Group, draft: Statement | None) -> Step:
    if draft is None:
        return Step(StepKind.DRAFT_STATEMENT, group, "statement",
                    f"Draft {possessive(group.name, TYPOGRAPHIC)} ethical statement: the members write it together and each "
                    "endorses it.")
    return Step(StepKind.SEE_ENDORSEMENTS, group, "statement",
                f"{possessive(group.name, TYPOGRAPHIC)} draft ethical statement is published once every member has endorsed it.")


def criterion_steps(group: Group, assessment: rules.Assessment, person: Practitioner,
                    stay: Membership) -> dict[str, list[Step]]:
    """For each unmet criterion, what this person can do about it: stand by those they do not
    yet stand by, and go where the rest is done."""
    is_member = stay.member_since is not None
    names = {m.practitioner_id: m.practitioner for m in facts.current_memberships(group.id)}
    draft = statements.current_draft(group)
    steps: dict[str, list[Step]] = {}
    for criterion in assessment.criteria:
        if criterion.met:
            continue
        todo: list[Step] = []
        if criterion.rule == "members" and is_member:
            todo.append(Step(StepKind.INVITE, group, "members"))
        elif criterion.rule == "stand_bys":
            todo.extend(Step(StepKind.STAND_BY, group, "stand_bys", person=names[receiver])
                        for giver, receiver in criterion.data.get("missing", [])
                        if giver == person.id and receiver in names)
        elif criterion.rule == "statement" and is_member:
            if draft is None:
                kind = StepKind.DRAFT_STATEMENT
            elif person.id not in statements.endorser_ids(draft):
                kind = StepKind.ENDORSE
            else:
                kind = StepKind.SEE_ENDORSEMENTS
            todo.append(Step(kind, group, "statement"))
        elif criterion.rule in ("validated_links", "triangle") and assessment.status != GroupStatus.FORMING:
            todo.append(Step(StepKind.SEE_LINKS, group, criterion.rule))
        if todo:
            steps[criterion.rule] = todo
    return steps
