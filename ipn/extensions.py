"""The unbound extension objects; create_app() binds them to an app."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from ipn.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
mailman = Mail()


@limiter.request_filter
def _rate_limits_off() -> bool:
    """Exempt every request of an app whose configuration switches rate limits off."""
    from flask import current_app

    return not current_app.config.get("RATE_LIMITS_ON", True)
