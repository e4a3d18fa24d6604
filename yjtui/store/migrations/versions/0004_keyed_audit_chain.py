"""The audit trail's keyed chain: each entry from here on is numbered without gaps and hashed with a key (HMAC-SHA256),
so rewriting the trail needs the key; `chain` says which hash an entry carries (1: the plain SHA-256 of the entries
made before this revision, kept as they were; 2: keyed).

- SQLite: the store's key (`audit_key`, 32 random bytes as hex) and the trail's id (`audit_trail`, which the
  laptop's record of the last head seen names) are settings of the store; the app numbers and hashes each entry
  inside the write transaction (BEGIN IMMEDIATE), see `store.py`.
- PostgreSQL: the key, the chain's head and the trigger that numbers and hashes every entry live in the schema of a
  role no login holds (`security.py`, applied after every migration by the administrator). The shared lock PIN
  (a setting any staff login could read or clear) is removed: each login sets their own (`security.py`).

Revision ID: 0004
Revises: 0003
"""
import secrets
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.add_column("audit", sa.Column("chain", sa.Integer(), nullable=False, server_default="1"))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("DELETE FROM setting WHERE key = 'lock_pin'"))
        return
    for key, value in (("audit_key", secrets.token_hex(32)), ("audit_trail", str(uuid.uuid4()))):
        bind.execute(sa.text("INSERT INTO setting (key, value) VALUES (:k, :v) ON CONFLICT (key) DO NOTHING"),
                     {"k": key, "v": value})


def downgrade() -> None:
    op.drop_column("audit", "chain")
