"""Concerns (SPEC R15) as pages: anyone raises one about a practitioner or a group; its raiser
follows it through a private link; the members of the group concerned read and respond (and,
once it is escalated, the members of its link groups read it).

Thin: what a concern is, whom it reaches and who may read or answer it live in
ipn.services.concerns. Nothing here is public: no page names the groups a concern reached to
the person who raised it, and no page shows the raiser's email address."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import login_required
from werkzeug.exceptions import TooManyRequests

from ipn.extensions import db
from ipn.forms import ButtonForm
from ipn.forms.concerns import ConcernForm, OutcomeForm, ResponseForm
from ipn.models import Concern, Group, Practitioner
from ipn.models.base import row_id_in_range
from ipn.services import concern_course, concerns, groups
from ipn.services.errors import Conflict, Invalid, NotAllowed, ServiceError
from ipn.states import ConcernState
from ipn.views.access import group_or_404, me
from ipn.views.actions import form_status, perform, refused, show_errors
from ipn.views.errors import error_response
from ipn.views.limits import CONCERN_MESSAGE, concern_limited
from ipn.views.urls import absolute_url

bp = Blueprint("concerns", __name__)
bp.register_error_handler(ServiceError, refused)

JUST_RAISED = "concern_just_raised"  # the session remembers, once, that this concern was just raised

# What the raiser reads about the state of their concern.
STATE_WORDS = {
    ConcernState.OPEN: "Received: waiting for the group's response",
    ConcernState.RESPONDED: "The group has responded",
    ConcernState.ESCALATED: "Taken further: passed on to the groups linked with the group concerned",
    ConcernState.CLOSED: "Closed",
}


def _private(response):
    """Pages about a concern are never kept by shared caches or the browser's history cache."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def _weeks() -> int:
    return concerns.escalate_after().days // 7


# --- Raising a concern (public) ------------------------------------------------------------

def _about() -> tuple[Practitioner | None, Group | None]:
    """Whom the concern is about, from ?practitioner=<id> or ?group=<slug>; (None, None) when
    neither is given; a 404 page when what is given names nobody."""
    person_id = (request.args.get("practitioner") or "").strip()
    slug = (request.args.get("group") or "").strip()
    if person_id and slug:
        abort(404, description="A concern is about one practitioner or one group: follow the link "
                               "from their page in the registry.")
    if person_id:
        person = None
        if person_id.isascii() and person_id.isdigit() and row_id_in_range(int(person_id)):
            person = db.session.get(Practitioner, int(person_id))
        if person is None:
            abort(404, description="There is no practitioner with that number in the registry.")
        return person, None
    if slug:
        if len(slug) > 200:
            abort(404, description="There is no group at this address.")
        return None, group_or_404(slug)
    return None, None


def _not_accountable(person, group, error: Conflict, status: int):
    return render_template("concerns/not_accountable.html", person=person, group=group,
                           message=error.message), status


@bp.route("/concerns/new", methods=["GET", "POST"])
@concern_limited
def new():
    """The form for raising a concern (R15), and sending it."""
    person, group = _about()
    if person is None and group is None:
        return render_template("concerns/choose.html")
    try:
        reached = concerns.groups_to_reach(person, group)  # before anyone writes: would it reach anyone?
    except Conflict as error:
        return _not_accountable(person, group, error, 409 if request.method == "POST" else 200)
    readers = _readers(person, reached)
    form = ConcernForm()
    if form.validate_on_submit():
        if form.website.data:
            # The hidden field only a bot fills in: refused quietly, nothing stored or sent.
            return _private(render_template("concerns/thanks.html"))
        try:
            concern, token = perform(concerns.raise_concern, person, group, form.name.data, form.email.data,
                                     form.text.data)
        except Conflict as error:
            return _not_accountable(person, group, error, 409)
        except Invalid as error:
            show_errors(form, error)
        else:
            session[JUST_RAISED] = concern.id
            return redirect(url_for("concerns.follow", token=token))
    return render_form(form, person, group, form_status(form), readers)


def _readers(person: Practitioner | None, reached: list[Group]) -> dict:
    """What the form says about who reads the concern: how many groups it reaches, and whether
    the practitioner it is about is a member (not joining) of one, and so reads it too."""
    reads = person is not None and any(
        (stay := groups.stay_of(g, person)) is not None and stay.member_since is not None for g in reached)
    return {"group_count": len(reached), "author_reads": reads}


def render_form(form: ConcernForm, person, group, status: int, readers: dict | None = None):
    if readers is None:
        try:
            readers = _readers(person, concerns.groups_to_reach(person, group))
        except Conflict:
            readers = {"group_count": 1, "author_reads": False}
    return _private(render_template("concerns/new.html", form=form, person=person, group=group,
                                    weeks=_weeks(), **readers)), status


@bp.errorhandler(TooManyRequests)
def too_many(error):
    """Over the limit: the form again, with what they wrote kept, and a plain word about waiting."""
    if request.endpoint != "concerns.new" or request.method != "POST":
        return error_response(429, error.description)
    try:
        person, group = _about()
    except Exception:  # noqa: BLE001 - an odd address: the plain error page
        return error_response(429, CONCERN_MESSAGE)
    if person is None and group is None:
        return error_response(429, CONCERN_MESSAGE)
    form = ConcernForm()
    form.form_errors.append(CONCERN_MESSAGE + " What you wrote is still here.")
    response, _ = render_form(form, person, group, 429)
    return response, 429


# --- Following a concern (its raiser, through the private link) ----------------------------

@bp.get("/concerns/follow/<token>")
def follow(token: str):
    """The raiser's view: the state, the dates, their words, the responses (no names, no groups)."""
    concern = concerns.concern_for_token(token)
    perform(concerns.escalate_due)
    just_raised = session.pop(JUST_RAISED, None) == concern.id
    # Whom it is about: the practitioner's name, or the group's; never the groups it reached.
    if concern.about_practitioner_id is not None:
        about_name = db.session.get(Practitioner, concern.about_practitioner_id).name
    else:
        about_name = db.session.get(Group, concern.about_group_id).name
    due = concern.raised_at + concerns.escalate_after()
    # What the raiser is offered is the service's answer, the same as the API's (R15).
    return _private(render_template(
        "concerns/follow.html", concern=concern, token=token, just_raised=just_raised,
        about_name=about_name, about_group=concern.about_group_id is not None,
        timeline=concern_course.timeline(concern), **concern_course.offers(concern), due=due,
        state_words=STATE_WORDS.get(concern.state, concern.state), weeks=_weeks(), form=ButtonForm(),
        follow_url=absolute_url("concerns.follow", token=token)))


@bp.post("/concerns/follow/<token>/unresolved")
def unresolved(token: str):
    """"This is not resolved": the concern is escalated to the link groups (R15)."""
    concern = concerns.concern_for_token(token)
    ButtonForm().validate_on_submit()  # the CSRF token is checked for every POST by CSRFProtect
    try:
        perform(concerns.mark_unresolved, concern)
    except Conflict as error:
        flash(error.message, "info")
    else:
        flash("Thank you for telling us. Your concern has been passed on to the groups that know the "
              "group concerned best, and they can now read it.", "success")
    return redirect(url_for("concerns.follow", token=token))


@bp.post("/concerns/follow/<token>/resolved")
def resolved(token: str):
    """"This is resolved": the group concerned is told, and records the outcome."""
    concern = concerns.concern_for_token(token)
    try:
        perform(concern_course.say_resolved, concern)
    except Conflict as error:
        flash(error.message, "info")
    else:
        flash("Thank you for telling us. The group concerned will record the outcome, and you can read "
              "it here.", "success")
    return redirect(url_for("concerns.follow", token=token))


# --- The group's concerns (its members; link groups' members once escalated) --------------

@bp.app_template_global("concerns_awaiting")
def concerns_awaiting(group: Group) -> int:
    """For the Concerns tab: how many concerns await the group's first response."""
    return concerns.awaiting_response(group)


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
    return _private(render_template(
        "concerns/group.html", group=group, stay=stay, rows=rows, weeks=_weeks(),
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
