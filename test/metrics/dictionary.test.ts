// The shipped dictionary validates; a broken one is reported whole, each problem at its
// file:line with the metric's name; fingerprints follow the calculation, not the prose.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadDictionary } from '../../src/metrics/dictionary.js';
import { packageRoot } from '../../src/project/init.js';
import { configError } from '../support/config-error.js';
import { tempDir } from '../support/project.js';

const shipped = join(packageRoot, 'config', 'metrics_definitions.yaml');
const shippedText = readFileSync(shipped, 'utf8');

function withText(text: string): string {
  const file = join(tempDir(), 'metrics_definitions.yaml');
  writeFileSync(file, text);
  return file;
}

function problemsOf(text: string): string[] {
  const file = withText(text);
  return configError(() => loadDictionary(file, 7)).problems.map((p) => p.replace(`${file}:`, ''));
}

const header = `semantic_models:
  events:
    description: events
    table: golden.engagement_events
    date_column: event_date
    columns: [constituent_id, event_type, event_date, amount]
    dimensions: { by_type: event_type }
metrics:
`;
const metric = (name: string, calculation: string, extra = '') => `  ${name}:
    display_name: ${name}
    definition: d
    business_owner: o
    version: 1.0.0
    status: draft
    refresh_frequency: daily
    calculation:
${calculation}
${extra}`;

describe('the metrics dictionary', () => {
  it('ships valid, with the metrics issue 4 names', () => {
    const dict = loadDictionary(shipped, 7);
    for (const name of ['active_member', 'active_member_with_grace', 'active_member_fiscal', 'sustaining_member', 'donor_retention_rate', 'new_donor_retention_rate', 'repeat_donor_retention_rate', 'dollar_retention_rate', 'new_donors', 'retained_donors', 'recaptured_donors', 'upgraded_donors', 'downgraded_donors', 'lapsed_donors', 'lybunt_donors', 'sybunt_donors', 'total_giving_12m', 'average_gift_12m', 'sustainer_share', 'newspaper_subscribers', 'subscriber_churn_rate', 'cross_platform_overlap', 'email_open_rate', 'email_click_rate']) {
      assert.ok(dict.metrics.has(name), name);
    }
    const active = dict.metrics.get('active_member')!;
    assert.deepEqual(active.dimensions.map((d) => d.name), ['by_source', 'by_gift_type']);
    assert.match(active.fingerprint, /^[0-9a-f]{16}$/);
  });

  it('reports every problem at its file:line, inside the SQL too', () => {
    const problems = problemsOf(
      header +
        metric('bad_column', "      from: events\n      sql: |\n        COUNT(*)\n        WHERE event_tpye = 'donation'") +
        metric('bad_syntax', '      from: events\n      sql: COUNT(* WHERE') +
        metric('bad_dimension', '      from: events\n      sql: COUNT(*)', '    dimensions: [by_planet]\n') +
        metric('loop_a', '      from: events\n      expression: loop_b + 1') +
        metric('loop_b', '      from: events\n      expression: loop_a + 1') +
        metric('unknown_model', '      from: nowhere\n      sql: COUNT(*)'),
    );
    const lines = header.split('\n').length - 1;
    const expect = (fragment: RegExp) => assert.ok(problems.some((p) => fragment.test(p)), `${fragment} in:\n${problems.join('\n')}`);
    // bad_column: the WHERE line is the 2nd line of the block, 12 lines after the header.
    expect(new RegExp(`^${lines + 12}: metric bad_column: model events has no column event_tpye`));
    expect(/^30: metric bad_syntax: cannot parse: unexpected "W"/);
    expect(/metric bad_dimension: model events has no dimension by_planet \(has: by_type\)/);
    expect(/metric loop_a: derived metrics refer to each other in a cycle/);
    expect(/metric loop_b: derived metrics refer to each other in a cycle/);
    expect(/metric unknown_model: no semantic model nowhere/);
  });

  it('checks the governance fields before anything else', () => {
    const problems = problemsOf(`${header}  unapproved:\n    display_name: u\n    definition: d\n    business_owner: o\n    version: '1.0'\n    status: certified\n    refresh_frequency: daily\n    calculation: { from: events, sql: 'COUNT(*)' }\n`);
    assert.deepEqual(problems.map((p) => p.replace(/^\d+:\d+: /, '')), ['metrics.unapproved.version: use a semantic version like 1.2.0', 'metrics.unapproved.status: an approved or certified metric names approved_by and approved_at']);
  });

  it('rejects an entity column that reads a column its table lacks, and a table model without a date', () => {
    const problems = problemsOf(
      header.replace('    date_column: event_date\n', '') + metric('x', '      from: events\n      sql: COUNT(*)'),
    );
    assert.ok(problems.some((p) => /semantic model events: name the date_column/.test(p)), problems.join('\n'));
  });

  it('changes a fingerprint when the calculation or a column it reads changes, not when prose or lines do', () => {
    const fp = (text: string) => loadDictionary(withText(text), 7).metrics.get('active_member')!.fingerprint;
    const base = fp(shippedText);
    assert.equal(fp(`# a comment\n\n${shippedText.replace('A constituent who has made at least one donation', 'Someone who has given')}`), base);
    assert.notEqual(fp(shippedText.replace('INTERVAL -12 MONTH)\n    dimensions', 'INTERVAL -11 MONTH)\n    dimensions')), base);
    assert.notEqual(fp(shippedText.replace("last_donation_date: MAX(event_date) WHERE event_type = 'donation' AND event_status = 'posted'", "last_donation_date: MAX(event_date) WHERE event_type = 'donation'")), base);
    // The fiscal year start only matters to metrics that use a fiscal function.
    assert.equal(loadDictionary(shipped, 1).metrics.get('active_member')!.fingerprint, base);
    assert.notEqual(loadDictionary(shipped, 1).metrics.get('active_member_fiscal')!.fingerprint, loadDictionary(shipped, 7).metrics.get('active_member_fiscal')!.fingerprint);
  });
});
