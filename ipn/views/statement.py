"""The group's ethical statement, for the people in it: draft in Markdown with a preview,
edit, endorse; publication follows when the last member endorses (SPEC R7). Earlier
versions stay, and any two can be compared line by line."""

from __future__ import annotations

import hashlib

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from ipn import clock
from ipn.forms.statement import CompareForm, EndorseForm, StatementForm
from ipn.models import Statement
from ipn.services import facts, statements
from ipn.services.errors import Conflict, NotAllowed
from ipn.states import StatementState
from ipn.views.access import group_or_404, me, person_in
from ipn.views.actions import (
    attempt,
    form_status,
    perform,
    practitioners_blueprint,
)
from ipn.views.templating import statement_html
from ipn.words import possessive

bp = practitioners_blueprint("statement", __name__)

STATE_WORDS = {StatementState.DRAFT: "Draft", StatementState.PUBLISHED: "Current",
               StatementState.SUPERSEDED: "Earlier"}


def fingerprint(statement: Statement | None) -> str:
    """Which exact text someone read: endorsing checks it has not changed since."""
    if statement is None:
        return ""
    return hashlib.sha256(statement.text.encode()).hexdigest()[:20]


def version_label(statement: Statement) -> str:
    if statement.state == StatementState.DRAFT:
        return f"Draft, last changed {clock.local_date(statement.updated_at):%-d %b %Y}"
    words = STATE_WORDS[statement.state]
    return f"{words}, published {clock.local_date(statement.published_at):%-d %b %Y}"


@bp.route("/groups/<slug>/statement", methods=["GET", "POST"])
def page(slug: str):
    """Read, draft, preview and save the statement; see who has endorsed the draft."""
    group = group_or_404(slug)
    stay = person_in(group)
    draft = statements.current_draft(group)
    current = statements.current_statement(group.id)
    form = StatementForm()
    preview = None
    if request.method == "POST":
        if stay.member_since is None:
            raise NotAllowed(f"Only members of {group.name} can draft its statement; you are still joining.")
        if form.validate_on_submit():
            if form.preview.data:
                preview = statement_html(form.text.data)
            elif draft is not None and form.version.data != fingerprint(draft):
                form.text.errors = ["Someone changed the draft while you were writing. Your text is kept below; "
                                    "compare it with the draft as it is now, then save again."]
                form.version.data = fingerprint(draft)
            else:
                saved = (attempt(form, statements.draft_statement, me(), group, form.text.data) if draft is None
                         else attempt(form, statements.edit_statement, me(), draft, form.text.data))
                if saved.done:
                    flash("The draft is saved. Read it once more below and endorse it if you agree; "
                          "every member's endorsement publishes it.", "success")
                    return redirect(url_for("statement.page", slug=group.slug) + "#endorse")
    else:
        start = draft or current
        form.text.data = start.text if start else ""
        form.version.data = fingerprint(draft)
    members = [m for m in facts.current_memberships(group.id) if m.member_since is not None]
    endorsed = statements.endorser_ids(draft) if draft else set()
    all_versions = statements.every_version(group)
    return render_template(
        "workspace/statement.html",
        group=group, stay=stay, is_member=stay.member_since is not None,
        draft=draft, draft_html=statement_html(draft.text) if draft else None,
        current=current, current_html=statement_html(current.text) if current else None,
        form=form, preview=preview,
        endorse_form=EndorseForm(formdata=None, version=str(draft.revision) if draft else ""),
        members=members, endorsed=endorsed, i_endorsed=me().id in endorsed,
        versions=all_versions, compare_form=compare_form(all_versions, None),
        version_label=version_label,
        standing_by=next((c for c in facts.assess(group).criteria if c.rule == "stand_bys"), None),
    ), form_status(form)


def compare_form(all_versions: list[Statement], formdata) -> CompareForm:
    form = CompareForm(formdata)
    choices = [SelectChoice(str(s.id), version_label(s)) for s in all_versions]
    form.old.choices = choices
    form.new.choices = choices
    if formdata is None and len(all_versions) >= 2:
        form.new.data, form.old.data = str(all_versions[0].id), str(all_versions[1].id)
    return form


@bp.get("/groups/<slug>/statement/compare")
def compare(slug: str):
    """Two versions of the statement side by side as added and removed lines."""
    group = group_or_404(slug)
    stay = person_in(group)
    all_versions = statements.every_version(group)
    form = compare_form(all_versions, request.args)
    by_id = {str(s.id): s for s in all_versions}
    old, new = by_id.get(form.old.data), by_id.get(form.new.data)
    if old is None or new is None:
        abort(404, description="Choose two versions of this group's statement to compare.")
    rows = statements.line_diff(old.text, new.text)
    return render_template("workspace/compare.html", group=group, stay=stay, form=form, old=old, new=new,
                           rows=rows, changed=any(kind != "same" for kind, _ in rows),
                           version_label=version_label)


@bp.post("/groups/<slug>/statement/endorse")
def endorse(slug: str):
    """Endorse the draft as read; the last member's endorsement publishes it."""
    group = group_or_404(slug)
    person_in(group)
    form = EndorseForm()
    draft = statements.current_draft(group)
    if not form.validate_on_submit() or draft is None:
        flash("There is no draft to endorse at the moment.", "error")
        return redirect(url_for("statement.page", slug=group.slug))
    version = form.version.data or ""
    try:
        perform(statements.endorse, me(), draft, int(version) if version.isdigit() and len(version) < 10 else 0)
    except Conflict as refusal:
        if refusal.code != "stale_version":
            raise
        flash("The draft changed after you opened it. Read it again below, then endorse it if you agree.", "warning")
        return redirect(url_for("statement.page", slug=group.slug) + "#draft-text")
    if draft.state == StatementState.PUBLISHED:
        flash(f"Your endorsement was the last one: {possessive(group.name)} ethical statement is published.", "success")
    else:
        waiting = [m.practitioner.name for m in facts.current_memberships(group.id)
                   if m.member_since is not None and m.practitioner_id not in statements.endorser_ids(draft)]
        if waiting:
            flash(f"You have endorsed the draft. Still to endorse: {', '.join(waiting)}.", "success")
        else:
            flash("You have endorsed the draft. Every member has; it is published as soon as the group's "
                  "standing-by is accomplished.", "success")
    return redirect(url_for("statement.page", slug=group.slug) + "#endorse")
