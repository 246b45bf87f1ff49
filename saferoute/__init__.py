"""SafeRoute: safe help for people experiencing domestic abuse in Kent."""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import config, database, errors, i18n, ratelimit, request_log, security, services
from .extensions import babel, db, migrate
from .keys import refuse_private_keys

# Big enough for any of our forms, small enough that a flood costs little.
MAX_BODY_BYTES = 16 * 1024


def create_app(overrides: dict[str, Any] | None = None, settings: config.Settings | None = None) -> Flask:
    """The only place the app is assembled. Raises ConfigError on unsafe settings."""
    app = Flask(__name__, static_folder="../static", instance_relative_config=False)
    settings = settings or config.from_environ()
    config.check_production(settings)
    secret = config.read_secret_key(settings)
    app.config.update(
        SECRET_KEY=secret,
        RATELIMIT_KEY_SECRET=secret + b"/ratelimit",
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_BODY_BYTES,
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_uri,
        RATELIMIT_HEADERS_ENABLED=False,
        # Said outright: Flask-Limiter otherwise inherits "enabled" from the last app it served.
        RATELIMIT_ENABLED=True,
        WTF_CSRF_ENABLED=True,
        SESSION_COOKIE_NAME="__Host-saferoute-staff",
        SEND_FILE_MAX_AGE_DEFAULT=0,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.config.update(overrides or {})
    services.init_app(app, settings)
    if settings.production and not settings.staff_enabled:
        refuse_private_keys(settings, bytes(services.public_key(app)))

    i18n.init_app(app, settings.languages)
    babel.init_app(app, locale_selector=i18n.locale_selector)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(config.PACKAGE_DIR / "migrations"))
    ratelimit.init_app(app)
    security.init_app(app, behind_tls=settings.behind_tls)
    request_log.init_app(app)
    if settings.behind_tls:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]

    from . import cli, page_cache, templating
    from .callback.views import bp as callback_bp
    from .clares_law.views import bp as clares_law_bp
    from .health import bp as health_bp
    from .help.views import bp as help_bp

    templating.init_app(app)
    page_cache.init_app(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(help_bp)
    app.register_blueprint(callback_bp)
    app.register_blueprint(clares_law_bp)
    cli.init_app(app)
    if settings.staff_enabled:  # the console host only: the public site has no /staff route
        from . import staff

        staff.init_app(app)
    errors.init_app(app)
    return app
