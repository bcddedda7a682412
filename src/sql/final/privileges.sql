-- The last step of the install and of every upgrade: nothing of the
-- internal schema is executable by PUBLIC.  PostgreSQL grants EXECUTE on
-- every new function to PUBLIC, so a REVOKE in an earlier layer would miss
-- the functions of the later ones; here every layer has run.  The schema
-- employment_kpi_internal is granted to no one, so this is a second lock:
-- a role that was given USAGE by mistake still cannot call the helpers.
--
-- What keeps working without it: the SECURITY DEFINER functions call the
-- helpers with their owner's rights, an aggregate's support functions are
-- checked against the aggregate's owner, and a type's I/O functions are not
-- checked at all.  A view calls its functions with the rights of the role
-- reading it: grant_bi_views() grants the helpers the kpi_* views call to
-- the reader and analyst roles, again here for an upgrade that added one.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA employment_kpi_internal FROM PUBLIC;
SELECT employment_kpi.grant_bi_views();
