-- roles.sql: the roles of a Vigil team database. Run once per PostgreSQL
-- cluster, as a superuser (or a role with CREATEROLE), before the first
-- Vigil connects:
--
--   psql -v ON_ERROR_STOP=1 -d postgres -f roles.sql
--
-- Safe to run again: a role that exists is left as it is.
--
--   vigil_owner       LOGIN, owns the database and every Vigil table. Vigil
--                     creates and upgrades the tables when it connects as
--                     this role. IT keeps its password; no person works as it.
--   vigil_member      NOLOGIN group: every person of the risk team. Reads the
--                     archive and the board; adds posts, cases, notes, log
--                     entries. Never changes or removes an archived row.
--   vigil_hr          NOLOGIN group (a vigil_member too): the only role that
--                     reads HR dossiers (records of kind 'dossier' and their
--                     encrypted originals).
--   vigil_compliance  NOLOGIN group (a vigil_member too): the only role that
--                     reads the access log.
--   vigil_ingest      NOLOGIN group: the headless `vigil-cli listen` server.
--                     Archives posts, their annotations and alerts; reads
--                     the journal (never a dossier) but adds nothing to it.
--
-- Each person then gets a LOGIN role of their own (add-person.sql), so the
-- database, not the client, knows who did what.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_owner') THEN
    CREATE ROLE vigil_owner LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_member') THEN
    CREATE ROLE vigil_member NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_hr') THEN
    CREATE ROLE vigil_hr NOLOGIN IN ROLE vigil_member;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_compliance') THEN
    CREATE ROLE vigil_compliance NOLOGIN IN ROLE vigil_member;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_ingest') THEN
    CREATE ROLE vigil_ingest NOLOGIN;
  END IF;
END
$$;
