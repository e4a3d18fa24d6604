"""Case records: one table for the workflows that are not assessments (a transfer, a transition to Probation, an
exploitation screening, an NRM referral, a panel, an out-of-court decision, an ISS contact, a DYO record).

Like an assessment, each has a `kind`, a JSON `data` column (so a new question in the guidance needs no
migration), a status (draft, complete, countersigned), its author and countersignature, and a record version.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "caserecord",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("child_id", sa.Integer(), sa.ForeignKey("child.id"), nullable=False),
        sa.Column("kind", sa.String(), nullable=False, server_default=""),
        sa.Column("data", sa.String(), nullable=False, server_default="{}"),
        sa.Column("status", sa.String(), nullable=False, server_default="draft"),
        sa.Column("author", sa.String(), nullable=False, server_default=""),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("countersigned_by", sa.String(), nullable=False, server_default=""),
        sa.Column("countersigned_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    )
    op.create_index("ix_caserecord_child_id", "caserecord", ["child_id"])
    op.create_index("ix_caserecord_kind", "caserecord", ["kind"])


def downgrade() -> None:
    op.drop_index("ix_caserecord_kind", "caserecord")
    op.drop_index("ix_caserecord_child_id", "caserecord")
    op.drop_table("caserecord")
