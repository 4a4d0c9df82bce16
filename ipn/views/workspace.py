"""A group's workspace, for the people in it: who is in the group, who stands by whom,
invitations, the open switch, leaving and dissolving; and founding a group (SPEC R2-R6, R13, R17).

Views stay thin: check who is asking, call one service through `perform`, redirect. The
refusals services raise become pages or messages in `refused`, and every page asks for a login
first: ipn.views.actions.practitioners_blueprint, shared with meetings, links, statement and
practice."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ipn.forms import ButtonForm
from ipn.forms.groups import (
    FindPeopleForm,
    FoundGroupForm,
    InviteByEmailForm,
    InvitePersonForm,
    OpenForm,
    WithdrawForm,
)
from ipn.models import Group, Invitation, Practitioner
from ipn.services import (
    accounts,
    facts,
    groups,
    invitations,
    link_views,
    stand_bys,
    steps,
)
from ipn.services.errors import NotAllowed, ServiceError
from ipn.services.matrix import stand_by_matrix
from ipn.services.needs import joining_step
from ipn.views.access import back, group_or_404, me, person_in, row_or_404
from ipn.views.actions import (
    attempt,
    button_pressed,
    form_status,
    perform,
    practitioners_blueprint,
    show_errors,
)
from ipn.views.limits import invite_limited

bp = practitioners_blueprint("workspace", __name__)


# --- Founding ------------------------------------------------------------------------------

@bp.route("/groups/new", methods=["GET", "POST"])
def found():
    """Found a group (R2): the founder is its first member."""
    form = FoundGroupForm()
    if form.validate_on_submit():
        try:
            group = perform(groups.found_group, me(), form.name.data, form.region.data or "")
        except ServiceError as error:
            if isinstance(error, NotAllowed):
                raise
            show_errors(form, error)
        else:
            flash(f"You founded {group.name}. Next: invite the people you will stand by.", "success")
            return redirect(url_for("workspace.workspace", slug=group.slug))
    return render_template("workspace/found.html", form=form), form_status(form)


# --- The workspace -------------------------------------------------------------------------

@bp.get("/groups/<slug>/workspace")
def workspace(slug: str):
    """The group's people, its criteria with the button that fixes what this person can fix,
    the stand-by matrix, invitations, and the rest of the group's housekeeping."""
    group = group_or_404(slug)
    return render_workspace(group)


def render_workspace(group: Group, invite_form: InviteByEmailForm | None = None):
    stay = person_in(group)
    person = me()
    find_form = FindPeopleForm(request.args)
    found = []
    if find_form.find.data and find_form.validate():
        found = invitations.people_to_invite(group, find_form.find.data)
    assessment = facts.assess(group)
    matrix = stand_by_matrix(group, show_reasons=stay.member_since is not None)
    agreed = groups.dissolution_agreed_ids(group)
    return render_template(
        "workspace/workspace.html",
        group=group,
        stay=stay,
        is_member=stay.member_since is not None,
        assessment=assessment,
        actions=steps.criterion_steps(group, assessment, person, stay),
        matrix=matrix,
        to_stand_by=stand_bys.stand_bys_to_give(stay),
        joining=joining_step(stay) if stay.member_since is None else None,
        invitations=invitations.pending_invitations(group),
        invite_form=invite_form or InviteByEmailForm(formdata=None),
        find_form=find_form,
        searched=bool(find_form.find.data),
        found=found,
        agreed=agreed,
        members=[m for m in matrix.people if m.member_since is not None],
        action_form=ButtonForm(formdata=None),
        open_form=OpenForm(formdata=None),
        max_members=facts.settings().max_members,
    ), form_status(invite_form)


# --- Standing by ---------------------------------------------------------------------------

def _person_or_404(person_id: int) -> Practitioner:
    return row_or_404(Practitioner, person_id, "There is no such practitioner.")


@bp.post("/groups/<slug>/workspace/stand-by/<int:person_id>")
def stand_by(slug: str, person_id: int):
    """One click: I stand by this person (R4)."""
    group = group_or_404(slug)
    person_in(group)
    button_pressed()
    receiver = _person_or_404(person_id)
    perform(stand_bys.stand_by, me(), group, receiver)
    flash(f"You now stand by {receiver.name} in {group.name}.", "success")
    return redirect(back())


@bp.route("/groups/<slug>/workspace/withdraw/<int:person_id>", methods=["GET", "POST"])
def withdraw(slug: str, person_id: int):
    """Withdraw a stand-by, with a reason the group's people can read (R4, R6)."""
    group = group_or_404(slug)
    person_in(group)
    receiver = _person_or_404(person_id)
    if groups.stay_of(group, receiver) is None:
        abort(404, description=f"{receiver.name} is not in {group.name}.")
    form = WithdrawForm()
    if form.validate_on_submit():
        if attempt(form, stand_bys.withdraw_stand_by, me(), group, receiver, form.reason.data).done:
            flash(f"You have withdrawn your stand-by of {receiver.name}. Everyone in {group.name} has been "
                  "told. You can stand by them again here when you are ready.", "info")
            return redirect(url_for("workspace.workspace", slug=group.slug) + "#matrix")
    return render_template("workspace/withdraw.html", group=group, receiver=receiver, form=form), form_status(form)


# --- Inviting ------------------------------------------------------------------------------

@bp.post("/groups/<slug>/workspace/invite")
@invite_limited
def invite(slug: str):
    """Invite a registered practitioner by the email address they registered with (R3)."""
    group = group_or_404(slug)
    person_in(group)
    groups.require_member(group, me())  # before any lookup: no one else may probe addresses
    form = InviteByEmailForm()
    if form.validate_on_submit():
        invitee = accounts.practitioner_with_email(form.email.data)
        if invitee is None:
            form.email.errors = ["No one has registered with that address. Ask them to register first "
                                 "(it takes a minute), then invite them."]
        elif attempt(form, invitations.invite, me(), group, invitee).done:
            flash(f"{invitee.name} is invited. They will find the invitation on their “What needs me” page.",
                  "success")
            return redirect(url_for("workspace.workspace", slug=group.slug) + "#invite")
    return render_workspace(group, invite_form=form)


@bp.post("/groups/<slug>/workspace/invite-person")
@invite_limited
def invite_person(slug: str):
    """Invite someone found by searching names."""
    group = group_or_404(slug)
    person_in(group)
    form = InvitePersonForm()
    if not form.validate_on_submit():
        flash("Choose someone from the search results to invite.", "error")
        return redirect(back())
    invitee = _person_or_404(form.practitioner_id.data)
    perform(invitations.invite, me(), group, invitee)
    flash(f"{invitee.name} is invited. They will find the invitation on their “What needs me” page.", "success")
    return redirect(url_for("workspace.workspace", slug=group.slug) + "#invite")


def _invitation_or_404(invitation_id: int) -> Invitation:
    invitation = row_or_404(Invitation, invitation_id, "There is no such invitation for you.")
    if invitation.practitioner_id != me().id:
        abort(404, description="There is no such invitation for you.")
    return invitation


@bp.post("/invitations/<int:invitation_id>/accept")
def accept(invitation_id: int):
    """Accept an invitation: one joins the group as a joining member (R3, R5)."""
    invitation = _invitation_or_404(invitation_id)
    button_pressed()
    group = invitation.group
    perform(invitations.accept_invitation, me(), invitation)
    flash(f"You have joined {group.name}. You are joining until you and its members stand by each other: "
          "start with the “Stand by” buttons below.", "success")
    return redirect(url_for("workspace.workspace", slug=group.slug))


@bp.post("/invitations/<int:invitation_id>/decline")
def decline(invitation_id: int):
    invitation = _invitation_or_404(invitation_id)
    button_pressed()
    group = invitation.group
    perform(invitations.decline_invitation, me(), invitation)
    flash(f"You have declined the invitation to {group.name}.", "info")
    return redirect(back("/me"))


# --- Open to new members, leaving, dissolving ----------------------------------------------

@bp.post("/groups/<slug>/workspace/open")
def set_open(slug: str):
    """Say whether the group is open to new members (R17); listed publicly at /open."""
    group = group_or_404(slug)
    person_in(group)
    form = OpenForm()
    if not form.validate_on_submit() or form.open.data not in ("yes", "no"):
        abort(400)
    perform(groups.set_open, me(), group, form.open.data == "yes")
    flash(f"{group.name} is now listed as open to new members." if form.open.data == "yes"
          else f"{group.name} is no longer listed as open to new members.", "success")
    return redirect(url_for("workspace.workspace", slug=group.slug) + "#open")


@bp.route("/groups/<slug>/workspace/leave", methods=["GET", "POST"])
def leave(slug: str):
    """Leave the group, after a confirmation (R13). The history of who belonged when stays."""
    group = group_or_404(slug)
    stay = person_in(group)
    form = ButtonForm()
    if form.validate_on_submit():
        name = group.name
        perform(groups.leave, me(), group)
        flash(f"You have left {name}.", "info")
        return redirect(url_for("me.needs"))
    people = len(facts.current_memberships(group.id))
    return render_template("workspace/leave.html", group=group, stay=stay, form=form, last=people == 1,
                           status=group.status)


@bp.route("/groups/<slug>/workspace/dissolve", methods=["GET", "POST"])
def dissolve(slug: str):
    """Agree to dissolve, after a confirmation; the group dissolves when every member has (R13)."""
    group = group_or_404(slug)
    stay = person_in(group)
    form = ButtonForm()
    if form.validate_on_submit():
        name = group.name
        if perform(groups.agree_to_dissolve, me(), group):
            flash(f"Every member has agreed: {name} has dissolved. Its history stays public.", "info")
            return redirect(url_for("me.needs"))
        flash(f"Your agreement to dissolve {name} is recorded. It dissolves when every member has agreed.", "info")
        return redirect(url_for("workspace.workspace", slug=group.slug) + "#dissolve")
    members = [m for m in facts.current_memberships(group.id) if m.member_since is not None]
    return render_template("workspace/dissolve.html", group=group, stay=stay, form=form, members=members,
                           agreed=groups.dissolution_agreed_ids(group),
                           at_risk=link_views.losing_full_membership_if_dissolved(group))
