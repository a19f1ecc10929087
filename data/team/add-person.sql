-- add-person.sql: a person's own login role in a team database. Run as a
-- superuser or a role with CREATEROLE, once per person:
--
--   psql -v ON_ERROR_STOP=1 -d postgres -v person=ana -v team=vigil_member -f add-person.sql
--   psql -d postgres -c '\password ana'
--
-- team: vigil_member, vigil_hr (HR researchers), vigil_compliance
-- (compliance officers) or vigil_ingest (the listen server's role). The role
-- inherits its team's rights; Vigil records this role as the author of
-- everything the person does. To remove a person: REVOKE the team role
-- (their past actions stay in the log under their name).

SET client_min_messages = warning;
SELECT format ('CREATE ROLE %I LOGIN IN ROLE %I', :'person', :'team')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'person') \gexec
SELECT format ('GRANT %I TO %I', :'team', :'person') \gexec
