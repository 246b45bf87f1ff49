"""The queue, and one request at a time (on the callback model)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from ..callback import text
from ..callback.models import CallbackRequest, Status
from ..callback.vocabulary import INTERPRETERS, if_someone_else, method_name
from ..clock import now
from ..forms import error_list
from ..htmx import is_partial
from ..services import settings
from ..templating import render_page
from . import audit, bp, casework, presenters, queue
from .display import age, reference, zone
from .forms import OutcomeForm, QueueFilter


def _filters() -> QueueFilter:
    form = QueueFilter(request.args)
    form.status.choices = queue.STATUS_FILTERS
    form.language.choices = [
        (queue.ANY_LANGUAGE, "Any"),
        (queue.NO_INTERPRETER, "No interpreter"),
        *((code, str(name)) for code, name in INTERPRETERS.items()),
    ]
    if form.status.data not in {value for value, _label in queue.STATUS_FILTERS}:
        form.status.data = queue.ANY_OPEN
    if form.language.data not in {choice[0] for choice in form.language.choices}:
        form.language.data = queue.ANY_LANGUAGE
    return form


def _queue_url(endpoint: str, filters: QueueFilter) -> str:
    """The queue's own parameters, checked: nothing else from the address is passed on."""
    return url_for(endpoint, status=filters.status.data, language=filters.language.data or None)


def _words() -> dict:
    """Windows in words as the person was shown them (Babel, English here), and ages."""
    moment = now()
    today = moment.astimezone(zone()).date()
    return {
        "in_words": lambda window: text.in_words(window, zone(), today),
        "time_range": lambda window: text.time_range(window, zone()),
        "age": lambda since: age(since, moment),
        "now": moment,
    }


def _queue_context() -> dict:
    filters = _filters()
    words = _words()
    entries = queue.load(filters.status.data, filters.language.data, words["now"], zone())
    shown = [queue.CLOSED] if filters.status.data == Status.CLOSED else list(queue.GROUPS)
    groups = presenters.queue_groups(shown, entries, words["now"], words["in_words"])
    return {
        "filters": filters,
        "groups": groups,
        "counts": presenters.counts_sentence(groups),
        "refresh_url": _queue_url("staff.queue_refresh", filters),
        "now": words["now"],
    }


@bp.get("/", endpoint="queue")
def queue_page():
    return render_page("staff/queue.html", block="queue", **_queue_context())


@bp.get("/queue/refresh")
def queue_refresh():
    """htmx polls this. It is not activity: an unattended screen still signs out (sessions.IDLE)."""
    if not is_partial():
        return redirect(_queue_url("staff.queue", _filters()), 303)
    return render_page("staff/queue.html", block="queue", **_queue_context())


def _found(request_id: int) -> CallbackRequest:
    found = casework.get(request_id)
    if found is None:
        abort(404)  # withdrawn by the person, or deleted
    return found


def _opened(found: CallbackRequest) -> dict | None:
    try:
        return casework.open_request(found)
    except casework.CannotOpen:
        return None


def _outcome_form(readable: bool) -> OutcomeForm:
    form = OutcomeForm()
    kinds = casework.OUTCOMES if readable else (casework.UNREADABLE,)
    form.outcome.choices = [(kind.code, kind.label) for kind in kinds]
    return form


def _request_page(found: CallbackRequest, payload: dict | None, form: OutcomeForm, status: int = 200):
    """The one place a request is shown, opened for this response only."""
    audit.record(g.staff_user.name, "view" if payload else "cannot_decrypt", found.reference, commit=True)
    windows = queue.windows_of(found)
    group, window, _later = queue.place(windows, now(), zone()) if windows else ("missed", None, [])
    return render_template(
        "staff/request.html",
        callback=found,
        payload=payload,
        form=form,
        errors=error_list(form),
        windows=windows,
        group=group,
        window=window,
        dial=casework.dial(payload["phone"], found.contact_method) if payload else None,
        relay_uk=casework.RELAY_UK,
        interpreter=casework.interpreter(found, payload),
        history=casework.history(found),
        method_name=method_name,
        if_someone_else=if_someone_else,
        outcome_label=casework.outcome_label,
        status_name=queue.status_name,
        **_words(),
    ), status


@bp.get("/requests/<int:request_id>", endpoint="callback")
def open_callback(request_id: int):
    found = _found(request_id)
    payload = _opened(found)
    return _request_page(found, payload, _outcome_form(payload is not None))


@bp.post("/requests/<int:request_id>/outcome")
def outcome(request_id: int):
    found = _found(request_id)
    if found.closed:
        flash(f"{reference(found.reference)} was already closed. Nothing was changed.")
        return redirect(url_for("staff.queue"), 303)
    payload = _opened(found)
    form = _outcome_form(payload is not None)
    if not form.validate_on_submit():
        return _request_page(found, payload, form)  # 200 with the errors, as every form here
    kind = casework.record(
        found,
        form.chosen,
        form.note.data or "",
        g.staff_user.name,
        now(),
        settings().retention_days,
    )
    left = " It has left the queue." if kind.closes else ""
    flash(f"Recorded for {reference(found.reference)}: {kind.label}.{left}")
    return redirect(url_for("staff.queue"), 303)
