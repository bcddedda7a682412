-- The change log of the citizen-level tables on a Citus cluster
-- (docs/scale-out.md): distribute() makes it a distributed table colocated
-- with the facts, the change-tracking triggers on the facts' shards write
-- into its shard beside them (in the same worker transaction), and
-- refresh() moves its rows into bi_change.  On one node it stays empty.

CREATE TABLE employment_kpi_internal.bi_change_citizen (
    LIKE employment_kpi_internal.bi_change
);
