"""The concerns raised with a group (SPEC R15), for its members and, once a concern is
escalated, the members of its link groups: read them, respond, record the outcome. Routes of
the concerns blueprint (ipn.views.concerns)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import login_required

from ipn.extensions import db
from ipn.forms.concerns import OutcomeForm, ResponseForm
from ipn.models import Concern, Group, Practitioner
from ipn.services import concern_course, concerns, groups
from ipn.services.errors import Invalid, NotAllowed
from ipn.views.access import group_or_404, me
from ipn.views.actions import perform, show_errors
from ipn.views.concerns import bp, escalation_weeks, private_page


@bp.get("/groups/<slug>/concerns")
@login_required
def group_concerns(slug: str):
    return render_group_concerns(group_or_404(slug))


TIMELINE_WORDS = {"raised": "raised", "response": "a response", "escalated": "escalated to the link groups",
                  "resolved": "the person who raised it said it is resolved", "outcome": "outcome recorded; closed"}


def render_group_concerns(group: Group, failed: tuple[int, ResponseForm] | None = None, status: int = 200,
                          failed_outcome: tuple[int, OutcomeForm] | None = None):
    perform(concerns.escalate_due)
    person = me()
    items = concerns.concerns_for_group(person, group)  # refuses anyone else (403)
    stay = groups.stay_of(group, person)
    names: dict[int, str] = {}
    group_names: dict[int, str] = {}

    def name_of(practitioner_id: int) -> str:
        if practitioner_id not in names:
            names[practitioner_id] = db.session.get(Practitioner, practitioner_id).name
        return names[practitioner_id]

    def group_name(group_id: int) -> str:
        if group_id not in group_names:
            group_names[group_id] = db.session.get(Group, group_id).name
        return group_names[group_id]

    rows = []
    for concern in items:
        form = outcome_form = None
        responding_as = None
        if concerns.may_respond(person, concern, group):
            form = (failed[1] if failed and failed[0] == concern.id
                    else ResponseForm(prefix=f"concern-{concern.id}-", formdata=None))
            responding_as = concerns.responding_groups(person, concern, group)[0].name
        if concern_course.may_record_outcome(person, concern, group):
            outcome_form = (failed_outcome[1] if failed_outcome and failed_outcome[0] == concern.id
                            else OutcomeForm(prefix=f"outcome-{concern.id}-", formdata=None))
        timeline = []
        for step in concern_course.timeline(concern):
            words = TIMELINE_WORDS[step.kind]
            if step.author_id:
                words += f" by {name_of(step.author_id)}"
                if step.group_id and step.group_id != group.id:
                    words += f" ({group_name(step.group_id)})"
            timeline.append({"at": step.at, "words": words})
        rows.append({
            "timeline": timeline, "outcome_form": outcome_form, "responding_as": responding_as,
            "outcome_by": name_of(concern.outcome_by_id) if concern.outcome_by_id else None,
            "outcome_group": (group_name(concern.outcome_group_id)
                              if concern.outcome_group_id and concern.outcome_group_id != group.id else None),
            "concern": concern,
            "about": (name_of(concern.about_practitioner_id) if concern.about_practitioner_id else None),
            "responses": [{"response": r, "author": name_of(r.author_id),
                           "group": group_name(r.group_id) if r.group_id != group.id else None}
                          for r in concern.responses],
            "form": form,
        })
    return private_page(render_template(
        "concerns/group.html", group=group, stay=stay, rows=rows, weeks=escalation_weeks(),
        is_member=bool(stay and stay.member_since))), status


@bp.post("/groups/<slug>/concerns/<int:concern_id>/responses")
@login_required
def respond(slug: str, concern_id: int):
    """A member records the group's response to one concern."""
    group = group_or_404(slug)
    concern = db.session.get(Concern, concern_id)
    if concern is None:
        # Said as "not yours", so that ids tell nothing about which concerns exist.
        raise NotAllowed("Only members of the group concerned can respond to this concern.")
    if not concerns.may_respond(me(), concern, group):
        raise NotAllowed("Only members of the group concerned can respond to this concern.")
    form = ResponseForm(prefix=f"concern-{concern.id}-")
    if form.validate_on_submit():
        try:
            perform(concerns.respond, me(), concern, form.text.data, group)
        except Invalid as error:
            show_errors(form, error)
        else:
            flash("Your response is recorded. The person who raised the concern can read it through "
                  "their private link; your name is not shown to them.", "success")
            return redirect(url_for("concerns.group_concerns", slug=group.slug, _anchor=f"concern-{concern.id}"))
    return render_group_concerns(group, (concern.id, form), 422)


@bp.post("/groups/<slug>/concerns/<int:concern_id>/outcome")
@login_required
def outcome(slug: str, concern_id: int):
    """A member of the group concerned records the outcome, which closes the concern."""
    group = group_or_404(slug)
    concern = db.session.get(Concern, concern_id)
    if concern is None or not concern_course.may_record_outcome(me(), concern, group):
        raise NotAllowed("Only members of the group concerned can record the outcome of this concern.")
    form = OutcomeForm(prefix=f"outcome-{concern.id}-")
    if form.validate_on_submit():
        try:
            perform(concern_course.record_outcome, me(), concern, group, form.text.data)
        except Invalid as error:
            show_errors(form, error)
        else:
            flash("The outcome is recorded and the concern is closed. The person who raised it is told.", "success")
            return redirect(url_for("concerns.group_concerns", slug=group.slug, _anchor=f"concern-{concern.id}"))
    return render_group_concerns(group, status=422, failed_outcome=(concern.id, form))
