-- grants.sql: what each role of a Vigil team database may do, enforced by
-- PostgreSQL whatever the client is. Run as vigil_owner in the team
-- database after Vigil created its tables (its first connection as
-- vigil_owner), and again after each Vigil upgrade that changed the tables:
--
--   psql -v ON_ERROR_STOP=1 "postgresql://vigil_owner@HOST/vigil" -f grants.sql
--
-- Safe to run again. A table that a newer Vigil adds is reachable by nobody
-- but the owner until this file is run again (the safe default).
--
-- What it enforces (the roles are made by roles.sql):
--   * The archive (posts, events, author profiles), the journal (records:
--     cases, templates, dossiers…), the audit chain, the sentiment
--     overrides, the alerts and the access log grant INSERT and SELECT only:
--     no role but the owner has UPDATE or DELETE on them, and Vigil's
--     triggers refuse UPDATE, DELETE and TRUNCATE even to the owner. A
--     change done anyway (as the owner, triggers disabled) breaks the hash
--     chains: `vigil-cli verify` names the row.
--   * HR dossiers (records of kind 'dossier', blobs of kind
--     'dossier-original') are visible to vigil_hr only: row-level security
--     hides them from every other role, raw SQL included.
--   * The access log is readable by vigil_compliance only; everyone adds to
--     it (and sees the ids of the rows they added themselves, nothing else:
--     Vigil chains each new row by its id).
--   * Each row of the journal, the access log and the overrides records the
--     PostgreSQL role that wrote it (db_role, set by the database).
--   * The heads of the chains and the tables derived from the archive
--     (post state, search index, annotations) are updated by the writers;
--     verify checks them against the chains.
--   * Purging posts past their retention and verifying the whole database
--     (it reads dossiers and the access log) are the owner's jobs.

\set ON_ERROR_STOP 1
SET client_min_messages = warning;

DO $$
BEGIN
  IF to_regclass ('vigil_schema') IS NULL THEN
    RAISE EXCEPTION 'no Vigil tables in database %: connect Vigil once as vigil_owner first',
      current_database ();
  END IF;
  IF NOT pg_has_role (current_user, 'vigil_owner', 'USAGE') THEN
    RAISE EXCEPTION 'run grants.sql as vigil_owner (now: %)', current_user;
  END IF;
END
$$;

-- Only team roles connect; nobody else creates anything here.
SELECT format ('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database ()) \gexec
SELECT format ('GRANT CONNECT, TEMPORARY ON DATABASE %I TO vigil_member, vigil_ingest',
               current_database ()) \gexec
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO vigil_member, vigil_ingest;

-- Start from nothing, then grant each right below.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, vigil_member, vigil_hr,
  vigil_compliance, vigil_ingest;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, vigil_member, vigil_hr,
  vigil_compliance, vigil_ingest;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO vigil_member, vigil_ingest;

GRANT SELECT ON vigil_schema TO vigil_member, vigil_ingest;

-- Append-only: INSERT and SELECT, never UPDATE or DELETE.
GRANT SELECT, INSERT ON posts, events, author_profiles, alerts, audit_chain
  TO vigil_member, vigil_ingest;
GRANT SELECT, INSERT ON sentiment_overrides, records TO vigil_member;
GRANT SELECT ON sentiment_overrides, records, tombstones TO vigil_ingest;
GRANT SELECT ON tombstones TO vigil_member;

-- The access log: everyone adds, only compliance reads.
GRANT INSERT, SELECT (id) ON access_log TO vigil_member, vigil_ingest;
GRANT SELECT ON access_log TO vigil_compliance;

-- The chains' heads and the tables derived from the archive.
GRANT SELECT, UPDATE ON chain_head, audit_head TO vigil_member, vigil_ingest;
GRANT SELECT, UPDATE ON journal_head TO vigil_member;
GRANT SELECT ON journal_head TO vigil_ingest;
GRANT SELECT, INSERT, UPDATE ON post_state, posts_fts, annotations, cursors
  TO vigil_member, vigil_ingest;

-- Blobs: put (replaced in place) and deleted by retention.
GRANT SELECT, INSERT, UPDATE, DELETE ON blobs TO vigil_member;

-- HR dossiers: row-level security. The owner (IT's migrations, verify,
-- retention) is not subject to it; every other role is.
ALTER TABLE records ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS records_read ON records;
DROP POLICY IF EXISTS records_write ON records;
DROP POLICY IF EXISTS records_hr ON records;
CREATE POLICY records_read ON records FOR SELECT TO vigil_member, vigil_ingest
  USING (kind <> 'dossier');
CREATE POLICY records_write ON records FOR INSERT TO vigil_member
  WITH CHECK (kind <> 'dossier');
CREATE POLICY records_hr ON records FOR ALL TO vigil_hr
  USING (true) WITH CHECK (true);

ALTER TABLE blobs ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS blobs_member ON blobs;
DROP POLICY IF EXISTS blobs_hr ON blobs;
CREATE POLICY blobs_member ON blobs FOR ALL TO vigil_member
  USING (kind <> 'dossier-original') WITH CHECK (kind <> 'dossier-original');
CREATE POLICY blobs_hr ON blobs FOR ALL TO vigil_hr
  USING (true) WITH CHECK (true);

ALTER TABLE access_log ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS access_log_add ON access_log;
DROP POLICY IF EXISTS access_log_own_ids ON access_log;
DROP POLICY IF EXISTS access_log_compliance ON access_log;
CREATE POLICY access_log_add ON access_log FOR INSERT TO vigil_member, vigil_ingest
  WITH CHECK (true);
CREATE POLICY access_log_own_ids ON access_log FOR SELECT TO vigil_member, vigil_ingest
  USING (db_role = session_user);
CREATE POLICY access_log_compliance ON access_log FOR SELECT TO vigil_compliance
  USING (true);
