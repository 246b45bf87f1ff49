"""Thin views for the console. Every route but sign-in needs a signed-in session."""

from __future__ import annotations

import logging

from flask import Response, abort, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from limits import parse as parse_limit
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

from ..cross_site import is_cross_site
from ..extensions import csrf, db, limiter
from ..forms import error_list
from ..htmx import is_partial
from ..ratelimit import client_key
from . import audit, auth, bp, presenters, throttle
from .display import clock
from .forms import SignInForm, SignOutForm
from .models import StaffUser
from .sessions import console_session, new_public_id

log = logging.getLogger("saferoute.staff")

# Open without a session.
OPEN = {"staff.sign_in"}
# Background refreshes: they need a session but do not count as activity.
BACKGROUND = {"staff.queue_refresh"}
ADMIN = {"staff.audit_log", "staff.audit_csv", "staff.board", "staff.board_csv"}
SIGN_IN_LIMIT = "10 per minute; 60 per hour"
# Refused posts from someone not signed in that are written to the audit log, per address.
REFUSALS_RECORDED = parse_limit("30 per hour")
# A form shown again with its errors. Not 4xx, as on the public forms: browsers log those as console errors.
INVALID = 200


def _to_sign_in(ended: bool) -> WerkzeugResponse:
    target = url_for("staff.sign_in", ended=1 if ended else None)
    if is_partial():
        # fetch() would follow a redirect and swap the sign-in page into the queue.
        return Response("", 401, {"HX-Redirect": target})
    return redirect(target, 303)


def _audit_refusal(detail: str) -> None:
    """A refused action, in the audit log. Anonymous ones only up to a limit per address,
    so nobody can fill the log from outside; signed-in people are always recorded."""
    user = g.get("staff_user")
    if user is None and not limiter.limiter.hit(REFUSALS_RECORDED, "staff-refused", client_key()):
        return
    from ..callback.models import CallbackRequest

    request_id = (request.view_args or {}).get("request_id")
    found = db.session.get(CallbackRequest, request_id) if isinstance(request_id, int) else None
    db.session.rollback()
    audit.record(
        user.name if user else audit.UNKNOWN_ACTOR,
        "refused",
        found.reference if found else None,
        detail,
        commit=True,
    )


def current_user() -> StaffUser | None:
    console = console_session()
    if console.user_id is None:
        return None
    # The session interface has already checked the session's and the account's seals.
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
    g.staff_session_id = console_session().public_id  # on every audit entry this request writes
    g.staff_user = current_user()
    if changing and is_cross_site(request):
        _audit_refusal("cross-site")
        abort(403)
    if g.staff_user is None and request.endpoint not in OPEN:
        return _to_sign_in(ended=bool(getattr(session, "expired", False)))
    if changing:
        csrf.protect()
    if g.staff_user is None:
        return None
    if request.endpoint in ADMIN and not g.staff_user.is_admin:
        _audit_refusal("admin only")
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
    _audit_refusal("csrf")
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


def _from_known_browser() -> bool:
    """A browser this account signed in from before has its own back-off, not the address's limit."""
    user = auth.find(request.form.get("name", "")[:64])
    return throttle.known_for(request.cookies.get(throttle.KNOWN_COOKIE), user, auth.utcnow()) is not None


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"], exempt_when=_from_known_browser)
def sign_in():
    if g.staff_user is not None:
        return redirect(url_for("staff.queue"), 303)
    form = SignInForm()
    attempt = None
    if form.validate_on_submit():
        session_id = new_public_id()
        attempt = auth.sign_in(
            form.name.data or "",
            form.password.data or "",
            form.code.data or "",
            client=client_key(),
            known_cookie=request.cookies.get(throttle.KNOWN_COOKIE),
            session_id=session_id,
        )
        if attempt.ok and attempt.user is not None and attempt.known_cookie:
            console_session().start(attempt.user.id, session_id)
            response = redirect(url_for("staff.queue"), 303)
            response.set_cookie(
                throttle.KNOWN_COOKIE,
                attempt.known_cookie,
                max_age=int(throttle.KNOWN_FOR.total_seconds()),
                path="/",
                secure=True,
                httponly=True,
                samesite="Strict",
            )
            return response
        form.password.data = form.code.data = ""
        return _sign_in_page(form, _sign_in_problem(attempt), status=INVALID)
    ended = request.method == "GET" and request.args.get("ended") == "1"
    return _sign_in_page(form, ended=ended)


def _sign_in_problem(attempt: auth.Attempt) -> str:
    if attempt.wait_until:
        return f"There have been too many wrong tries from here. Try again after {clock(attempt.wait_until)} (UK time)."
    if attempt.locked_until:
        return (
            f"This account is locked until {clock(attempt.locked_until)} (UK time) after "
            f"{auth.MAX_CODE_FAILURES} wrong codes in a row. If that was not you, someone knows your "
            "password: tell a console administrator now. They can unlock it."
        )
    return WRONG + presenters.RULES.lock_out


@bp.post("/sign-out")
def sign_out():
    auth.sign_out_everywhere(g.staff_user.id, g.staff_user.name)
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
