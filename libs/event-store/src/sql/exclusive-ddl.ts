/**
 * Takes the database-wide schema lock until the current transaction ends. One lock for every
 * schema change (migrations and the projections' per-version tables): processes starting together
 * on one database then take turns, where `create ... if not exists` alone races (both find the
 * name free and the second fails on a duplicate in the catalog).
 */
export const SCHEMA_LOCK = `select pg_advisory_xact_lock(hashtext('ketnoi schema'))`;

/**
 * Wraps a DDL script so that it runs under the schema lock, held until the script's implicit
 * transaction ends (a multi-statement `exec` is one transaction).
 */
export const exclusiveDdl = (ddl: string): string => `${SCHEMA_LOCK};\n${ddl}`;
