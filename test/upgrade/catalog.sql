-- Every object of the employment_kpi extension, one line each, with what
-- defines it: an updated install and a fresh one must print the same lines.
-- (Used by test/upgrade/upgrade.sh; OIDs and other per-database details
-- are left out.)
WITH ext AS (
    SELECT d.classid, d.objid
      FROM pg_catalog.pg_depend d
     WHERE d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
       AND d.refobjid = (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'employment_kpi')
), obj AS (
    SELECT pg_catalog.pg_describe_object(x.classid, x.objid, 0) AS what,
           CASE x.classid
           WHEN 'pg_catalog.pg_proc'::regclass THEN (
               SELECT pg_catalog.concat_ws(' | ',
                      pg_catalog.pg_get_function_arguments(p.oid), pg_catalog.pg_get_function_result(p.oid),
                      p.prokind, l.lanname, p.provolatile, p.proisstrict, p.proparallel, p.prosecdef,
                      p.procost, p.prorows, p.proconfig::text, p.prosrc, p.probin, p.proacl::text,
                      pg_catalog.obj_description(p.oid, 'pg_proc'),
                      (SELECT pg_catalog.concat_ws(',', a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggtranstype::regtype,
                                                   a.agginitval, a.aggfinalmodify)
                         FROM pg_catalog.pg_aggregate a WHERE a.aggfnoid = p.oid))
                 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                WHERE p.oid = x.objid)
           WHEN 'pg_catalog.pg_class'::regclass THEN (
               SELECT pg_catalog.concat_ws(' | ', c.relkind, c.reloptions::text, c.relacl::text,
                      pg_catalog.obj_description(c.oid, 'pg_class'),
                      CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END,
                      (SELECT pg_catalog.string_agg(pg_catalog.concat_ws(' ', a.attnum, a.attname,
                                  pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                                  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), pg_catalog.col_description(c.oid, a.attnum),
                                  a.attacl::text), '; ' ORDER BY a.attnum)
                         FROM pg_catalog.pg_attribute a
                         LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                      (SELECT pg_catalog.string_agg(pg_catalog.pg_get_constraintdef(k.oid), '; ' ORDER BY k.conname)
                         FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid),
                      (SELECT pg_catalog.string_agg(pg_catalog.pg_get_indexdef(i.indexrelid) || ' '
                                                    || coalesce(pg_catalog.obj_description(i.indexrelid, 'pg_class'), ''),
                                                    '; ' ORDER BY 1)
                         FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid),
                      (SELECT pg_catalog.string_agg(pg_catalog.pg_get_triggerdef(t.oid) || ' '
                                                    || coalesce(pg_catalog.obj_description(t.oid, 'pg_trigger'), ''),
                                                    '; ' ORDER BY t.tgname)
                         FROM pg_catalog.pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal),
                      (SELECT pg_catalog.string_agg(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '; ' ORDER BY p.polname)
                         FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid),
                      c.relrowsecurity,
                      (SELECT e.extcondition[pg_catalog.array_position(e.extconfig, c.oid)]
                         FROM pg_catalog.pg_extension e WHERE e.extname = 'employment_kpi'))
                 FROM pg_catalog.pg_class c WHERE c.oid = x.objid)
           WHEN 'pg_catalog.pg_type'::regclass THEN (
               SELECT pg_catalog.concat_ws(' | ', t.typtype, t.typinput, t.typoutput, t.typreceive, t.typsend,
                      t.typlen, t.typalign, t.typstorage, pg_catalog.obj_description(t.oid, 'pg_type'))
                 FROM pg_catalog.pg_type t WHERE t.oid = x.objid)
           WHEN 'pg_catalog.pg_namespace'::regclass THEN (
               SELECT pg_catalog.concat_ws(' | ', n.nspacl::text, pg_catalog.obj_description(n.oid, 'pg_namespace'))
                 FROM pg_catalog.pg_namespace n WHERE n.oid = x.objid)
           WHEN 'pg_catalog.pg_cast'::regclass THEN (
               SELECT pg_catalog.concat_ws(' | ', k.castfunc::regprocedure, k.castcontext, k.castmethod,
                      pg_catalog.obj_description(k.oid, 'pg_cast'))
                 FROM pg_catalog.pg_cast k WHERE k.oid = x.objid)
           END AS how
      FROM ext x
)
SELECT o.what || ' :: ' || coalesce(o.how, '') AS line
  FROM obj o
 ORDER BY o.what COLLATE "C";
