// The statements that put a table built aside in place, pinned per dialect: one transaction of
// DROP + RENAME on DuckDB and PostgreSQL; one atomic statement per table that never leaves it
// missing on Spark/Delta (keeping its history) and Snowflake (SWAP WITH), the aside copy dropped
// after every table is in place; a first publish renames everywhere.
import { describe } from 'node:test';
import type { Dialect } from '../../src/dialect/dialect.js';
import { pinnedSqlTests } from '../support/pinned-sql.js';

const show = (p: { swap: string[]; cleanup: string[] }) => [...p.swap, '-- then', ...p.cleanup].join('\n');

const pinned: Record<string, (d: Dialect) => string> = {
  replace: (d) => show(d.publishAside('marts', 'gifts', 'gifts__next', true)),
  first: (d) => show(d.publishAside('marts', 'gifts', 'gifts__next', false)),
};

const delta = "USING DELTA TBLPROPERTIES ('delta.columnMapping.mode' = 'name', 'delta.minReaderVersion' = '2', 'delta.minWriterVersion' = '5')";

describe('publishing a table built aside, per dialect', () => {
  pinnedSqlTests(pinned, {
    duckdb: {
      replace: 'DROP TABLE IF EXISTS "marts"."gifts"\nALTER TABLE "marts"."gifts__next" RENAME TO "gifts"\n-- then',
      first: 'DROP TABLE IF EXISTS "marts"."gifts"\nALTER TABLE "marts"."gifts__next" RENAME TO "gifts"\n-- then',
    },
    postgres: {
      replace: 'DROP TABLE IF EXISTS "marts"."gifts" CASCADE\nALTER TABLE "marts"."gifts__next" RENAME TO "gifts"\n-- then',
      first: 'DROP TABLE IF EXISTS "marts"."gifts" CASCADE\nALTER TABLE "marts"."gifts__next" RENAME TO "gifts"\n-- then',
    },
    databricks: {
      replace: `CREATE OR REPLACE TABLE \`marts\`.\`gifts\` ${delta} AS SELECT * FROM \`marts\`.\`gifts__next\`\n-- then\nDROP TABLE IF EXISTS \`marts\`.\`gifts__next\``,
      first: 'ALTER TABLE `marts`.`gifts__next` RENAME TO `gifts`\n-- then',
    },
    snowflake: {
      replace: 'ALTER TABLE "marts"."gifts" SWAP WITH "marts"."gifts__next"\n-- then\nDROP TABLE IF EXISTS "marts"."gifts__next"',
      first: 'ALTER TABLE "marts"."gifts__next" RENAME TO "marts"."gifts"\n-- then',
    },
  });
});
