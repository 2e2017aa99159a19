// SQL model files: Jinja-style templates (nunjucks, the JavaScript port of the syntax dbt uses)
// with a small macro set that calls the dialect, so one file renders for every engine.
//   {{ config(materialized='incremental', unique_key=['id']) }}
//   SELECT ... FROM {{ ref('staging.person_records') }} WHERE {{ batch_range() }}
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import type { DateUnit, Dialect, LogicalType } from '../../dialect/dialect.js';
import { ConfigError } from '../../errors/cpm-error.js';
import { qualified } from '../meta-tables.js';
import type { BatchRange, Model, ModelConfig } from './model.js';

/** The sql/ folder shipped with the package (same relative place from src/ and dist/). */
export const packageSqlDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'sql');

/** Project-aware macros (e.g. unions generated from sources.yaml); they may call ref(). */
export type MacroFactory = (helpers: { ref: (name: string) => string; range: BatchRange; dialect: Dialect }) => Record<string, (...args: never[]) => string>;

interface RenderResult {
  sql: string;
  refs: string[];
  config: Partial<ModelConfig>;
}

type Keywords = Record<string, unknown> & { __keywords?: true };

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });

function render(template: string, origin: string, dialect: Dialect, range: BatchRange, macros: MacroFactory, refName?: (name: string) => string): RenderResult {
  const refs: string[] = [];
  let config: Partial<ModelConfig> = {};
  const ref = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`ref('${name}'): expected 'schema.table'`);
    refs.push(name);
    return refName ? refName(name) : qualified(dialect, name);
  };
  const d = dialect;
  const context = {
    ref,
    config: (kw: Keywords) => {
      const { __keywords: _, ...rest } = kw;
      config = rest as Partial<ModelConfig>;
      return '';
    },
    batch_range: () => `_batch_id > ${range.after} AND _batch_id <= ${range.upTo}`,
    quote: (name: string) => d.quoteIdent(name),
    literal: (v: string | number | boolean | null) => d.literal(v),
    cast: (expr: string, t: LogicalType) => d.cast(expr, t),
    try_cast: (expr: string, t: LogicalType) => d.tryCast(expr, t),
    date_add: (expr: string, n: number | string, unit: DateUnit) => d.dateAdd(expr, n, unit),
    date_diff: (unit: DateUnit, a: string, b: string) => d.dateDiff(unit, a, b),
    date_trunc: (unit: DateUnit, expr: string) => d.dateTrunc(unit, expr),
    timestamp_text: (expr: string) => d.timestampToText(expr),
    regex_replace: (expr: string, p: string, r: string) => d.regexReplace(expr, p, r),
    regex_extract: (expr: string, p: string, g: number) => d.regexExtract(expr, p, g),
    jaro_winkler: (a: string, b: string) => d.jaroWinkler(a, b),
    md5: (expr: string) => d.md5(expr),
    ...macros({ ref, range, dialect }),
  };
  try {
    return { sql: env.renderString(template, context).trim(), refs, config };
  } catch (e) {
    throw new ConfigError([`${origin}: ${(e as Error).message.replace(/\s+/g, ' ')}`], 'fix the template at that place; macros are listed in docs/architecture.md (SQL models)');
  }
}

function listSqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export function loadSqlModels(dialect: Dialect, macros: MacroFactory, sqlDir = packageSqlDir): Model[] {
  return listSqlFiles(sqlDir).map((file) => {
    const schema = basename(dirname(file));
    const name = `${schema}.${basename(file, '.sql')}`;
    const origin = relative(process.cwd(), file) || file;
    const template = readFileSync(file, 'utf8');
    // Render once to learn refs and config: both must not depend on the batch range.
    const probe = render(template, origin, dialect, { after: 0, upTo: 0 }, macros);
    const config: ModelConfig = {
      materialized: probe.config.materialized ?? 'table',
      unique_key: probe.config.unique_key ?? [],
      current_first: probe.config.current_first ?? ['_batch_id DESC'],
      update_when: probe.config.update_when,
    };
    if (config.materialized === 'incremental' && !config.unique_key.length) {
      throw new ConfigError([`${origin}: an incremental model needs unique_key in config(...)`], "add unique_key=['id_column'] to the config() call");
    }
    return {
      name,
      deps: [...new Set(probe.refs)],
      origin,
      config,
      render: (range: BatchRange, _prepared?: string, refName?: (name: string) => string) => render(template, origin, dialect, range, macros, refName).sql,
    };
  });
}
