"""One's own data: download it as JSON, or delete one's account."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import login_required, logout_user
from sqlalchemy import select

from ipn import clock
from ipn.extensions import db
from ipn.forms.my_data import DeleteAccountForm
from ipn.models import Group, Membership
from ipn.services.account_deletion import FORMER_NAME, delete_account
from ipn.services.errors import ServiceError
from ipn.services.personal_data import personal_data
from ipn.views.access import me
from ipn.views.actions import attempt, form_status, refused

bp = Blueprint("my_data", __name__)
bp.register_error_handler(ServiceError, refused)


@bp.get("/profile/data")
@login_required
def download():
    """Everything the registry holds that is one's own, as a JSON file."""
    document = personal_data(me())
    body = json.dumps(document, ensure_ascii=False, indent=2)
    name = f"ipn-registry-my-data-{clock.today().isoformat()}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


@bp.route("/profile/delete", methods=["GET", "POST"])
@login_required
def delete():
    """Delete one's account, after saying what that does and which groups one would leave."""
    form = DeleteAccountForm()
    if form.validate_on_submit() and attempt(form, delete_account, me(), form.password.data).done:
        logout_user()
        flash(f"Your account is deleted. The network's history now names you “{FORMER_NAME}”.", "success")
        return redirect(url_for("public.home"))
    groups = list(db.session.scalars(select(Group).join(Membership, Membership.group_id == Group.id).where(
        Membership.practitioner_id == me().id, Membership.left_at.is_(None), Group.dissolved_at.is_(None))
        .order_by(Group.name)))
    return render_template("my_data/delete.html", form=form, groups=groups,
                           former_name=FORMER_NAME), form_status(form)
