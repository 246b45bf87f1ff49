"""rate limits in the database: one row per try, by keyed hash of the client

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 08:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limit_hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rate_limit_hit_key", "rate_limit_hit", ["key", "expires_at"])
    op.create_index(op.f("ix_rate_limit_hit_expires_at"), "rate_limit_hit", ["expires_at"])


def downgrade():
    op.drop_index(op.f("ix_rate_limit_hit_expires_at"), table_name="rate_limit_hit")
    op.drop_index("ix_rate_limit_hit_key", table_name="rate_limit_hit")
    op.drop_table("rate_limit_hit")
