"""console seals: sealed accounts, sessions and outcomes; sign-in back-off; session ids in the audit log

Existing sessions are ended (they carry no seal). Existing accounts and outcomes
are left unsealed: run `flask --app saferoute staff reseal` once on the console
host after upgrading, or they are refused.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("DELETE FROM staff_sessions")
    with op.batch_alter_table("staff_users") as batch:
        batch.alter_column("failed_attempts", new_column_name="code_failures", existing_type=sa.Integer())
        batch.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("mac", sa.String(length=64), nullable=False, server_default=""))
    with op.batch_alter_table("staff_users") as batch:
        batch.alter_column("session_epoch", server_default=None, existing_type=sa.Integer())
        batch.alter_column("mac", server_default=None, existing_type=sa.String(length=64))
    with op.batch_alter_table("staff_sessions") as batch:
        batch.add_column(sa.Column("public_id", sa.String(length=16), nullable=False))
        batch.add_column(sa.Column("mac", sa.String(length=64), nullable=False))
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
    op.create_table(
        "staff_sign_in_backoff",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wait_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(op.f("ix_staff_sign_in_backoff_last_failure_at"), "staff_sign_in_backoff", ["last_failure_at"])
    with op.batch_alter_table("staff_audit") as batch:
        batch.add_column(sa.Column("session", sa.String(length=16), nullable=True))
    with op.batch_alter_table("staff_outcome") as batch:
        batch.add_column(sa.Column("mac", sa.String(length=64), nullable=False, server_default=""))
    with op.batch_alter_table("staff_outcome") as batch:
        batch.alter_column("mac", server_default=None, existing_type=sa.String(length=64))
    with op.batch_alter_table("callback_request") as batch:
        batch.add_column(sa.Column("checked_mac", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("callback_request") as batch:
        batch.drop_column("checked_mac")
    with op.batch_alter_table("staff_outcome") as batch:
        batch.drop_column("mac")
    with op.batch_alter_table("staff_audit") as batch:
        batch.drop_column("session")
    op.drop_index(op.f("ix_staff_sign_in_backoff_last_failure_at"), table_name="staff_sign_in_backoff")
    op.drop_table("staff_sign_in_backoff")
    op.execute("DELETE FROM staff_sessions")
    with op.batch_alter_table("staff_sessions") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch.drop_column("mac")
        batch.drop_column("public_id")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("mac")
        batch.drop_column("session_epoch")
        batch.alter_column("code_failures", new_column_name="failed_attempts", existing_type=sa.Integer())
