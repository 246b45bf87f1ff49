"""callback requests: sealed requests, their windows, spent form keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 01:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "callback_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("idempotency_key", sa.String(length=32), nullable=False),
        sa.Column("contact_method", sa.String(length=16), nullable=False),
        sa.Column("interpreter_language", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delete_after", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
        sa.UniqueConstraint("reference"),
    )
    op.create_index(op.f("ix_callback_request_delete_after"), "callback_request", ["delete_after"])
    op.create_index(op.f("ix_callback_request_status"), "callback_request", ["status"])
    op.create_table(
        "callback_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["callback_request.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_callback_window_request_id"), "callback_window", ["request_id"])
    op.create_index(op.f("ix_callback_window_starts_at"), "callback_window", ["starts_at"])
    op.create_table(
        "callback_spent_key",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(op.f("ix_callback_spent_key_expires_at"), "callback_spent_key", ["expires_at"])


def downgrade():
    op.drop_index(op.f("ix_callback_spent_key_expires_at"), table_name="callback_spent_key")
    op.drop_table("callback_spent_key")
    op.drop_index(op.f("ix_callback_window_starts_at"), table_name="callback_window")
    op.drop_index(op.f("ix_callback_window_request_id"), table_name="callback_window")
    op.drop_table("callback_window")
    op.drop_index(op.f("ix_callback_request_status"), table_name="callback_request")
    op.drop_index(op.f("ix_callback_request_delete_after"), table_name="callback_request")
    op.drop_table("callback_request")
