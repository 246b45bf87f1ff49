"""Thin views for the console. Every route but sign-in needs a signed-in session."""

from __future__ import annotations

import logging

from flask import Response, abort, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from ..cross_site import refuse_cross_site
from ..extensions import csrf, db, limiter
from ..forms import error_list
from ..htmx import is_partial
from . import audit, auth, bp, presenters
from .forms import SignInForm, SignOutForm
from .models import StaffUser
from .sessions import console_session, end_sessions_of

log = logging.getLogger("saferoute.staff")

# Open without a session.
OPEN = {"staff.sign_in"}
# Background refreshes: they need a session but do not count as activity.
BACKGROUND = {"staff.queue_refresh"}
ADMIN = {"staff.audit_log", "staff.audit_csv"}
SIGN_IN_LIMIT = "10 per minute; 60 per hour"
# A form shown again with its errors. Not 4xx, as on the public forms: browsers log those as console errors.
INVALID = 200


def _to_sign_in(ended: bool) -> WerkzeugResponse:
    target = url_for("staff.sign_in", ended=1 if ended else None)
    if is_partial():
        # fetch() would follow a redirect and swap the sign-in page into the queue.
        return Response("", 401, {"HX-Redirect": target})
    return redirect(target, 303)


def current_user() -> StaffUser | None:
    console = console_session()
    if console.user_id is None:
        return None
    user = db.session.get(StaffUser, console.user_id)
    if user is None or user.disabled:
        console.end()
        return None
    return user


@bp.url_value_preprocessor
def _english(_endpoint, _values) -> None:
    # The console is English-only, whatever the browser asks for (and Babel formats en_GB).
    g.lang = "en"


@bp.before_request
def _guard():
    changing = request.method not in {"GET", "HEAD"}
    if changing:
        refuse_cross_site()
    g.staff_user = current_user()
    if g.staff_user is None and request.endpoint not in OPEN:
        return _to_sign_in(ended=bool(getattr(session, "expired", False)))
    if changing:
        csrf.protect()
    if g.staff_user is None:
        return None
    if request.endpoint in ADMIN and not g.staff_user.is_admin:
        abort(403)
    if request.endpoint not in BACKGROUND:
        console_session().touch()
    return None


@bp.context_processor
def _staff_context() -> dict:
    user = g.get("staff_user")
    return {"staff_user": user, "sign_out_form": SignOutForm() if user else None, "rules": presenters.RULES}


WRONG = "The name, password or code is not right. "
EXPIRED = "Your sign-in form had expired. Please try again."


def _sign_in_page(form: SignInForm, notice: str | None = None, ended: bool = False, status: int = 200):
    """The sign-in form; a notice about the whole form is linked to its first box."""
    errors = error_list(form, notice, notice_target=form.name.id)
    return render_template("staff/sign_in.html", form=form, errors=errors, ended=ended), status


@bp.errorhandler(CSRFError)
def _csrf_error(error: CSRFError):
    if request.endpoint == "staff.sign_in":
        return _sign_in_page(SignInForm(formdata=None), EXPIRED, status=INVALID)
    return render_template("staff/error.html", code=400, csrf=True), 400


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    code = error.code or 500
    return render_template("staff/error.html", code=code), code


@bp.errorhandler(Exception)
def _unexpected(error: Exception):
    # The type only, as on the public site: a message could carry what a request says.
    log.error("unhandled %s in the staff console", type(error).__name__)
    db.session.rollback()
    return render_template("staff/error.html", code=500), 500


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def sign_in():
    if g.staff_user is not None:
        return redirect(url_for("staff.queue"), 303)
    form = SignInForm()
    if form.validate_on_submit():
        attempt = auth.sign_in(form.name.data or "", form.password.data or "", form.code.data or "")
        if attempt.ok and attempt.user is not None:
            console_session().start(attempt.user.id)
            return redirect(url_for("staff.queue"), 303)
        form.password.data = form.code.data = ""
        return _sign_in_page(form, WRONG + presenters.RULES.lock_out, status=INVALID)
    ended = request.method == "GET" and request.args.get("ended") == "1"
    return _sign_in_page(form, ended=ended)


@bp.post("/sign-out")
def sign_out():
    user = g.staff_user
    end_sessions_of(user.id)
    audit.record(user.name, "sign_out")
    db.session.commit()
    console_session().end()
    return redirect(url_for("staff.sign_in", signed_out=1), 303)


@bp.get("/audit")
def audit_log():
    try:
        number = int(request.args.get("page", "1"))
    except ValueError:
        number = 1
    entries, pages = audit.page(number)
    return render_template(
        "staff/audit.html", rows=presenters.audit_rows(entries), page=min(max(number, 1), pages), pages=pages
    )


@bp.get("/audit.csv")
def audit_csv():
    audit.record(g.staff_user.name, "audit_export", commit=True)
    body = "".join(audit.csv_rows(audit.all_entries()))
    return Response(
        body,
        200,
        {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": 'attachment; filename="saferoute-audit.csv"',
        },
    )
