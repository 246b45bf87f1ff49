-- SafeRoute's PostgreSQL roles: what each kind of server may do, and nothing more.
--
-- Run as the role that owns the tables (the one `flask db upgrade` runs as), after
-- every upgrade, since a release may add tables:
--
--   psql "postgresql://saferoute_owner@db-host/saferoute" -v ON_ERROR_STOP=1 -f deploy/postgres-roles.sql
--
-- It makes two login roles if they do not exist yet (set their passwords with
-- psql's \password, so no password lands in a shell history), takes every
-- privilege away from them, and grants exactly these:
--
--   saferoute_web   the public web servers: store a sealed request, find it again,
--                   withdraw it, purge; count rate-limit tries. Nothing at all on
--                   the staff tables, and no UPDATE anywhere, so it cannot change a
--                   stored request either.
--   saferoute_staff the staff console host: read requests and record what happened;
--                   accounts, sessions and sign-in back-off; the audit log only
--                   read and appended to, never changed or deleted; count
--                   rate-limit tries.
--
-- A compromised public web server holding saferoute_web's password can then neither
-- read nor write a staff account, session or audit entry (docs/SECURITY.md).

\set ON_ERROR_STOP on

SELECT 'CREATE ROLE saferoute_web LOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'saferoute_web') \gexec
SELECT 'CREATE ROLE saferoute_staff LOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'saferoute_staff') \gexec

BEGIN;

-- Start from nothing, so a privilege removed here is removed from the database too.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM saferoute_web, saferoute_staff;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM saferoute_web, saferoute_staff;
GRANT USAGE ON SCHEMA public TO saferoute_web, saferoute_staff;

-- The public site. Deleting a request also deletes its windows and the console's
-- outcomes for it: PostgreSQL runs ON DELETE CASCADE as the tables' owner.
GRANT SELECT, INSERT, DELETE ON callback_request, callback_window, callback_spent_key TO saferoute_web;
GRANT USAGE ON SEQUENCE callback_request_id_seq, callback_window_id_seq TO saferoute_web;
-- The board's counts (saferoute/board/): one more received as a request arrives, purged as it
-- is purged. Counting adds to a row, so only the count itself can be updated; it is no request.
GRANT SELECT, INSERT, UPDATE (count) ON board_count TO saferoute_web;

-- The console: requests are read, moved on (status, times, its check) and purged, never written anew.
GRANT SELECT, DELETE ON callback_request TO saferoute_staff;
GRANT UPDATE (status, updated_at, delete_after, checked_mac, first_attempt_at) ON callback_request TO saferoute_staff;
GRANT SELECT, INSERT, UPDATE (count) ON board_count TO saferoute_staff;
GRANT SELECT ON callback_window TO saferoute_staff;
GRANT SELECT, DELETE ON callback_spent_key TO saferoute_staff;
GRANT SELECT, INSERT, UPDATE ON staff_users TO saferoute_staff;
GRANT SELECT, INSERT, UPDATE, DELETE ON staff_sessions, staff_sign_in_backoff TO saferoute_staff;
GRANT SELECT, INSERT ON staff_outcome, staff_audit TO saferoute_staff;
GRANT UPDATE (mac) ON staff_outcome TO saferoute_staff;  -- flask staff reseal
GRANT USAGE ON SEQUENCE staff_users_id_seq, staff_sessions_id_seq, staff_outcome_id_seq, staff_audit_id_seq
   TO saferoute_staff;

-- Both: rate-limit tries, when they are counted in the database (database://, the default):
-- a try is a row added, counted and deleted once it stops counting (saferoute/limit_storage.py).
GRANT SELECT, INSERT, DELETE ON rate_limit_hit TO saferoute_web, saferoute_staff;
GRANT USAGE ON SEQUENCE rate_limit_hit_id_seq TO saferoute_web, saferoute_staff;

COMMIT;
