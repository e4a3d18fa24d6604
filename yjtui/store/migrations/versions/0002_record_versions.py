"""Record versions: each child, hearing, assessment and plan carries a version so a save made against a record
changed elsewhere (a second copy of the app on the same store) is caught instead of silently overwriting it.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    for table in ("child", "hearing", "assessment", "plan"):
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
