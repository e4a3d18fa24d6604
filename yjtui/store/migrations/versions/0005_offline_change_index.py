"""An index on the offline copy's change ids in the audit trail, so a sync finds which of its changes the server
already has with an index lookup rather than a scan of every audit entry's `detail`.

A synced change's audit entry names it at the start of `detail`: "offline <the laptop entry's hash, 64 hex
digits>", then when it was made on the laptop (`store/offline.py`; the server makes the entry's own time). The
index is on those first 72 characters, and partial: only those entries (a disclosure's purpose can be long, and a
B-tree entry on PostgreSQL has a size limit). A query uses it when it repeats the expression and the predicate:
`detail LIKE 'offline %' AND substr(detail, 1, 72) IN (...)`.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"

WHERE = sa.text("detail LIKE 'offline %'")


def upgrade() -> None:
    op.create_index("ix_audit_offline_change", "audit", [sa.text("substr(detail, 1, 72)")], sqlite_where=WHERE,
                    postgresql_where=WHERE)


def downgrade() -> None:
    op.drop_index("ix_audit_offline_change", "audit")
