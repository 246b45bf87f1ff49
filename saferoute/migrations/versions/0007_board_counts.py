"""board counts: the hub's figures, kept apart from the requests they count; a request's first try

Requests already stored are counted as received, by their kind (the clear
column 0006 added), in the week and month they arrived (UK time), so that
withdrawals after the upgrade are worked out right, and get their first try
(first_attempt_at) from the outcomes recorded so far.
The names below are as board/tally.py wrote them at this revision.

Revision ID: 0007
Revises: 0006 (request kinds)
Create Date: 2026-12-01 10:30:00

"""

from collections import Counter
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    counts = op.create_table(
        "board_count",
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("measure", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("period", "starts", "measure", "key"),
    )
    with op.batch_alter_table("callback_request") as batch:
        batch.add_column(sa.Column("first_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE callback_request SET first_attempt_at = (SELECT MIN(o.at) FROM staff_outcome o"
        " WHERE o.request_id = callback_request.id"
        " AND o.outcome IN ('no-answer', 'someone-else', 'not-safe', 'done',"
        " 'more-information', 'not-reached', 'disclosure-arranged'))"
    )
    zone = current_app.extensions["saferoute.directory"].timezone
    found: Counter = Counter()
    rows = op.get_bind().execute(
        sa.text("SELECT created_at, kind, contact_method, interpreter_language FROM callback_request")
    )
    for created_at, kind, method, language in rows:
        day = _aware(created_at).astimezone(zone).date()
        for period, starts in (("week", day - timedelta(days=day.weekday())), ("month", day.replace(day=1))):
            found[(period, starts, "received", kind)] += 1
            found[(period, starts, "received-method", method)] += 1
            found[(period, starts, "received-language", language or "none")] += 1
    if found:
        op.bulk_insert(
            counts,
            [
                {"period": period, "starts": starts, "measure": measure, "key": key, "count": number}
                for (period, starts, measure, key), number in found.items()
            ],
        )


def _aware(moment) -> datetime:
    if isinstance(moment, str):  # SQLite hands back text
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def downgrade():
    with op.batch_alter_table("callback_request") as batch:
        batch.drop_column("first_attempt_at")
    op.drop_table("board_count")
