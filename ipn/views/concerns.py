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
from werkzeug.exceptions import TooManyRequests

from ipn.extensions import db
from ipn.forms import ButtonForm
from ipn.forms.concerns import ConcernForm
from ipn.models import Group, Practitioner
from ipn.models.base import row_id_in_range
from ipn.services import concern_course, concerns, groups
from ipn.services.errors import Conflict, Invalid, ServiceError
from ipn.states import ConcernState
from ipn.views.access import group_or_404
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


def private_page(response):
    """Pages about a concern are never kept by shared caches or the browser's history cache."""
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    return response


def escalation_weeks() -> int:
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
            return private_page(render_template("concerns/thanks.html"))
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
    return private_page(render_template("concerns/new.html", form=form, person=person, group=group,
                                    weeks=escalation_weeks(), **readers)), status


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
    return private_page(render_template(
        "concerns/follow.html", concern=concern, token=token, just_raised=just_raised,
        about_name=about_name, about_group=concern.about_group_id is not None,
        timeline=concern_course.timeline(concern), **concern_course.offers(concern), due=due,
        state_words=STATE_WORDS.get(concern.state, concern.state), weeks=escalation_weeks(), form=ButtonForm(),
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


from ipn.views import group_concerns  # noqa: E402,F401  (the group's pages register on bp)
