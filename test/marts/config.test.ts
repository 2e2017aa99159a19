// calendar.yaml and lifecycle.yaml: defaults, the shipped files, and errors that name the file,
// the line and the fix.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { loadProject } from '../../src/config/project.js';
import { duckdbWarehouseSchema } from '../../src/config/project-schema.js';
import { defaultLifecycle, lifecycleFileSchema } from '../../src/config/lifecycle-schema.js';
import { ConfigError } from '../../src/errors/cpm-error.js';
import { packageRoot } from '../../src/project/init.js';
import { makeProject } from '../support/project.js';
import { configError } from '../support/config-error.js';

const project = () => makeProject({ warehouse: duckdbWarehouseSchema.parse({ type: 'duckdb' }) });


/** Writes a config file into a fresh project and loads it, expecting an error. */
function loadError(file: 'calendar.yaml' | 'lifecycle.yaml', text: string): { error: ConfigError; path: string } {
  const p = project();
  const path = join(p.root, 'config', file);
  writeFileSync(path, text);
  return { error: configError(() => loadProject(p.root)), path };
}

describe('calendar.yaml', () => {
  it('ships the synthetic world\'s drives and campaigns, and defaults to a July fiscal year without the file', () => {
    const shipped = project();
    assert.equal(shipped.calendar.fiscal_year_start_month, 7);
    assert.deepEqual(
      shipped.calendar.pledge_drives.map((d) => d.name),
      ['Spring Drive {year}', 'Fall Drive {year}'],
    );
    assert.ok(shipped.calendar.campaigns.some((c) => c.code === 'GT{year}'));
    rmSync(join(shipped.root, 'config', 'calendar.yaml'));
    const bare = loadProject(shipped.root);
    assert.deepEqual(
      { fy: bare.calendar.fiscal_year_start_month, holidays: bare.calendar.holidays, drives: bare.calendar.pledge_drives, campaigns: bare.calendar.campaigns },
      { fy: 7, holidays: 'us_federal', drives: [], campaigns: [] },
    );
  });

  it('reports a bad value at its line', () => {
    const { error, path } = loadError('calendar.yaml', 'fiscal_year_start_month: 13\n');
    assert.match(error.message, new RegExp(`^${path}:1:26: fiscal_year_start_month: `));
    assert.ok(error.hint);
  });

  it('reports an impossible drive day and a window without {year} in the code', () => {
    const { error, path } = loadError(
      'calendar.yaml',
      ['pledge_drives:', '  - name: Spring', '    every_year: { start: "02-30", end: "03-02" }', 'campaigns:', '  - { code: SPRING, type: pledge_drive, window: { start: "03-01", end: "03-09" } }', ''].join('\n'),
    );
    assert.match(error.message, new RegExp(`${path}:3:26: pledge_drives.0.every_year.start: `));
    assert.match(error.message, new RegExp(`${path}:5:49: campaigns.0.window: a window needs \\{year\\}`));
  });

  it('reports overlapping drives at the later one, naming both', () => {
    const { error, path } = loadError(
      'calendar.yaml',
      ['date_range: { start: "2026-01-01", end: "2026-12-31" }', 'pledge_drives:', '  - name: Spring {year}', '    every_year: { start: "03-10", end: "03-19" }', '  - name: Extra', '    start: "2026-03-19"', '    end: "2026-03-22"', ''].join('\n'),
    );
    assert.equal(error.problems.length, 1);
    assert.match(error.problems[0]!, new RegExp(`^${path}:5:5: "Extra" \\(2026-03-19..2026-03-22\\) overlaps "Spring 2026"`));
  });
});

describe('lifecycle.yaml', () => {
  it('ships the same rules a project without the file gets', () => {
    const shipped = parse(readFileSync(join(packageRoot, 'config', 'lifecycle.yaml'), 'utf8'));
    const strip = (f: ReturnType<typeof lifecycleFileSchema.parse>) => ({ ...f, rules: f.rules.map(({ description: _, ...r }) => r) });
    assert.deepEqual(strip(lifecycleFileSchema.parse(shipped)), strip(lifecycleFileSchema.parse(defaultLifecycle)));
    const p = project();
    rmSync(join(p.root, 'config', 'lifecycle.yaml'));
    assert.equal(loadProject(p.root).lifecycle.rules.length, 4);
  });

  it('rejects an unknown field, a wrong value type and an order comparison of a flag, each at its line', () => {
    const { error, path } = loadError(
      'lifecycle.yaml',
      [
        'rules:',
        '  - stage: member',
        '    when: { all: [ { field: gave_recently, op: eq, value: true } ] }',
        '  - stage: sustainer',
        '    when:',
        '      all:',
        '        - { field: is_sustainer, op: eq, value: "yes" }',
        '        - { field: is_sustainer, op: gt, value: 1 }',
        '  - stage: major_donor',
        '    when: { any: [ { field: giving_last_12_months, op: in, value: 1000 } ] }',
        '',
      ].join('\n'),
    );
    assert.match(error.message, new RegExp(`${path}:3:29: rules.0.when.all.0.field: Invalid option: expected one of "is_sustainer"`));
    assert.match(error.message, new RegExp(`${path}:7:49: rules.1.when.all.0.value: is_sustainer eq: needs a boolean value, got "yes"`));
    assert.match(error.message, new RegExp(`${path}:8:49: rules.1.when.all.1.value: is_sustainer gt: only numbers compare with gt`));
    assert.match(error.message, new RegExp(`${path}:10:67: rules.2.when.any.0.value: giving_last_12_months in: needs a list of number values`));
  });

  it('rejects an unknown stage and a rule without conditions', () => {
    const { error, path } = loadError('lifecycle.yaml', ['rules:', '  - stage: vip', '    when: { all: [ { field: is_sustainer, op: eq, value: true } ] }', '  - stage: member', '    when: {}', ''].join('\n'));
    assert.match(error.message, new RegExp(`${path}:2:12: rules.0.stage: Invalid option: expected one of "prospect"`));
    assert.match(error.message, new RegExp(`${path}:5:11: rules.1.when: give all: \\[...\\] and/or any: \\[...\\] conditions`));
  });
});
