"""A group's meetings, for the people in it (SPEC R18): the record of each meeting, running a
round from a phone, the group's own formats, and the choice to show its rhythm publicly. A link
group's members reach a meeting only to record their visit, and read it once it records them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from ipn import clock, formats
from ipn.extensions import db
from ipn.forms import ButtonForm
from ipn.forms.meetings import (
    CONFIDENTIAL,
    CopyFormatForm,
    FormatForm,
    MeetingForm,
    MeetingVisitForm,
    RhythmForm,
    RoundForm,
    StartRoundForm,
)
from ipn.models import Group, Meeting, Practitioner
from ipn.services import facts, meetings
from ipn.services.errors import NotAllowed
from ipn.services.groups import stay_of
from ipn.views.access import group_or_404, me, person_in, row_or_404
from ipn.views.actions import (
    attempt,
    button_pressed,
    form_status,
    perform,
    practitioners_blueprint,
)

bp = practitioners_blueprint("meetings", __name__)


def _people(group: Group) -> list[Practitioner]:
    return sorted((m.practitioner for m in facts.current_memberships(group.id)), key=lambda p: p.name.casefold())


def _meeting(group: Group, meeting_id: int) -> Meeting:
    return meetings.meeting_of(group, meeting_id)


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    return url_for("meetings.meeting", slug=meeting.group.slug, meeting_id=meeting.id) + (f"#{anchor}" if anchor else "")


@bp.get("/groups/<slug>/meetings")
def page(slug: str):
    """The group's meetings, newest first, with the next one and the public rhythm switch."""
    group = group_or_404(slug)
    stay = person_in(group)
    today = clock.today()
    return render_template(
        "meetings/meetings.html", group=group, stay=stay, meetings=meetings.meetings_of(group),
        need=meetings.meeting_need(group, today), rhythm=meetings.rhythm_of(group, today),
        rhythm_form=RhythmForm(formdata=None), today=today)


def _fill_choices(form: MeetingForm, group: Group, meeting: Meeting | None = None) -> None:
    people = _people(group)
    if meeting is not None:  # someone who came and has since left stays on the record
        people += [p for p in meeting.attendees if p.id not in {q.id for q in people}]
    form.attended.choices = [SelectChoice(p.id, p.name) for p in people]
    partners = meetings.link_partners(group)
    if meeting is not None and meeting.visiting_group is not None and meeting.visiting_group not in partners:
        partners.append(meeting.visiting_group)
    form.visiting.choices = [SelectChoice("", "No link group came")] + [SelectChoice(g.slug, g.name) for g in partners]


def _save(form: MeetingForm, group: Group, meeting: Meeting | None):
    by_id = {p.id: p for p in _people(group)}
    if meeting is not None:
        by_id.update({p.id: p for p in meeting.attendees})
    visiting = None
    if form.visiting.data:
        visiting = next((g for g in meetings.link_partners(group) if g.slug == form.visiting.data), None)
        if visiting is None and meeting is not None and meeting.visiting_group is not None \
                and meeting.visiting_group.slug == form.visiting.data:
            visiting = meeting.visiting_group
        if visiting is None:
            form.visiting.errors = [f"Choose a group with an active link to {group.name}."]
            return None
    return attempt(form, meetings.save_meeting, me(), group, form.date.data, form.online.data == "yes",
                   [by_id.get(pid) for pid in form.attended.data], form.agenda.data, form.notes.data,
                   form.next_date.data, visiting, meeting)


@bp.route("/groups/<slug>/meetings/new", methods=["GET", "POST"])
def new(slug: str):
    """Record a meeting: when, where, who came, agenda and notes, the next date."""
    group = group_or_404(slug)
    person_in(group)
    form = MeetingForm()
    _fill_choices(form, group)
    if request.method == "GET":
        try:
            form.date.data = clock.parse_day(request.args.get("date", ""))
        except ValueError:
            form.date.data = clock.today()
        form.attended.data = [me().id]
    elif form.validate_on_submit():
        done = _save(form, group, None)
        if done is not None and done.done:
            flash(f"The meeting of {done.result.date:%-d %B %Y} is recorded. You can run a round from it.", "success")
            return redirect(meeting_url(done.result))
    return render_template("meetings/edit.html", group=group, form=form, meeting=None, today=clock.today(),
                           confidential=CONFIDENTIAL), form_status(form)


@bp.route("/groups/<slug>/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(slug: str, meeting_id: int):
    """Correct a meeting's record."""
    group = group_or_404(slug)
    person_in(group)
    meeting = _meeting(group, meeting_id)
    form = MeetingForm(obj=None)
    _fill_choices(form, group, meeting)
    if request.method == "GET":
        form.date.data, form.online.data = meeting.date, "yes" if meeting.online else "no"
        form.attended.data = [p.id for p in meeting.attendees]
        form.agenda.data, form.notes.data, form.next_date.data = meeting.agenda, meeting.notes, meeting.next_date
        form.visiting.data = meeting.visiting_group.slug if meeting.visiting_group else ""
    elif form.validate_on_submit():
        done = _save(form, group, meeting)
        if done is not None and done.done:
            flash("The meeting's record is corrected.", "success")
            return redirect(meeting_url(meeting))
    return render_template("meetings/edit.html", group=group, form=form, meeting=meeting, today=clock.today(),
                           confidential=CONFIDENTIAL), form_status(form)


@bp.get("/groups/<slug>/meetings/<int:meeting_id>")
def meeting(slug: str, meeting_id: int):
    """One meeting: who came, agenda, notes, rounds, and starting a round."""
    group = group_or_404(slug)
    found = _meeting(group, meeting_id)
    meetings.require_can_see(found, me())
    in_group = stay_of(group, me()) is not None
    start = StartRoundForm(formdata=None)
    start.format.choices = [SelectChoice(f.slug, f.name) for f in meetings.formats_for(group)]
    start.presenter.choices = [SelectChoice("", "Nobody (an ordinary meeting)")] + [
        SelectChoice(str(p.id), p.name) for p in found.attendees]
    return render_template("meetings/meeting.html", group=group, meeting=found, in_group=in_group, start=start)


@bp.get("/groups/<slug>/meetings/<int:meeting_id>/run")
def run(slug: str, meeting_id: int):
    """Run a round: the phases one at a time with a timer (static script); without script, a
    printable list of the phases with their minutes. Ends by recording the round."""
    group = group_or_404(slug)
    person_in(group)
    found = _meeting(group, meeting_id)
    start = StartRoundForm(request.args)
    fmt = meetings.format_for(group, start.format.data)
    if fmt is None:
        flash("Choose one of the group's formats to run a round.", "error")
        return redirect(meeting_url(found, "start"))
    presenter = next((p for p in found.attendees if str(p.id) == (start.presenter.data or "")), None)
    if fmt.presenter and presenter is None:
        flash(f"Choose who presents in this round of {fmt.name}, from those who came.", "error")
        return redirect(meeting_url(found, "start"))
    if not fmt.presenter:
        presenter = None
    form = RoundForm(formdata=None)
    form.format.data = fmt.slug
    form.presenter.data = str(presenter.id) if presenter else ""
    return render_template("meetings/run.html", group=group, meeting=found, fmt=fmt, presenter=presenter, form=form)


@bp.post("/groups/<slug>/meetings/<int:meeting_id>/rounds")
def record_round(slug: str, meeting_id: int):
    """The round ends: record its format, presenter and the phases that ran on the meeting."""
    group = group_or_404(slug)
    person_in(group)
    found = _meeting(group, meeting_id)
    form = RoundForm()
    if not form.validate_on_submit():
        flash("Tick the phases that ran to record the round.", "error")
        return redirect(meeting_url(found, "rounds"))
    fmt = meetings.format_for(group, form.format.data)
    presenter = row_or_404(Practitioner, int(form.presenter.data), "There is no such practitioner.") \
        if form.presenter.data else None
    perform(meetings.record_round, me(), found, fmt, presenter, form.phases.data)
    who = f": a case brought by {presenter.name}" if presenter else ""
    flash(f"The round of {fmt.name}{who} is recorded on this meeting.", "success")
    return redirect(meeting_url(found, "rounds"))


@bp.route("/groups/<slug>/meetings/<int:meeting_id>/visit", methods=["GET", "POST"])
def visit(slug: str, meeting_id: int):
    """A member of the link group that joined the meeting records the visit and its outcome
    (R10): dated the meeting's day; the visit service decides as for any visit."""
    group = group_or_404(slug)
    found = _meeting(group, meeting_id)
    visiting = found.visiting_group
    person = me()
    if visiting is None or stay_of(visiting, person) is None:
        raise NotAllowed(f"Meeting records are private to {group.name}.")
    if found.visit_id is not None:
        flash("This visit is already recorded.", "info")
        return redirect(meeting_url(found))
    members = [m.practitioner for m in facts.current_memberships(visiting.id) if m.member_since is not None]
    form = MeetingVisitForm()
    form.visitors.choices = [SelectChoice(p.id, p.name) for p in members]
    if request.method == "GET":
        form.visitors.data = [person.id]
    elif form.validate_on_submit():
        chosen = [db.session.get(Practitioner, pid) for pid in form.visitors.data]
        if attempt(form, meetings.record_visit_from_meeting, person, found, form.outcome.data, chosen,
                   form.note.data or "").done:
            flash(f"Your visit to {group.name} on {found.date:%-d %B %Y} is recorded. Everyone in {group.name} "
                  "has been told.", "success")
            return redirect(url_for("links.page", slug=visiting.slug))
    return render_template("meetings/visit.html", group=group, meeting=found, visiting=visiting, form=form,
                           confidential=CONFIDENTIAL), form_status(form)


@bp.post("/groups/<slug>/meetings/rhythm")
def rhythm(slug: str):
    """Show or stop showing, on the public page, how often the group meets."""
    group = group_or_404(slug)
    person_in(group)
    form = RhythmForm()
    if not form.validate_on_submit() or form.show.data not in ("yes", "no"):
        abort(400)
    perform(meetings.set_shows_rhythm, me(), group, form.show.data == "yes")
    flash(f"{group.name}’s public page now shows how often it meets." if form.show.data == "yes"
          else f"{group.name}’s public page no longer shows how often it meets.", "success")
    return redirect(url_for("meetings.page", slug=group.slug) + "#rhythm")


# --- Formats ---------------------------------------------------------------------------------

@bp.get("/groups/<slug>/formats")
def formats_page(slug: str):
    """The formats the group can run: its own copies, and the shipped ones to copy."""
    group = group_or_404(slug)
    person_in(group)
    return render_template("meetings/formats.html", group=group, own=meetings.formats_for(group)[:-len(formats.shipped())],
                           shipped=formats.shipped(), copy_form=CopyFormatForm(formdata=None),
                           action_form=ButtonForm(formdata=None))


@bp.post("/groups/<slug>/formats/copy")
def copy_format(slug: str):
    group = group_or_404(slug)
    person_in(group)
    form = CopyFormatForm()
    if not form.validate_on_submit():
        abort(400)
    row = perform(meetings.copy_format, me(), group, form.format.data)
    flash(f"{group.name} has its own copy, “{row.name}”: change what you like.", "success")
    return redirect(url_for("meetings.edit_format", slug=group.slug, format_slug=row.slug))


@bp.route("/groups/<slug>/formats/<format_slug>", methods=["GET", "POST"])
def edit_format(slug: str, format_slug: str):
    """Change the group's own copy of a format: its name, purpose, ground rules and phases."""
    group = group_or_404(slug)
    person_in(group)
    row = meetings.own_format(group, format_slug)
    form = FormatForm()
    if request.method == "GET":
        own = meetings.format_for(group, row.slug)
        form.name.data, form.purpose.data = row.name, row.purpose
        form.ground_rules.data = "\n".join(row.ground_rules)
        form.phases.data = meetings.phases_text(own)
    elif form.validate_on_submit():
        if attempt(form, meetings.update_format, me(), group, row, form.name.data, form.purpose.data,
                   form.ground_rules.data, form.phases.data).done:
            flash(f"“{row.name}” is saved.", "success")
            return redirect(url_for("meetings.formats_page", slug=group.slug) + f"#format-{row.slug}")
    return render_template("meetings/format_edit.html", group=group, row=row, form=form,
                           action_form=ButtonForm(formdata=None)), form_status(form)


@bp.post("/groups/<slug>/formats/<format_slug>/remove")
def remove_format(slug: str, format_slug: str):
    group = group_or_404(slug)
    person_in(group)
    row = meetings.own_format(group, format_slug)
    button_pressed()
    name = row.name
    perform(meetings.remove_format, me(), group, row)
    flash(f"“{name}” is removed. Rounds already recorded keep its name.", "success")
    return redirect(url_for("meetings.formats_page", slug=group.slug))
