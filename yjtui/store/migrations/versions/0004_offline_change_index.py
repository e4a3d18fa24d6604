"""An index on the offline copy's change ids in the audit trail, so a sync finds which of its changes the server
already has with an index lookup rather than a scan of every audit entry's `detail`.

A synced change's audit entry names it in `detail` ("offline <the laptop entry's hash>", `store/offline.py`). The
index is partial: only those entries, short and fixed in form (a disclosure's purpose can be long, and a B-tree entry
on PostgreSQL has a size limit). A query uses it when it repeats the predicate: `detail LIKE 'offline %' AND detail
IN (...)`.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"

WHERE = sa.text("detail LIKE 'offline %'")


def upgrade() -> None:
    op.create_index("ix_audit_offline_change", "audit", ["detail"], sqlite_where=WHERE, postgresql_where=WHERE)


def downgrade() -> None:
    op.drop_index("ix_audit_offline_change", "audit")
