"""A placeholder home page, so the layout can be seen; the public pages replace it."""

from flask import Blueprint, render_template

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """What the network is, and the way in."""
    return render_template("home/index.html")
