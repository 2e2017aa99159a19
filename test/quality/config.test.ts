// config/quality_rules.yaml: thresholds, defaults, and every mistake reported at its line with
// what is wrong and how to fix it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProject } from '../../src/config/project.js';
import { duckdbWarehouseSchema } from '../../src/config/project-schema.js';
import { qualityFileSchema } from '../../src/config/quality-schema.js';
import { checkSpecs } from '../../src/quality/check-specs.js';
import { outcomeOf, parseThreshold } from '../../src/quality/thresholds.js';
import { configError } from '../support/config-error.js';
import { makeProject } from '../support/project.js';
import { fixture } from './helpers.js';

describe('thresholds', () => {
  it('parse counts, percentages and durations', () => {
    assert.deepEqual(parseThreshold('> 0'), { op: '>', value: 0, unit: 'count', text: '> 0' });
    assert.deepEqual(parseThreshold(' >= 1.5% '), { op: '>=', value: 1.5, unit: 'percent', text: '>= 1.5%' });
    assert.deepEqual(parseThreshold('>2d'), { op: '>', value: 48, unit: 'hours', text: '>2d' });
    assert.equal(parseThreshold('> 90m').value, 1.5);
    assert.equal(parseThreshold('!= 3').op, '!=');
    assert.throws(() => parseThreshold('5%'), /not a threshold/);
  });

  it('fail wins over warn; a missing measurement is in every threshold\'s state', () => {
    const t = { warn: parseThreshold('> 1%'), fail: parseThreshold('> 5%') };
    assert.equal(outcomeOf({ value: 1, percent: 0.5 }, t), 'pass');
    assert.equal(outcomeOf({ value: 3, percent: 3 }, t), 'warn');
    assert.equal(outcomeOf({ value: 9, percent: 9 }, t), 'fail');
    assert.equal(outcomeOf({ value: 5, percent: 5 }, t), 'warn', '"> 5%" is strictly more than 5%');
    assert.equal(outcomeOf({ value: null, percent: null }, { warn: parseThreshold('> 1d') }), 'warn');
    assert.equal(outcomeOf({ value: 0, percent: null }, { fail: parseThreshold('= 0') }), 'fail');
  });

  it('defaults: fail on any bad row, a row count fails at 0, a row-level rule warns', () => {
    const file = qualityFileSchema.parse({
      tables: {
        'staging.pledge_desk__pledges': [{ missing: 'channel' }, { row_count: null }, { invalid: 'amount', min: 0, quarantine: true }, { missing: 'donor_id', warn: '> 1%' }, { sql: 'SELECT 1', name: 'custom' }],
      },
    });
    const specs = checkSpecs(file);
    assert.deepEqual(
      specs.map((s) => [s.name, s.warn?.text, s.fail?.text, s.layer]),
      [
        ['missing(channel)', undefined, '> 0', 'staging'],
        ['row_count', undefined, '= 0', 'staging'],
        ['invalid(amount)', '> 0', undefined, 'staging'],
        ['missing(donor_id)', '> 1%', undefined, 'staging'],
        ['custom', undefined, '> 0', 'staging'],
      ],
    );
    assert.equal(file.block_publish, true);
  });
});

describe('quality_rules.yaml errors', () => {
  const sourcesYaml = readFileSync(join(fixture, 'sources.yaml'), 'utf8');
  const load = (yaml: string, env: NodeJS.ProcessEnv = process.env) => {
    const project = makeProject({ warehouse: duckdbWarehouseSchema.parse({ type: 'duckdb' }), sourcesYaml, qualityYaml: '' });
    const file = join(project.root, 'config', 'quality_rules.yaml');
    writeFileSync(file, yaml);
    return { file, run: () => loadProject(project.root, env) };
  };
  /** file:line of the first line containing `text`, 1-based. */
  const lineOf = (yaml: string, text: string) => yaml.split('\n').findIndex((l) => l.includes(text)) + 1;
  const expectError = (yaml: string, at: string, message: RegExp, env?: NodeJS.ProcessEnv) => {
    const { file, run } = load(yaml, env);
    const error = configError(run);
    const problem = error.problems.find((p) => message.test(p));
    assert.ok(problem, `no problem matching ${message} in:\n${error.problems.join('\n')}`);
    assert.ok(problem.startsWith(`${file}:${lineOf(yaml, at)}:`), `${problem} should point at line ${lineOf(yaml, at)}`);
    assert.match(error.hint ?? '', /.+/);
    assert.equal(error.exitCode, 2);
  };
  const table = (checks: string) => `version: 1\ntables:\n  staging.pledge_desk__pledges:\n${checks}`;

  it('loads a good file, and none at all', () => {
    const good = table('    - missing: channel\n      warn: "> 1%"\n');
    assert.equal(checkSpecs(load(good).run().quality!).length, 1);
    const project = makeProject({ warehouse: duckdbWarehouseSchema.parse({ type: 'duckdb' }), sourcesYaml, qualityYaml: '' });
    assert.equal(project.quality, undefined);
  });

  it('a threshold that is not a comparison', () => {
    const yaml = table('    - missing: channel\n      fail: "more than 5"\n');
    expectError(yaml, 'more than 5', /fail: write a comparison and a number/);
  });

  it('an unknown option, naming the options of that kind', () => {
    const yaml = table('    - invalid: amount\n      mn: 0\n      min: 0\n');
    expectError(yaml, '- invalid: amount', /unknown option "mn"; invalid checks take invalid, name, description, warn, fail, quarantine, format/);
  });

  it('a check of two kinds, or of none', () => {
    expectError(table('    - missing: channel\n      invalid: amount\n'), '- missing: channel', /has missing and invalid: split it/);
    expectError(table('    - mising: channel\n'), '- mising: channel', /a check needs one of row_count, missing, invalid/);
  });

  it('an invalid check without a rule', () => {
    expectError(table('    - invalid: amount\n      warn: "> 0"\n'), '- invalid: amount', /needs at least one of format, regex, values/);
  });

  it('a stream or column sources.yaml does not define', () => {
    expectError('version: 1\ntables:\n  staging.pledge_desk__pledgez:\n    - row_count:\n', '- row_count:', /staging.pledge_desk__pledgez: no such stream in config\/sources.yaml; streams: staging.pledge_desk__donors, staging.pledge_desk__pledges/);
    expectError(table('    - missing: chanel\n'), '- missing: chanel', /has no column "chanel"; columns: pledge_id, donor_id, amount/);
    expectError(table('    - reference: donor_id\n      to: staging.pledge_desk__donors\n      field: donor\n'), 'field: donor', /staging.pledge_desk__donors has no column "donor"/);
    expectError('version: 1\ntables:\n  raw.pledge_desk__pledges:\n    - missing: chanel\n', '- missing: chanel', /raw.pledge_desk__pledges has no column "chanel"; columns: pledge, donor, amount, pledged_on, channel, updated, _batch_id, _loaded_at/);
  });

  it('a table outside the checked schemas', () => {
    expectError('version: 1\ntables:\n  meta.runs:\n    - row_count:\n', '- row_count:', /name a table as schema.table, the schema one of raw, staging, golden, dimensions, marts, metrics/);
  });

  it('row-level rules only on staging stream tables and mapped columns', () => {
    expectError('version: 1\ntables:\n  golden.constituents:\n    - missing: canonical_email\n      quarantine: true\n', 'quarantine: true', /quarantine: true is for staging.<source>__<stream> tables/);
    expectError('version: 1\ntables:\n  staging.pledge_desk__pledges:\n    - missing: _source_file\n      quarantine: true\n', '- missing: _source_file', /"_source_file" is derived/);
  });

  it('thresholds that do not fit the kind', () => {
    expectError(table('    - freshness: updated_at\n      fail: "> 2"\n'), 'fail: "> 2"', /needs a unit m, h or d/);
    expectError(table('    - missing: channel\n      warn: "> 2d"\n'), 'warn: "> 2d"', /only freshness checks take one/);
    expectError(table('    - row_count:\n      fail: "< 5%"\n'), 'fail: "< 5%"', /a row count has no percentage/);
    expectError(table('    - freshness: updated_at\n'), '- freshness: updated_at', /needs warn: or fail: with a duration/);
    expectError('version: 1\ntables:\n  raw.pledge_desk__pledges:\n    - freshness: updated\n      warn: "> 1d"\n', '- freshness: updated', /freshness needs a date or timestamp column; "updated" of raw.pledge_desk__pledges is text \(raw keeps source columns as text/);
  });

  it('a range bound of the wrong type for the column', () => {
    expectError(table('    - invalid: pledged_on\n      min: 0\n'), 'min: 0', /min: 0 cannot bound the date column "pledged_on"; use a date, now or today/);
    expectError(table('    - invalid: amount\n      max: today\n'), 'max: today', /cannot bound the decimal column "amount"; use a number/);
    expectError(table('    - invalid: amount\n      max: tomorrow\n'), 'max: tomorrow', /use a number, a date such as 2020-01-01/);
  });

  it('two checks with one name, a bad regex, a bad notify URL or a missing variable', () => {
    expectError(table('    - missing: channel\n    - { missing: channel, warn: "> 1" }\n'), '{ missing: channel', /two checks named "missing\(channel\)": give one a `name:`/);
    expectError(table('    - invalid: channel\n      regex: "([a-z]"\n'), 'regex:', /regex: Invalid regular expression/);
    expectError(`version: 1\nnotify:\n  url: ftp://example.org/hook\ntables: {}\n`, 'url:', /use an http:\/\/ or https:\/\/ URL/);
    expectError(`version: 1\nnotify:\n  url: \${NO_SUCH_HOOK_VAR}\ntables: {}\n`, 'url:', /environment variable NO_SUCH_HOOK_VAR is not set/, {});
  });

  it('a YAML syntax error', () => {
    expectError(table('    - missing: channel\n     fail: "> 0"\n'), 'fail:', /YAML syntax/);
  });
});
