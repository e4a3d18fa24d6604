"""What each role may read and change on the team server, enforced by PostgreSQL itself (grants, row-level
security and triggers), applied by the administrator after every migration (idempotent: safe to run again).

Roles (yjtui/rules/roles.py) are group roles `yjtui_<role>`; each person's login is a member of one or more.

- case_manager: reads and changes every child's records (the schema holds no allocation yet), adds audit entries,
  reads the whole trail; cannot countersign.
- manager: as a case manager, and countersigns assessments and case records (Enfield Risk Management Guidance 8.1,
  seed 002 L547). A trigger refuses a countersignature from anyone else, whatever the client.
- police_officer: reads (note E §6.4, seed 001's police-user lookups): the child record, hearings (bail, ISS
  conditions, breach), dated events (remand, orders, release: resettlement, DYO) and tasks done, case records of
  the kinds in `roles.POLICE_CASE_RECORD_KINDS`, and countersigned RoSH assessments (the risk a DYO/IOM officer
  works with). Not SWB or LoR assessments, drafts, or plans: row-level security hides those rows, so a police
  query finds nothing rather than failing. (The child's ethnicity stays readable: the shared child screen reads
  the whole record; a column grant would refuse it. The police view of issue 14 could read fewer columns.)
  Police record their own OOCD, ISS and DYO case records (`roles.POLICE_RECORDS_KINDS`), add audit entries
  (their consultations) and read only their own entries.
- administrator: reads everything and changes settings; adds people (`yjtui admin add-user`, which needs a login
  with CREATEROLE); does not countersign.

The audit trail is append-only for everyone (no UPDATE/DELETE granted; a trigger from migration 0001 refuses them
even to the owner), and each appended entry must carry the signed-in user as `who` and the current chain head as
`prev_hash` (checked under the chain's advisory lock).
"""

from __future__ import annotations

from yjtui.rules.roles import POLICE_CASE_RECORD_KINDS, POLICE_DEADLINES, POLICE_EVENT_TYPES, POLICE_RECORDS_KINDS, ROLES
from yjtui.store.server import AUDIT_LOCK

DATA_TABLES = ("child", "hearing", "assessment", "plan", "caserecord", "event", "taskdone")
STAFF = ("case_manager", "manager", "administrator")


def group(role: str) -> str:
    return f"yjtui_{role}"


def _sql_list(items) -> str:
    return ", ".join("'" + i.replace("'", "''") + "'" for i in items)


def _police_task_rules() -> str:
    """The deadlines a police officer marks done: the rule ids of the police tasks (roles.POLICE_DEADLINES)."""
    parts = []
    for rule in POLICE_DEADLINES:
        if rule.endswith("."):  # a family of rules ("iss.")
            parts.append(f"rule LIKE {_sql_list([rule + '%'])}")
        else:
            parts.append(f"rule = {_sql_list([rule])}")
    return " OR ".join(parts)


def statements() -> list[str]:
    staff = ", ".join(group(r) for r in STAFF)
    everyone = ", ".join(group(r) for r in ROLES)
    police = group("police_officer")
    out: list[str] = []
    for role in ROLES:
        out.append(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group(role)}') THEN "
                   f"CREATE ROLE {group(role)} NOLOGIN; END IF; END $$")
    out += [
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"GRANT SELECT ON alembic_version, setting TO {everyone}",
        f"GRANT INSERT, UPDATE ON setting TO {group('case_manager')}, {group('manager')}, {group('administrator')}",
        f"GRANT SELECT, INSERT, UPDATE ON {', '.join(DATA_TABLES)} TO {staff}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {staff}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM {everyone}",
        f"GRANT SELECT, INSERT ON audit TO {everyone}",
        f"GRANT USAGE, SELECT ON SEQUENCE audit_id_seq TO {police}",
        # Police read tables whose rows they may not see too, filtered by row-level security below: a query finds
        # nothing rather than failing, so the shared screens (case list, board) still open for a police user.
        f"GRANT SELECT ON child, hearing, event, taskdone, assessment, caserecord, plan TO {police}",
        f"GRANT INSERT, UPDATE ON caserecord TO {police}",
        f"GRANT USAGE, SELECT ON SEQUENCE caserecord_id_seq TO {police}",
        # The police tasks' events and their done marks (row-level security below keeps them to the police's own).
        f"GRANT INSERT ON event, taskdone TO {police}",
        f"GRANT UPDATE ON event TO {police}",  # an ISS start or DYO classification date moved
        f"GRANT USAGE, SELECT ON SEQUENCE event_id_seq, taskdone_id_seq TO {police}",
    ]
    # Row-level security where rows, not whole tables, differ by role.
    for table in ("assessment", "caserecord", "plan", "audit", "event", "taskdone"):
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"DROP POLICY IF EXISTS staff_all ON {table}")
        out.append(f"DROP POLICY IF EXISTS police_read ON {table}")
        out.append(f"DROP POLICY IF EXISTS police_records ON {table}")
        out.append(f"DROP POLICY IF EXISTS police_changes ON {table}")
    out += [
        f"CREATE POLICY staff_all ON assessment TO {staff} USING (true) WITH CHECK (true)",
        f"CREATE POLICY police_read ON assessment FOR SELECT TO {police} "
        "USING (kind = 'rosh' AND status = 'countersigned')",
        f"CREATE POLICY staff_all ON caserecord TO {staff} USING (true) WITH CHECK (true)",
        f"CREATE POLICY staff_all ON plan TO {staff} USING (true) WITH CHECK (true)",  # police: no policy, no rows
        f"CREATE POLICY police_read ON caserecord FOR SELECT TO {police} "
        f"USING (kind IN ({_sql_list(POLICE_CASE_RECORD_KINDS) or chr(39) * 2}))",
        f"CREATE POLICY police_records ON caserecord FOR INSERT TO {police} "
        f"WITH CHECK (kind IN ({_sql_list(POLICE_RECORDS_KINDS)}))",
        f"CREATE POLICY police_changes ON caserecord FOR UPDATE TO {police} "
        f"USING (kind IN ({_sql_list(POLICE_RECORDS_KINDS)})) WITH CHECK (kind IN ({_sql_list(POLICE_RECORDS_KINDS)}))",
        f"CREATE POLICY staff_all ON event TO {staff} USING (true) WITH CHECK (true)",
        f"CREATE POLICY police_read ON event FOR SELECT TO {police} USING (true)",
        f"CREATE POLICY police_records ON event FOR INSERT TO {police} "
        f"WITH CHECK (type IN ({_sql_list(POLICE_EVENT_TYPES)}))",
        f"CREATE POLICY police_changes ON event FOR UPDATE TO {police} "
        f"USING (type IN ({_sql_list(POLICE_EVENT_TYPES)})) WITH CHECK (type IN ({_sql_list(POLICE_EVENT_TYPES)}))",
        f"CREATE POLICY staff_all ON taskdone TO {staff} USING (true) WITH CHECK (true)",
        f"CREATE POLICY police_read ON taskdone FOR SELECT TO {police} USING (true)",
        f"CREATE POLICY police_records ON taskdone FOR INSERT TO {police} "
        f"WITH CHECK ({_police_task_rules()})",
        "DROP POLICY IF EXISTS everyone_appends ON audit",
        f"CREATE POLICY staff_all ON audit FOR SELECT TO {staff} USING (true)",
        f"CREATE POLICY police_read ON audit FOR SELECT TO {police} USING (who = session_user)",
        f"CREATE POLICY everyone_appends ON audit FOR INSERT TO {everyone} WITH CHECK (who = session_user)",
    ]
    # The chain head and its lock, readable by every role whatever rows it may see (runs as the owner).
    out.append(f"""
CREATE OR REPLACE FUNCTION yjtui_audit_head() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock({AUDIT_LOCK});
  RETURN coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '');
END $$""")
    out.append(f"""
CREATE OR REPLACE FUNCTION yjtui_audit_append() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE head text;
BEGIN
  PERFORM pg_advisory_xact_lock({AUDIT_LOCK});
  head := coalesce((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), '');
  IF NEW.prev_hash <> head THEN
    RAISE EXCEPTION 'audit entry does not follow the chain head: append under yjtui_audit_head()'
      USING ERRCODE = '40001';
  END IF;
  IF NEW.who <> session_user AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
    RAISE EXCEPTION 'an audit entry names the signed-in user (%), not %', session_user, NEW.who
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$""")
    out.append("DROP TRIGGER IF EXISTS audit_append ON audit")
    out.append("CREATE TRIGGER audit_append BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION yjtui_audit_append()")
    # Countersigning is a manager's act: refused to anyone else, whichever client sends it.
    out.append(f"""
CREATE OR REPLACE FUNCTION yjtui_countersign_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND (NEW.status = 'countersigned' OR NEW.countersigned_by <> ''))
     OR (TG_OP = 'UPDATE' AND ((NEW.status = 'countersigned' AND OLD.status IS DISTINCT FROM 'countersigned')
         OR NEW.countersigned_by IS DISTINCT FROM OLD.countersigned_by
         OR NEW.countersigned_at IS DISTINCT FROM OLD.countersigned_at)) THEN
    IF NOT pg_has_role(session_user, '{group("manager")}', 'MEMBER') THEN
      RAISE EXCEPTION 'only a manager may countersign (you are signed in as %)', session_user
        USING ERRCODE = '42501';
    END IF;
  END IF;
  RETURN NEW;
END $$""")
    # A plan's reviews are countersigned inside its JSON data (screens/plan.py): the same rule, read from there.
    out.append(f"""
CREATE OR REPLACE FUNCTION yjtui_review_countersigners(data text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(coalesce(r->>'countersigned_by', '') ORDER BY n), '{{}}')
  FROM jsonb_array_elements(coalesce(data::jsonb->'reviews', '[]'::jsonb)) WITH ORDINALITY AS x(r, n)
$$""")
    out.append(f"""
CREATE OR REPLACE FUNCTION yjtui_review_countersign_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT bool_or(c <> '') FROM unnest(yjtui_review_countersigners(NEW.data)) WITH ORDINALITY AS n(c, i)
      WHERE TG_OP = 'INSERT' OR c IS DISTINCT FROM (yjtui_review_countersigners(OLD.data))[i])
     AND NOT pg_has_role(session_user, '{group("manager")}', 'MEMBER') THEN
    RAISE EXCEPTION 'only a manager may countersign a plan review (you are signed in as %)', session_user
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$""")
    out.append("DROP TRIGGER IF EXISTS countersign_guard ON plan")
    out.append("CREATE TRIGGER countersign_guard BEFORE INSERT OR UPDATE OF data ON plan "
               "FOR EACH ROW EXECUTE FUNCTION yjtui_review_countersign_guard()")
    for table in ("assessment", "caserecord"):
        out.append(f"DROP TRIGGER IF EXISTS countersign_guard ON {table}")
        out.append(f"CREATE TRIGGER countersign_guard BEFORE INSERT OR UPDATE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION yjtui_countersign_guard()")
    return out


def digest() -> str:
    """Which rights this version of yjtui applies: a new version with changed rights applies them again."""
    import hashlib

    return hashlib.sha256("\n".join(statements()).encode()).hexdigest()[:16]


def apply(conn) -> None:
    """Apply every grant, policy and trigger (the caller holds the migration lock, in one transaction)."""
    cur = conn.connection.cursor()  # the DBAPI cursor: no parameters, so RAISE's % is not a placeholder
    try:
        for sql in statements():
            cur.execute(sql)
        cur.execute(f"COMMENT ON FUNCTION yjtui_audit_head() IS 'yjtui rights {digest()}'")
    finally:
        cur.close()


def is_applied(conn) -> bool:
    found = conn.exec_driver_sql("SELECT obj_description(to_regprocedure('yjtui_audit_head()'), 'pg_proc')").scalar()
    return found == f"yjtui rights {digest()}"
