-- pg_temp.relerr(a, b): the relative error |a - b| / max(|a|, |b|), 0 where
-- a = b; NULL only matches NULL (test/lib/relerr.sql).
CREATE FUNCTION pg_temp.relerr(a float8, b float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NULL AND b IS NULL THEN 0
              WHEN a IS NULL OR b IS NULL THEN 'Infinity'
              WHEN a = b THEN 0
              ELSE abs(a - b) / greatest(abs(a), abs(b)) END $$;
