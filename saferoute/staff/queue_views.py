"""The queue, and one request at a time (on the callback model)."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, g, redirect, render_template, request, url_for

from .. import services
from ..callback import text
from ..callback.models import CallbackRequest, Status
from ..callback.vocabulary import INTERPRETERS, if_someone_else, method_name, purpose_name
from ..clock import now
from ..extensions import db
from ..forms import error_list
from ..htmx import is_partial
from ..kinds import CALLBACK, REQUEST_KINDS
from ..services import settings
from ..templating import render_page
from . import audit, bp, casework, checking, pace, presenters, queue, signposting
from . import outcomes as outcome_codes
from .display import age, duration, reference, staff_datetime, zone
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
    entries = queue.load(filters.status.data, filters.language.data, words["now"], zone(), _longest())
    shown = [queue.CLOSED] if filters.status.data == Status.CLOSED else list(queue.GROUPS)
    if entries[queue.CHECK.key]:
        shown.insert(0, queue.CHECK)
    groups = presenters.queue_groups(shown, entries, words["now"], words["in_words"])
    return {
        "filters": filters,
        "groups": groups,
        "counts": presenters.counts_sentence(groups),
        "refresh_url": _queue_url("staff.queue_refresh", filters),
        "warnings": presenters.warnings(audit.recent_warnings(words["now"])) if g.staff_user.is_admin else [],
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


def _longest() -> timedelta:
    """The longest a window can be: what a request sealed before windows had ends is held to."""
    return timedelta(minutes=settings().callback_window_minutes)


Opening = checking.Opened | checking.Problem
# What a clear column that disagrees with the sealed copy (or the console's outcomes) means.
CHANGED = {
    "kind": "The kind of request stored for the queue does not match what the person sent.",
    "arrived": "The time stored for when it arrived does not match when the person sent it.",
    "windows": "The times stored for the queue do not match the times the person chose.",
    "contact method": "The contact method stored for the queue does not match the one the person chose.",
    "interpreter": "The interpreter stored for the queue does not match the one the person asked for.",
    "status": (
        "Its stored status does not match the console's own record of what happened: an outcome may have "
        "been deleted. Check the audit log for this reference before you call."
    ),
}


def _opened(found: CallbackRequest, outcomes: list) -> Opening:
    try:
        return checking.open_request(found, outcomes, _longest())
    except checking.CannotOpen as cannot:
        return cannot.problem


def _outcome_form(opened: Opening) -> OutcomeForm:
    """The outcomes of the request's sealed kind; only closing it unread if it cannot be opened."""
    form = OutcomeForm()
    kind = opened.payload.kind if isinstance(opened, checking.Opened) else None
    form.outcome.choices = [(result.code, result.label) for result in outcome_codes.results_for(kind)]
    # What was done and where they were referred: only for a kind with a completed contact to tick.
    actions = outcome_codes.actions_for(kind) if kind else ()
    if actions:
        form.done.choices = [(action.code, action.label) for action in actions]
        form.referred.choices = [(route.id, route.name) for route in signposting.referrable(services.directory())]
    return form


def _status(found: CallbackRequest, opened: Opening, outcomes: list) -> Status:
    if isinstance(opened, checking.Opened):
        return opened.facts.status
    return checking.status_from([o for o, ok in checking.sound_outcomes(found, outcomes) if ok])


def _too_fast(found: CallbackRequest):
    """The page that says when the next new request may be opened, if this account must wait."""
    who, per_hour = g.staff_user.name, settings().staff_opens_per_hour
    found_pace = pace.check(who, found.reference, now(), per_hour)
    if found_pace.first_over:
        audit.record(who, "open_limit", detail=f"{per_hour} an hour")
    if found_pace.wait_until is None:
        return None
    audit.record(who, "open_slowed", found.reference, commit=True)
    message = (
        f"You have opened {found_pace.opened} different requests in the last hour. After {per_hour}, "
        f"the console opens one new request every {duration(pace.SLOW_EVERY)}, so that requests "
        f"cannot be read in bulk. You can open this one after {staff_datetime(found_pace.wait_until, seconds=True)} "
        "(UK time). Requests you have already opened this hour open at once. Admins have been told."
    )
    return render_template("staff/error.html", code=429, message=message), 429


def _request_page(found: CallbackRequest, opened: Opening, outcomes: list, form: OutcomeForm):
    """The one place a request is shown, opened for this response only, from its sealed copy alone."""
    who = g.staff_user.name
    if isinstance(opened, checking.Problem):
        audit.record(who, "cannot_decrypt", found.reference, opened.value)
        payload, facts = None, None
    else:
        audit.record(who, "view", found.reference)
        payload, facts = opened.payload, opened.facts
        if facts.changed:  # a database write moved what the queue sorts on: flagged, never used
            audit.record(who, "tampered", found.reference, ", ".join(facts.changed))
    db.session.commit()
    windows = list(facts.windows) if facts else []
    status = _status(found, opened, outcomes)
    group, window, _later = queue.place(windows, now(), zone()) if windows else ("missed", None, [])
    kind = REQUEST_KINDS.get(facts.kind) if facts else None
    days_left, _answer_by = queue.answer_time(facts, now(), zone()) if facts else (None, None)
    return render_template(
        "staff/request.html",
        callback=found,
        kind_name=kind.name if kind else "",
        about=kind.about(payload.about) if kind and kind.about and payload else None,
        days_left=days_left,
        payload=payload,
        facts=facts,
        changed=[CHANGED[what] for what in facts.changed] if facts else [],
        problem=checking.REASONS[opened] if isinstance(opened, checking.Problem) else None,
        status=status,
        closed=status == Status.CLOSED,
        form=form,
        errors=error_list(form),
        windows=windows,
        group=group,
        window=window,
        dial=casework.dial(payload.phone, payload.contact_method) if payload else None,
        relay_uk=casework.RELAY_UK,
        interpreter=casework.interpreter(payload) if payload else None,
        # Why they asked is the call-back's own question; another kind has none to show.
        purpose=purpose_name(payload.purpose) if payload and payload.kind == CALLBACK else None,
        avoid=payload.avoid if payload else "",
        history=presenters.history_rows(
            casework.history(found, outcomes), lambda route_id: signposting.service_name(services.directory(), route_id)
        ),
        lookup=signposting.LookupForm(formdata=None, directory=services.directory()),
        method_name=method_name,
        if_someone_else=if_someone_else,
        outcome_label=outcome_codes.result_label,
        status_name=queue.status_name,
        **_words(),
    )


@bp.get("/requests/<int:request_id>", endpoint="callback")
def open_callback(request_id: int):
    found = _found(request_id)
    slowed = _too_fast(found)
    if slowed is not None:
        return slowed
    outcomes = casework.outcomes_of(found)
    opened = _opened(found, outcomes)
    return _request_page(found, opened, outcomes, _outcome_form(opened))


@bp.post("/requests/<int:request_id>/outcome")
def outcome(request_id: int):
    found = _found(request_id)
    slowed = _too_fast(found)
    if slowed is not None:
        return slowed
    outcomes = casework.outcomes_of(found)
    opened = _opened(found, outcomes)
    if _status(found, opened, outcomes) == Status.CLOSED:
        flash(f"{reference(found.reference)} was already closed. Nothing was changed.")
        return redirect(url_for("staff.queue"), 303)
    form = _outcome_form(opened)
    if not form.validate_on_submit():
        return _request_page(found, opened, outcomes, form)  # 200 with the errors, as every form here
    kind = casework.record(
        found,
        form.chosen,
        form.note.data or "",
        g.staff_user.name,
        now(),
        settings().retention_days,
        tuple(form.done.data or ()),
        tuple(form.referred.data or ()),
    )
    left = " It has left the queue." if kind.closes else ""
    flash(f"Recorded for {reference(found.reference)}: {kind.label}.{left}")
    return redirect(url_for("staff.queue"), 303)
