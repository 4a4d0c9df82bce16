"""Checking a practitioner: find someone by name, and see plainly whether they are accredited
through the network today, or were on a given date, and through which group (SPEC R12)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, render_template, request

from ipn import clock
from ipn.extensions import db
from ipn.models import Practitioner
from ipn.services import facts, history, practice, public_registry
from ipn.services.errors import Invalid
from ipn.views.public import conditional
from ipn.views.templating import human_day

bp = Blueprint("check", __name__)


@bp.get("/check")
def check():
    """Search by name (and region); each result links to the person's page."""
    name = (request.args.get("name") or "").strip()[:120]
    region = (request.args.get("region") or "").strip()[:80]
    day = (request.args.get("on") or "").strip()[:10]

    def render():
        when, problem = parse_day(day)
        people = None
        if name:
            people = [(person, history.accreditation_on(person, when))
                      for person in public_registry.practitioners_named(name, region)]
        return render_template("public/check.html", name=name, region=region, on=day, people=people,
                               when=when, problem=problem, today=clock.today())
    return conditional(render)


def parse_day(text: str) -> tuple[dt.date | None, str | None]:
    """(day, problem): a calendar date, not in the future, or a sentence saying what is wrong."""
    if not text:
        return None, None
    try:
        day = clock.parse_day(text)
    except ValueError:
        return None, "That is not a date we can read. Please give it as year-month-day, for example 2024-03-15."
    try:
        history.check_date(day)
    except Invalid:
        return None, (f"{human_day(day)} is in the future: the registry can only say "
                      "what was true up to today. Choose today or an earlier date.")
    return day, None


@bp.get("/practitioners/<int:practitioner_id>")
def practitioner(practitioner_id: int):
    """A practitioner's public page: their groups now, and the accreditation answer for today
    and, with ?on=YYYY-MM-DD, for that date."""
    person = db.session.get(Practitioner, practitioner_id)
    if person is None:
        abort(404, description="There is no practitioner at this address.")
    on_text = (request.args.get("on") or "").strip()[:20]

    def render():
        day, problem = parse_day(on_text)
        today = history.accreditation_on(person)
        then = history.accreditation_on(person, day) if day and day != today.on else None
        reasons = {today.on: history.stays_on(person, today.on)}
        if then:
            reasons[then.on] = history.stays_on(person, then.on)
        return render_template(
            "public/practitioner.html", person=person, now=today, then=then, problem=problem,
            reasons=reasons,
            on=on_text, stays=facts.current_stays(person),
            past=public_registry.past_stays(person), today=clock.today(),
            pathways=practice.public_pathways(person),
        )
    return conditional(render)
