"""What each role may read and change on the team server, enforced by PostgreSQL itself (grants, row-level
security and triggers), applied by the administrator after every migration (idempotent: safe to run again).

Roles (yjtui/rules/roles.py) are group roles `yjtui_<role>`; each person's login is a member of one or more.

- case_manager: reads and changes every child's records (the schema holds no allocation yet), adds audit entries,
  reads the whole trail; cannot countersign.
- manager: as a case manager, and countersigns assessments, case records and plan reviews (Enfield Risk Management
  Guidance 8.1, seed 002 L547).
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

What the server makes, whoever the client (each tried with plain SQL as each role in tests/test_team_server.py):

- The audit trail. A client inserts only what happened (action, record, ids, field, old, new, detail: the only
  columns granted); the trigger `yjtui_guard.append()` gives the entry its number (the last + 1, no gaps), time,
  signed-in user, previous hash and its HMAC-SHA256 under the trail's key, and moves the head on, in that INSERT.
  It is append-only for everyone (no UPDATE/DELETE granted; a trigger from migration 0001 refuses them even to
  the owner). No function hands out the head or its lock outside an INSERT.
- The guard role `yjtui_guard` (NOLOGIN) owns the schema `yjtui_guard`: the key, the head (entries, last number,
  hash, when) and each login's lock PIN. No login is a member: the administrator holds it only while applying
  these rights, in the same transaction. So the owner of the tables, who can switch the audit trail's triggers off
  and delete entries, cannot move the head or read the key: `yjtui audit verify` reports a cut against the head
  and a changed entry against the key (the server recomputes the hashes, `yjtui_guard.check()`), and names any
  login that holds the guard role. A superuser, or an administrator who grants themselves the guard role, is beyond
  the server's own defence: every laptop also keeps the last head it saw (`audit_chain.py`).
- Signatures. Countersigning (an assessment, a case record, a plan review) sets the countersignature to the
  signed-in login and the time to the server's; only a manager's own login may (not a superuser's, not the
  database owner's, not an administrator's), never the record's author (or the review's recorder). A countersigned
  assessment (and exploitation screening) cannot change until a manager withdraws the countersignature, which is
  audited like any change; a completed record's author cannot change; a task marked done names the signed-in login.
- The lock PIN belongs to each login (`yjtui_guard.lockpin`, row-level security on the login): no one else, the
  owner included, reads or changes it.
- Text that cannot command a terminal. A trigger on every table that holds people's text (`TEXT_TABLES`) refuses
  any value holding a character `yjtui.text.shown` would make visible in a multi-line note (C0 controls but newline
  and tab, DEL, C1, the bidirectional controls, line and paragraph separators: the set is read from `yjtui.text`,
  not written again here), raw or, in a JSON column (`JSON_COLUMNS`), as a JSON escape (`\u001b`, `\r`). On an
  UPDATE only the columns that change are checked: a row stored before this rule keeps its odd text (shown made
  visible) until someone corrects it, and its other fields can still be saved. The audit entry's `old` is not
  checked, so correcting such a value is recorded as any correction is.
"""

from __future__ import annotations

import functools

from yjtui.rules.roles import POLICE_CASE_RECORD_KINDS, POLICE_DEADLINES, POLICE_EVENT_TYPES, POLICE_RECORDS_KINDS, ROLES
from yjtui.store.audit_chain import CLIENT_COLUMNS, sql_message
from yjtui.text import SUSPECT_RANGES, is_clean

DATA_TABLES = ("child", "hearing", "assessment", "plan", "caserecord", "event", "taskdone")
STAFF = ("case_manager", "manager", "administrator")
GUARD = "yjtui_guard"  # the role (and its schema) no login holds: the chain's key and head, the lock PINs
# Case record kinds whose answers are the judgement a manager countersigns (frozen while countersigned), as an
# assessment's are: the exploitation screening's scores and band (casework/exploitation.py SCREENING). A transfer
# or transition record goes on after its countersignature (the steps of the move), so it is not frozen.
JUDGEMENT_KINDS = ("exploitation",)
# Columns of an assessment that may change while it is countersigned: the record's own bookkeeping.
BOOKKEEPING = ("updated_at", "version")
# Tables whose text the server keeps free of control characters, and the columns it does not check there: an audit
# entry's `old` is what a correction replaced (a value stored before the rule may hold them).
TEXT_TABLES = {**{t: () for t in DATA_TABLES}, "setting": (), "audit": ("old",)}
# Columns holding JSON as text (models.py): there a control character can also come as a JSON escape.
JSON_COLUMNS = ("data", "charges")
TEXT_REFUSED = "text with control characters is refused"
# The short JSON escapes and the characters they stand for (RFC 8259 section 7).
_SHORT_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


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


def _not_superuser() -> str:
    return "NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"


def _guard(everyone: str, staff: str) -> list[str]:
    """The guard role's schema: the chain's key and head, the trigger that appends, the check, the lock PINs.

    Run by the administrator holding the guard role for this transaction only (granted first, revoked last)."""
    g = GUARD
    return [
        f"DO $$ BEGIN IF {_not_superuser()} THEN EXECUTE format('GRANT {g} TO %I', current_user); END IF; END $$",
        f"CREATE SCHEMA IF NOT EXISTS {g} AUTHORIZATION {g}",
        f"GRANT SELECT ON audit TO {g}",  # the check reads the trail; nothing else of the public schema
        f"SET LOCAL ROLE {g}",
        f"REVOKE ALL ON SCHEMA {g} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {g} TO {everyone}",
        f"""CREATE TABLE IF NOT EXISTS {g}.head (
              one boolean PRIMARY KEY DEFAULT true CHECK (one), trail text NOT NULL, entries bigint NOT NULL,
              last_id bigint NOT NULL, hash text NOT NULL, at timestamp)""",
        # The head starts at the trail as the first setup finds it (entries made before the keyed chain included).
        f"""INSERT INTO {g}.head (trail, entries, last_id, hash, at)
            SELECT gen_random_uuid()::text, count(*), coalesce(max(id), 0),
                   coalesce((SELECT hash FROM public.audit ORDER BY id DESC LIMIT 1), ''), localtimestamp
            FROM public.audit ON CONFLICT DO NOTHING""",
        f"""CREATE TABLE IF NOT EXISTS {g}.key (
              one boolean PRIMARY KEY DEFAULT true CHECK (one), inner_key bytea NOT NULL, outer_key bytea NOT NULL)""",
        # HMAC's inner and outer keys (the key XOR 0x36 and 0x5c, padded to SHA-256's 64-byte block): with them the
        # built-in sha256() makes an HMAC, so no extension (pgcrypto) is needed.
        f"""CREATE OR REPLACE FUNCTION {g}.pad(k bytea, b int) RETURNS bytea
            LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
            DECLARE out bytea := decode(repeat('00', 64), 'hex');
            BEGIN
              FOR i IN 0 .. 63 LOOP
                out := set_byte(out, i, (CASE WHEN i < length(k) THEN get_byte(k, i) ELSE 0 END) # b);
              END LOOP;
              RETURN out;
            END $$""",
        # The key: 32 bytes from the server's strong random source (two version-4 UUIDs, 244 random bits), made
        # once, on the server, by the first `yjtui admin setup`; it never leaves the guard's schema.
        f"""DO $$ DECLARE k bytea; BEGIN
              IF NOT EXISTS (SELECT 1 FROM {g}.key) THEN
                k := decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex');
                INSERT INTO {g}.key (inner_key, outer_key) VALUES ({g}.pad(k, 54), {g}.pad(k, 92));
              END IF;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION {g}.mac(msg text) RETURNS text
            LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
              SELECT encode(sha256(k.outer_key || sha256(k.inner_key || convert_to(msg, 'UTF8'))), 'hex')
              FROM {g}.key k $$""",
        # The one way onto the trail: an INSERT, completed here under the head's row lock (held to commit).
        f"""CREATE OR REPLACE FUNCTION {g}.append() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            DECLARE h record;
            BEGIN
              SELECT * INTO h FROM {g}.head FOR UPDATE;
              IF NOT FOUND THEN
                RAISE EXCEPTION 'the audit trail has no head: an administrator runs yjtui admin setup'
                  USING ERRCODE = '42501';
              END IF;
              NEW.id := h.last_id + 1;
              NEW.at := clock_timestamp()::timestamp;
              NEW.who := session_user;
              NEW.prev_hash := h.hash;
              NEW.chain := 2;
              NEW.hash := {g}.mac({sql_message("NEW")});
              UPDATE {g}.head SET entries = entries + 1, last_id = NEW.id, hash = NEW.hash, at = NEW.at;
              RETURN NEW;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION {g}.witness()
            RETURNS TABLE (trail text, entries bigint, last_id bigint, hash text, at timestamp)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
              SELECT trail, entries, last_id, hash, at FROM {g}.head $$""",
        f"""CREATE OR REPLACE FUNCTION {g}.check() RETURNS TABLE (checked bigint, first_bad bigint)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
              SELECT count(*), min(a.id) FILTER (WHERE a.hash IS DISTINCT FROM {g}.mac({sql_message("a")}))
              FROM public.audit a WHERE a.chain = 2 $$""",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {g} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {g}.witness() TO {staff}",
        f"GRANT EXECUTE ON FUNCTION {g}.check() TO {staff}",
        # Each login's own lock PIN (a salted scrypt hash): row-level security on the login, for every role.
        f"""CREATE TABLE IF NOT EXISTS {g}.lockpin (
              login text PRIMARY KEY DEFAULT session_user, hash text NOT NULL)""",
        f"ALTER TABLE {g}.lockpin ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS own ON {g}.lockpin",
        f"CREATE POLICY own ON {g}.lockpin TO {everyone} USING (login = session_user) "
        "WITH CHECK (login = session_user)",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {g}.lockpin TO {everyone}",
        "RESET ROLE",
        # The trail's triggers, on the table the administrator owns (created holding the guard role, which the
        # function's EXECUTE needs; firing them needs nothing of the one who inserts).
        "DROP TRIGGER IF EXISTS audit_append ON audit",
        "DROP FUNCTION IF EXISTS yjtui_audit_append()",
        "DROP FUNCTION IF EXISTS yjtui_audit_head()",
        f"CREATE TRIGGER audit_append BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION {g}.append()",
    ]


@functools.cache
def refused_characters() -> tuple[int, ...]:
    """The code points the server refuses in stored text: those `yjtui.text.shown` makes visible in a multi-line
    note (newline and tab kept), read from it rather than written again: only the ranges `shown` looks at are asked
    (tests/test_team_server.py checks the whole range once; a scan of it on every connect took 60 ms); surrogates
    cannot be stored in PostgreSQL's UTF-8."""
    return tuple(c for a, b in SUSPECT_RANGES for c in range(a, b + 1)
                 if not 0xD800 <= c <= 0xDFFF and not is_clean(chr(c), keep_newlines=True))


def _ranges(codes) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for c in codes:
        if out and out[-1][1] == c - 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def raw_pattern() -> str:
    """A PostgreSQL regular expression (ARE) matching any refused character as it is (NUL aside: PostgreSQL text
    cannot hold it)."""
    parts = [f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}"
             for a, b in _ranges(c for c in refused_characters() if c)]
    return "[" + "".join(parts) + "]"


def escaped_pattern() -> str:
    """A PostgreSQL regular expression (case-insensitive) matching a refused character written as a JSON escape:
    `\\u001b`, or a short escape such as `\\r`, and only where the backslash is an escape's (after an even run of
    backslashes, so the text `\\\\u001b`, a backslash then "u001b", is not refused)."""
    hexes = "|".join(f"{c:04x}" for c in refused_characters())
    short = "".join(k for k, ch in _SHORT_ESCAPES.items() if ord(ch) in refused_characters())
    return f"(^|[^\\\\])(\\\\\\\\)*\\\\(u({hexes})|[{short}])"


def _plain_text() -> list[str]:
    """One trigger function on every table of `TEXT_TABLES`: a value holding a refused character is refused with
    the same plain words whoever sends it, as a check violation (the app shows it as the server's refusal)."""
    json_columns = _sql_list(JSON_COLUMNS)
    out = [
        f"""CREATE OR REPLACE FUNCTION yjtui_plain_text() RETURNS trigger
            LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
            DECLARE c record; was jsonb;
            BEGIN
              IF TG_OP = 'UPDATE' THEN was := to_jsonb(OLD); END IF;
              FOR c IN SELECT key, value FROM jsonb_each_text(to_jsonb(NEW)) LOOP
                CONTINUE WHEN c.value IS NULL OR c.key = ANY (TG_ARGV);
                CONTINUE WHEN was IS NOT NULL AND was->>c.key IS NOT DISTINCT FROM c.value;
                IF c.value ~ '{raw_pattern()}'
                   OR (c.key IN ({json_columns}) AND c.value ~* '{escaped_pattern()}') THEN
                  RAISE EXCEPTION '{TEXT_REFUSED} (%, %)', TG_TABLE_NAME, c.key USING ERRCODE = '23514';
                END IF;
              END LOOP;
              RETURN NEW;
            END $$""",
    ]
    for table, unchecked in TEXT_TABLES.items():
        out += [f"DROP TRIGGER IF EXISTS plain_text ON {table}",
                # Named to fire after the other BEFORE triggers (alphabetical), so it checks what is stored.
                f"CREATE TRIGGER plain_text BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
                f"EXECUTE FUNCTION yjtui_plain_text({_sql_list(unchecked)})"]
    return out


def _signatures(staff: str) -> list[str]:
    manager = group("manager")
    administrator = group("administrator")
    frozen = _sql_list(JUDGEMENT_KINDS)
    bookkeeping = _sql_list(BOOKKEEPING)
    return [
        # Who may countersign: NULL when the signed-in login may, else why not (the words the user sees).
        f"""CREATE OR REPLACE FUNCTION yjtui_may_countersign() RETURNS text
            LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
              IF (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
                RETURN format('only a manager may countersign, with their own login (%s is a superuser)', session_user);
              END IF;
              IF session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database())
              THEN
                RETURN format('only a manager may countersign, with their own login (%s owns the database)',
                              session_user);
              END IF;
              IF pg_has_role(session_user, '{administrator}', 'MEMBER') THEN
                RETURN format('only a manager may countersign (you are signed in as %s, an administrator)',
                              session_user);
              END IF;
              IF NOT pg_has_role(session_user, '{manager}', 'MEMBER') THEN
                RETURN format('only a manager may countersign (you are signed in as %s)', session_user);
              END IF;
              RETURN NULL;
            END $$""",
        # Assessments and case records: the countersignature is the signed-in manager's, never the author's; a
        # countersigned judgement stays as signed until a manager withdraws the signature; the author is fixed once
        # the record is completed.
        f"""CREATE OR REPLACE FUNCTION yjtui_countersign_guard() RETURNS trigger
            LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
            DECLARE why text; signing boolean; withdrawing boolean := false; author text; changed boolean;
            BEGIN
              IF TG_OP = 'INSERT' THEN
                IF NEW.author <> '' THEN NEW.author := session_user; END IF;
                signing := NEW.status = 'countersigned' OR NEW.countersigned_by <> ''
                           OR NEW.countersigned_at IS NOT NULL;
                author := NEW.author;
              ELSE
                author := OLD.author;
                IF NEW.author IS DISTINCT FROM OLD.author THEN
                  IF OLD.status <> 'draft' THEN
                    RAISE EXCEPTION 'the author of a completed record cannot change (it is %)', OLD.author
                      USING ERRCODE = '42501';
                  END IF;
                  IF NEW.author <> '' THEN NEW.author := session_user; END IF;  -- who completes it
                END IF;
                withdrawing := OLD.status = 'countersigned' AND NEW.status <> 'countersigned';
                signing := NOT withdrawing AND (
                  (NEW.status = 'countersigned' AND OLD.status <> 'countersigned')
                  OR NEW.countersigned_by IS DISTINCT FROM OLD.countersigned_by
                  OR NEW.countersigned_at IS DISTINCT FROM OLD.countersigned_at);
                IF OLD.status = 'countersigned' AND NOT withdrawing THEN
                  IF signing THEN
                    RAISE EXCEPTION 'this record is countersigned already (by %): a manager withdraws that '
                      'countersignature first', OLD.countersigned_by USING ERRCODE = '42501';
                  END IF;
                  IF TG_TABLE_NAME = 'assessment' THEN
                    changed := (to_jsonb(NEW) - ARRAY[{bookkeeping}]) IS DISTINCT FROM
                               (to_jsonb(OLD) - ARRAY[{bookkeeping}]);
                  ELSE
                    changed := NEW.kind IS DISTINCT FROM OLD.kind OR NEW.child_id IS DISTINCT FROM OLD.child_id
                               OR NEW.completed_at IS DISTINCT FROM OLD.completed_at
                               OR (OLD.kind IN ({frozen}) AND NEW.data IS DISTINCT FROM OLD.data);
                  END IF;
                  IF changed THEN
                    RAISE EXCEPTION 'a countersigned record cannot change: a manager withdraws the '
                      'countersignature first (countersigned by %)', OLD.countersigned_by USING ERRCODE = '42501';
                  END IF;
                END IF;
              END IF;
              IF signing OR withdrawing THEN
                why := yjtui_may_countersign();
                IF why IS NOT NULL THEN
                  RAISE EXCEPTION '%', why USING ERRCODE = '42501';
                END IF;
                IF lower(coalesce(author, '')) = lower(session_user) THEN
                  RAISE EXCEPTION 'the author cannot countersign their own record (%): another manager does',
                    session_user USING ERRCODE = '42501';
                END IF;
              END IF;
              IF signing THEN
                NEW.countersigned_by := session_user;
                NEW.countersigned_at := date_trunc('second', localtimestamp);
              ELSIF withdrawing THEN
                NEW.countersigned_by := '';
                NEW.countersigned_at := NULL;
              END IF;
              RETURN NEW;
            END $$""",
        # A plan's reviews are countersigned inside its JSON data (screens/plan.py): the same rules, per review.
        # The login that records a review is kept with it (`recorded_by`, set by the server) and may not
        # countersign it; a countersigned review is neither changed nor removed until a manager withdraws it.
        """DROP FUNCTION IF EXISTS yjtui_review_countersigners(text)""",
        """CREATE OR REPLACE FUNCTION yjtui_review_guard() RETURNS trigger
            LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
            DECLARE nd jsonb; od jsonb; nr jsonb := '[]'; orv jsonb := '[]'; out jsonb := '[]';
                    r jsonb; o jsonb; os text; ns text; why text; changed boolean := false;
            BEGIN
              BEGIN nd := NEW.data::jsonb; EXCEPTION WHEN others THEN nd := NULL; END;
              IF jsonb_typeof(nd) = 'object' AND jsonb_typeof(nd->'reviews') = 'array' THEN nr := nd->'reviews'; END IF;
              IF TG_OP = 'UPDATE' THEN
                BEGIN od := OLD.data::jsonb; EXCEPTION WHEN others THEN od := NULL; END;
                IF jsonb_typeof(od) = 'object' AND jsonb_typeof(od->'reviews') = 'array' THEN
                  orv := od->'reviews';
                END IF;
              END IF;
              FOR i IN jsonb_array_length(nr) .. jsonb_array_length(orv) - 1 LOOP
                IF coalesce(orv->i->>'countersigned_by', '') <> '' THEN
                  RAISE EXCEPTION 'a countersigned plan review cannot be removed' USING ERRCODE = '42501';
                END IF;
              END LOOP;
              FOR i IN 0 .. jsonb_array_length(nr) - 1 LOOP
                r := nr->i;
                o := CASE WHEN jsonb_typeof(orv->i) = 'object' THEN orv->i END;
                IF jsonb_typeof(r) <> 'object' THEN
                  out := out || jsonb_build_array(r);
                  CONTINUE;
                END IF;
                IF o IS NOT NULL AND r->'recorded_by' IS DISTINCT FROM o->'recorded_by' THEN
                  -- another review in this place (one copy's list kept over another's): the old one goes
                  IF coalesce(o->>'countersigned_by', '') <> '' THEN
                    RAISE EXCEPTION 'a countersigned plan review cannot be removed' USING ERRCODE = '42501';
                  END IF;
                  o := NULL;
                END IF;
                IF o IS NULL AND r->>'recorded_by' IS DISTINCT FROM session_user THEN
                  r := r || jsonb_build_object('recorded_by', session_user);  -- a new review: who records it
                  changed := true;
                END IF;
                os := coalesce(o->>'countersigned_by', '');
                ns := coalesce(r->>'countersigned_by', '');
                IF os <> '' AND ns <> '' THEN
                  IF r IS DISTINCT FROM o THEN
                    RAISE EXCEPTION 'a countersigned plan review cannot change: a manager withdraws the '
                      'countersignature first (countersigned by %)', os USING ERRCODE = '42501';
                  END IF;
                ELSIF os <> '' OR ns <> '' THEN
                  why := yjtui_may_countersign();
                  IF why IS NOT NULL THEN
                    RAISE EXCEPTION '%', replace(why, 'countersign', 'countersign a plan review')
                      USING ERRCODE = '42501';
                  END IF;
                  IF lower(coalesce(r->>'recorded_by', '')) = lower(session_user) THEN
                    RAISE EXCEPTION 'the review''s recorder cannot countersign it (%): another manager does',
                      session_user USING ERRCODE = '42501';
                  END IF;
                  IF ns <> '' THEN
                    IF ns IS DISTINCT FROM session_user OR r->>'countersigned_at' IS DISTINCT FROM
                        to_char(localtimestamp, 'YYYY-MM-DD"T"HH24:MI') THEN
                      r := r || jsonb_build_object('countersigned_by', session_user,
                                                   'countersigned_at', to_char(localtimestamp, 'YYYY-MM-DD"T"HH24:MI'));
                      changed := true;
                    END IF;
                  ELSIF r ? 'countersigned_at' THEN
                    r := r - 'countersigned_at';
                    changed := true;
                  END IF;
                END IF;
                out := out || jsonb_build_array(r);
              END LOOP;
              IF changed THEN
                NEW.data := jsonb_set(nd, '{reviews}', out)::text;
              END IF;
              RETURN NEW;
            END $$""",
        "DROP TRIGGER IF EXISTS countersign_guard ON plan",
        "DROP FUNCTION IF EXISTS yjtui_review_countersign_guard()",
        "CREATE TRIGGER countersign_guard BEFORE INSERT OR UPDATE OF data ON plan "
        "FOR EACH ROW EXECUTE FUNCTION yjtui_review_guard()",
        *[s for table in ("assessment", "caserecord") for s in (
            f"DROP TRIGGER IF EXISTS countersign_guard ON {table}",
            f"CREATE TRIGGER countersign_guard BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION yjtui_countersign_guard()")],
        # A task marked done names the signed-in login, and keeps it.
        """CREATE OR REPLACE FUNCTION yjtui_done_by() RETURNS trigger
            LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
              IF TG_OP = 'INSERT' THEN
                NEW.done_by := session_user;
              ELSIF NEW.done_by IS DISTINCT FROM OLD.done_by THEN
                RAISE EXCEPTION 'who marked a task done cannot change (it was %)', OLD.done_by
                  USING ERRCODE = '42501';
              END IF;
              RETURN NEW;
            END $$""",
        "DROP TRIGGER IF EXISTS done_by ON taskdone",
        "CREATE TRIGGER done_by BEFORE INSERT OR UPDATE ON taskdone FOR EACH ROW EXECUTE FUNCTION yjtui_done_by()",
    ]


def statements() -> list[str]:
    staff = ", ".join(group(r) for r in STAFF)
    everyone = ", ".join(group(r) for r in ROLES)
    police = group("police_officer")
    out: list[str] = []
    for name in [group(role) for role in ROLES] + [GUARD]:
        out.append(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN "
                   f"CREATE ROLE {name} NOLOGIN; END IF; END $$")
    out += [
        "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"GRANT SELECT ON alembic_version, setting TO {everyone}",
        f"GRANT INSERT, UPDATE ON setting TO {group('case_manager')}, {group('manager')}, {group('administrator')}",
        f"GRANT SELECT, INSERT, UPDATE ON {', '.join(DATA_TABLES)} TO {staff}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {staff}",
        # The trail: read (row-level security below) and appended to, only by what happened.
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit FROM {everyone}",
        f"GRANT SELECT ON audit TO {everyone}",
        f"GRANT INSERT ({', '.join(CLIENT_COLUMNS)}) ON audit TO {everyone}",
        f"GRANT USAGE, SELECT ON SEQUENCE audit_id_seq TO {police}",
        # Police read tables whose rows they may not see too, filtered by row-level security below: a query finds
        # nothing rather than failing, so the shared screens (case list, board) still open for a police user.
        f"GRANT SELECT ON child, hearing, event, taskdone, assessment, caserecord, plan TO {police}",
        f"GRANT INSERT, UPDATE ON caserecord TO {police}",
        f"GRANT USAGE, SELECT ON SEQUENCE caserecord_id_seq TO {police}",
        # The police tasks' events and their done marks (row-level security below keeps them to the police's own).
        f"GRANT INSERT ON event, taskdone TO {police}",
        f"GRANT UPDATE (rule) ON taskdone TO {police}",  # their own done undone (board `u`, below)
        f"GRANT UPDATE ON event TO {police}",  # an ISS start or DYO classification date moved
        f"GRANT USAGE, SELECT ON SEQUENCE event_id_seq, taskdone_id_seq TO {police}",
        # A session left inside a transaction (an open change, which may hold the trail's head) ends after a
        # minute by default, for any client; the app's own sessions also set it (server.connect_args).
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET idle_in_transaction_session_timeout = %L', "
        "current_database(), '60s'); END $$",
    ]
    # Row-level security where rows, not whole tables, differ by role.
    for table in ("assessment", "caserecord", "plan", "audit", "event", "taskdone"):
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        out.append(f"DROP POLICY IF EXISTS staff_all ON {table}")
        out.append(f"DROP POLICY IF EXISTS police_read ON {table}")
        out.append(f"DROP POLICY IF EXISTS police_records ON {table}")
        out.append(f"DROP POLICY IF EXISTS police_changes ON {table}")
        out.append(f"DROP POLICY IF EXISTS guard_read ON {table}")
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
        # A police task the officer marked done, undone from the board (`board.undo_done`: rule -> undone:<rule>).
        f"CREATE POLICY police_changes ON taskdone FOR UPDATE TO {police} "
        f"USING (done_by = session_user AND ({_police_task_rules()})) WITH CHECK (rule LIKE 'undone:%')",
        "DROP POLICY IF EXISTS everyone_appends ON audit",
        f"CREATE POLICY staff_all ON audit FOR SELECT TO {staff} USING (true)",
        f"CREATE POLICY police_read ON audit FOR SELECT TO {police} USING (who = session_user)",
        f"CREATE POLICY everyone_appends ON audit FOR INSERT TO {everyone} WITH CHECK (who = session_user)",
        f"CREATE POLICY guard_read ON audit FOR SELECT TO {GUARD} USING (true)",  # the head's start, the check
    ]
    out += _guard(everyone, staff)
    out += _signatures(staff)
    out += _plain_text()
    # The administrator gives the guard role back: no login holds it once the rights are applied.
    out.append(f"DO $$ BEGIN IF {_not_superuser()} THEN EXECUTE format('REVOKE {GUARD} FROM %I', current_user); "
               "END IF; END $$")
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
        cur.execute(f"COMMENT ON TABLE audit IS 'yjtui rights {digest()}'")
    finally:
        cur.close()


def is_applied(conn) -> bool:
    found = conn.exec_driver_sql("SELECT obj_description('audit'::regclass, 'pg_class')").scalar()
    return found == f"yjtui rights {digest()}"
