/**
 * Wraps a DDL script so that it runs under a database-wide advisory lock, held until the script's
 * implicit transaction ends (a multi-statement `exec` is one transaction). Processes starting
 * together on one database then take turns: `create ... if not exists` alone races, both find
 * the name free and the second fails on a duplicate in the catalog.
 */
export const exclusiveDdl = (ddl: string): string =>
  `select pg_advisory_xact_lock(hashtext('ketnoi schema'));\n${ddl}`;
