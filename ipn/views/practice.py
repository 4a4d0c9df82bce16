"""One's practice records and pathways (SPEC R19): record practice and name who attests it,
answer the records others ask one to attest, and follow each pathway requirement by
requirement; show a completed pathway publicly if one chooses."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from ipn import clock
from ipn.extensions import db
from ipn.forms import ButtonForm
from ipn.forms.practice import FindAttesterForm, RecordForm
from ipn.models import PracticeRecord, Practitioner
from ipn.services import practice, public_registry
from ipn.services.account_deletion import is_former
from ipn.services.errors import NotFound
from ipn.views.access import me, row_or_404
from ipn.views.actions import (
    attempt,
    button_pressed,
    form_status,
    perform,
    practitioners_blueprint,
)

bp = practitioners_blueprint("practice", __name__)


@bp.get("/practice")
def page():
    """Pathways first (what a practitioner comes to check), then records and attestations."""
    person = me()
    return render_template(
        "practice/page.html", person=person, progress=practice.progress(person),
        shown=practice.shown_slugs(person), records=practice.mine(person),
        to_attest=practice.to_attest(person), describe=practice.describe, action_form=ButtonForm())


def _attesters(find: str) -> list[Practitioner]:
    found = public_registry.practitioners_named(find, limit=20) if find.strip() else []
    return [p for p in found if p.id != me().id and not is_former(p)]


@bp.route("/practice/new", methods=["GET", "POST"])
def new():
    """Find the attester by name, then say what the practice was."""
    find_form = FindAttesterForm(request.args)
    form = RecordForm()
    find = (form.find.data if request.method == "POST" else request.args.get("find", "")) or ""
    find = find.strip()[:80]
    form.find.data = find
    people = _attesters(find)
    form.attester.choices = [SelectChoice(p.id, p.name + (f" ({p.region})" if p.region else "")) for p in people]
    in_force = practice.in_force()
    form.pathway.choices = [SelectChoice("", "Not this kind"),
                            *(SelectChoice(slug, p.name) for slug, p in in_force.items())]
    if form.validate_on_submit():
        attester = db.session.get(Practitioner, form.attester.data)
        done = attempt(form, practice.record, me(), form.kind.data, form.started.data, form.ended.data, attester,
                       hours=form.hours.data, sessions=form.sessions.data, note=form.note.data,
                       pathway=form.pathway.data or None)
        if done.done:
            flash(f"Recorded. {attester.name} is asked to attest it; it counts once they do.", "success")
            return redirect(url_for("practice.page"))
    searched = bool(find) and (request.method == "POST" or find_form.validate())
    return render_template("practice/new.html", form=form, find_form=find_form, searched=searched,
                           people=people, today=clock.today()), form_status(form)


def _record(record_id: int) -> PracticeRecord:
    row = row_or_404(PracticeRecord, record_id, "There is no such practice record.")
    if not practice.readable_by(row, me()):
        raise NotFound("There is no such practice record.")
    return row


@bp.post("/practice/<int:record_id>/attest")
def attest(record_id: int):
    button_pressed()
    row = _record(record_id)
    confirmed = request.form.get("answer") == "confirm"
    perform(practice.attest, me(), row, confirmed)
    flash("Attested: it counts from today." if confirmed else "Declined: it will not count.", "success")
    return redirect(url_for("practice.page") + "#attest")


@bp.post("/practice/<int:record_id>/withdraw")
def withdraw(record_id: int):
    button_pressed()
    perform(practice.withdraw, me(), _record(record_id))
    flash("Your attestation is withdrawn: the record no longer counts from today.", "success")
    return redirect(url_for("practice.page") + "#attest")


@bp.post("/practice/<int:record_id>/remove")
def remove(record_id: int):
    button_pressed()
    perform(practice.remove, me(), _record(record_id))
    flash("The record is removed.", "success")
    return redirect(url_for("practice.page") + "#records")


@bp.post("/practice/pathways/<slug>/shown")
def shown(slug: str):
    button_pressed()
    show = request.form.get("show") == "yes"
    perform(practice.set_shown, me(), slug, show)
    flash("Shown on your public page." if show else "No longer shown on your public page.", "success")
    return redirect(url_for("practice.page") + f"#pathway-{slug}")
