"""A practitioner's home: "What needs me" across all their groups, and their notifications.
The unread count reaches the navigation through a context processor."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ipn import clock
from ipn.extensions import db
from ipn.forms.groups import ButtonForm
from ipn.models import Notification
from ipn.services import concerns
from ipn.services import needs as needs_service
from ipn.services.errors import ServiceError
from ipn.views.actions import perform
from ipn.views.auth import me
from ipn.views.workspace import back, refused

bp = Blueprint("me", __name__)
bp.register_error_handler(ServiceError, refused)

NOTIFICATIONS_SHOWN = 100


@bp.app_context_processor
def navigation_counts() -> dict:
    """`unread_count` and the address of "What needs me" for the layout's navigation."""
    try:
        if not current_user or not current_user.is_authenticated:
            return {}
        return {"unread_count": needs_service.unread_count(me()), "needs_me_url": url_for("me.needs")}
    except SQLAlchemyError:
        # An error page is being shown because the database failed: show it without the count.
        db.session.rollback()
        return {}


@bp.get("/me", endpoint="needs")
@login_required
def home():
    """Everything that waits for this person, with the button that does each."""
    person = me()
    from ipn.services import proposals

    return render_template("me/needs.html", person=person, needs=needs_service.needs_of(person),
                           positions_awaiting=proposals.awaiting(person),
                           today=clock.today(), action_form=ButtonForm(formdata=None),
                           escalate_weeks=concerns.escalate_after().days // 7)


@bp.get("/notifications")
@login_required
def notifications():
    """What has happened in one's groups, newest first."""
    person = me()
    rows = list(db.session.scalars(
        select(Notification).where(Notification.practitioner_id == person.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(NOTIFICATIONS_SHOWN)))
    return render_template("me/notifications.html", notifications=rows,
                           unread=sum(1 for n in rows if n.read_at is None),
                           action_form=ButtonForm(formdata=None))


@bp.post("/notifications/read")
@login_required
def read_all():
    if not ButtonForm().validate_on_submit():
        abort(400)
    perform(needs_service.mark_read, me())
    flash("All your notifications are marked as read.", "success")
    return redirect(url_for("me.notifications"))


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read_one(notification_id: int):
    if not ButtonForm().validate_on_submit():
        abort(400)
    perform(needs_service.mark_read, me(), notification_id)
    return redirect(back(url_for("me.notifications")))
