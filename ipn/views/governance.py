"""The network governs its own rules (SPEC R16): Gatherings (announced, attended), proposals
and the positions taken on them, the rules in force with their history, and NetCom. Public
pages for all of it; participants announce, attend, present and record positions here."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ipn import clock, markdown
from ipn import governance_rules as gov
from ipn.extensions import db
from ipn.forms import ButtonForm
from ipn.forms.governance import GatheringForm, PositionForm, proposal_form
from ipn.models import Gathering, Proposal
from ipn.services import gatherings, netcom, proposals, rulebook
from ipn.services.errors import NotAllowed, ServiceError
from ipn.views.access import me, row_or_404
from ipn.views.actions import (
    attempt,
    button_pressed,
    form_status,
    perform,
    refused,
)
from ipn.views.templating import human_day

bp = Blueprint("governance", __name__)
bp.register_error_handler(ServiceError, refused)


def viewer():
    return me() if current_user.is_authenticated else None


# --- Gatherings --------------------------------------------------------------------------------


@bp.get("/gatherings/<int:gathering_id>")
def gathering(gathering_id: int):
    """A Gathering: where and when, who came, which groups were represented, whether it was
    quorate, the proposals before it and its NetCom issue."""
    row = row_or_404(Gathering, gathering_id, "There is no such Gathering.")
    person = viewer()
    agenda = [(p, proposals.state(p)) for p in proposals.considered_proposals(row)]
    return render_template(
        "governance/gathering.html", gathering=row, quorum=gatherings.quorum(row),
        attended=gatherings.attendees(row), will_attend=gatherings.attendees(row, came=False),
        represented=gatherings.represented(row), agenda=agenda, issue=netcom.issue_of(row),
        mine=gatherings.attendance_of(row, person), is_past=row.date <= clock.today(),
        fraction=gatherings.quorum_fraction(row),
        button=ButtonForm(formdata=None))


@bp.route("/gatherings/new", methods=["GET", "POST"])
@login_required
def announce():
    """Any participant announces a Gathering."""
    form = GatheringForm()
    if form.validate_on_submit():
        announced = attempt(form, gatherings.announce, me(), form.date.data, form.place.data,
                            form.description.data or "")
        if announced.done:
            row = announced.result
            flash(f"The Gathering of {human_day(row.date)} is announced.", "success")
            return redirect(url_for("governance.gathering", gathering_id=row.id))
    return render_template("governance/announce.html", form=form), form_status(form)


@bp.post("/gatherings/<int:gathering_id>/attendance")
@login_required
def attend(gathering_id: int):
    """Say you will attend (before the day) or that you attended (on or after it)."""
    row = row_or_404(Gathering, gathering_id, "There is no such Gathering.")
    button_pressed()
    attendance = perform(gatherings.attend, me(), row)
    flash("You attended this Gathering: you can record your positions on its proposals." if attendance.attended
          else "You will attend this Gathering. On the day, say that you attended.", "success")
    return redirect(url_for("governance.gathering", gathering_id=row.id))


# --- Proposals ---------------------------------------------------------------------------------


@bp.get("/proposals")
def proposal_list():
    """Every proposal with its state."""
    return render_template("governance/proposals.html", items=proposals.every_proposal())


@bp.route("/gatherings/<int:gathering_id>/proposals/new", methods=["GET", "POST"])
@login_required
def present(gathering_id: int):
    """Record a proposal to change rules and present it at this Gathering."""
    row = row_or_404(Gathering, gathering_id, "There is no such Gathering.")
    current = rulebook.settings_on(max(row.date, clock.today()))
    form = proposal_form(current)
    if form.validate_on_submit():
        recorded = attempt(form, proposals.record, me(), form.title.data, form.text.data, form.changes(), row,
                           form.immediate.data)
        if recorded.done:
            flash("Your proposal is recorded and presented at this Gathering.", "success")
            return redirect(url_for("governance.proposal", proposal_id=recorded.result.id))
    return render_template("governance/present.html", gathering=row, form=form, current=current), \
        form_status(form)


def _proposal_page(row: Proposal, form: PositionForm | None = None, chosen: int | None = None):
    considered = proposals.at_gatherings(row)
    state = proposals.state(row, considered)
    person = viewer()
    # Gatherings where the viewer attended and may record a position.
    open_gatherings = proposals.gatherings_open_to(person, row) if state.state != gov.IN_FORCE else []
    forms = {}
    for g in open_gatherings:
        mine = next((p for c in considered if c.gathering.id == g.id for p in c.positions
                     if p.practitioner_id == person.id), None)
        if form is not None and chosen == g.id:
            forms[g.id] = (form, mine)
        else:
            forms[g.id] = (PositionForm(formdata=None, prefix=f"g{g.id}",
                                        data={"position": mine.position, "reason": mine.reason} if mine else None),
                           mine)
    version = rulebook.version_on(state.effective_from) if state.state == gov.IN_FORCE else None
    return render_template("governance/proposal.html", proposal=row, considered=considered, state=state,
                           open_gatherings=open_gatherings, forms=forms, version=version,
                           html=markdown.render(row.text),
                           has_errors=bool(form and (form.errors or form.form_errors))), \
        form_status(form) if form else 200


@bp.get("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    """A proposal: its text and changes, its state, and every position at every Gathering."""
    return _proposal_page(row_or_404(Proposal, proposal_id, "There is no such proposal."))


@bp.post("/proposals/<int:proposal_id>/gatherings/<int:gathering_id>/position")
@login_required
def record_position(proposal_id: int, gathering_id: int):
    """Record your position on the proposal at a Gathering you attended."""
    row = row_or_404(Proposal, proposal_id, "There is no such proposal.")
    where = row_or_404(Gathering, gathering_id, "There is no such Gathering.")
    form = PositionForm(prefix=f"g{where.id}")
    if form.validate_on_submit():
        if attempt(form, proposals.record_position, me(), row, where, form.position.data,
                   form.reason.data or "").done:
            state = proposals.state(row)
            words = {gov.IN_FORCE: " The proposal is ratified and in force: the registry has applied it.",
                     gov.CONSENSUS: " The proposal has consensus here.",
                     gov.BLOCKED: " The proposal is blocked."}.get(state.state, "")
            flash("Your position is recorded." + words, "success")
            return redirect(url_for("governance.proposal", proposal_id=row.id))
    elif not gatherings.attended(where, me()):
        raise NotAllowed("Only those who attended a Gathering record positions there.")
    return _proposal_page(row, form, where.id)


# --- The rules ---------------------------------------------------------------------------------


@bp.get("/rules")
def rules_page():
    """The rules in force today, and every change with its cause."""
    versions = rulebook.history_with_changes()
    by_id = {v.proposal_id: db.session.get(Proposal, v.proposal_id) for v, _ in versions if v.proposal_id}
    return render_template("governance/rules.html", today=rulebook.version_on(), versions=versions,
                           proposals=by_id, pending=proposals.awaiting_decision())


from ipn.views import netcom as netcom_pages  # noqa: E402,F401  (NetCom's pages register on bp)
