"""Extensions, created unbound; create_app binds them once."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from .ratelimit import client_key


class Base(DeclarativeBase):
    pass


babel = Babel()
csrf = CSRFProtect()  # staff console only: public forms are cookie-free (see callback/)
db = SQLAlchemy(model_class=Base)
limiter = Limiter(key_func=client_key, default_limits=[])
migrate = Migrate()
talisman = Talisman()
