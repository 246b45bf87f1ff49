"""request kinds: each sealed request says which kind it is (a call-back, a Clare's Law request)

Every request stored before this was a call-back, and stays one: its sealed
copy has no kind, which the console reads as a call-back.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("callback_request") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=16), nullable=False, server_default="callback"))
    with op.batch_alter_table("callback_request") as batch:
        batch.alter_column("kind", server_default=None, existing_type=sa.String(length=16))
        batch.create_index(batch.f("ix_callback_request_kind"), ["kind"])


def downgrade():
    # A kind this version did not have cannot be kept as a call-back: deleted, as a withdrawal would.
    op.execute("DELETE FROM callback_request WHERE kind <> 'callback'")
    with op.batch_alter_table("callback_request") as batch:
        batch.drop_index(batch.f("ix_callback_request_kind"))
        batch.drop_column("kind")
