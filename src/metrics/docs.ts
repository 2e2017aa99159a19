// `cpm metrics docs`: the dictionary as a browsable document (Markdown, and HTML rendered from
// it with `marked`), so people who never open YAML can read what each number means, who owns it,
// how it is computed and what to watch out for.
import { marked } from 'marked';
import type { Dictionary, Metric, SemanticModel } from './dictionary.js';

const statusBadge = { draft: 'draft', approved: 'approved', certified: '**certified**' } as const;

export function dictionaryMarkdown(dict: Dictionary): string {
  const metrics = [...dict.metrics.values()];
  const lines = [
    '# Metrics dictionary',
    '',
    `Generated from \`${dict.file.split('/').slice(-2).join('/')}\` by \`cpm metrics docs\`. Every value is computed as of a date from event history; the fingerprint changes whenever the calculation does.`,
    '',
    '| metric | name | owner | version | status |',
    '| --- | --- | --- | --- | --- |',
    ...metrics.map((m) => `| [${m.name}](#${m.name}) | ${cell(m.definition.display_name)} | ${cell(m.definition.business_owner)} | ${m.definition.version} | ${statusBadge[m.definition.status]} |`),
    '',
    ...metrics.flatMap((m) => metricSection(m)),
    '## Semantic models',
    '',
    ...[...dict.models.values()].flatMap((m) => modelSection(m)),
  ];
  return `${lines.join('\n')}\n`;
}

function metricSection(m: Metric): string[] {
  const def = m.definition;
  const calculation = def.calculation.sql ?? (def.calculation.ratio ? `${def.calculation.ratio.numerator} / ${def.calculation.ratio.denominator}` : def.calculation.expression!);
  const approval = def.status === 'draft' ? 'draft' : `${def.status} by ${def.approved_by} on ${def.approved_at}`;
  const e = def.expectations;
  const expectations = e
    ? [e.min !== undefined && `at least ${e.min}`, e.max !== undefined && `at most ${e.max}`, e.max_change && `moves at most ${e.max_change.percent}% per ${e.max_change.period}`, e.additive && 'breakdowns add up to the total'].filter(Boolean).join('; ')
    : 'none';
  return [
    `## ${m.name}`,
    '',
    `<a id="${m.name}"></a>**${def.display_name}** — version ${def.version}, ${approval}. Owner: ${def.business_owner}. Refreshed ${def.refresh_frequency}.`,
    '',
    def.definition.trim(),
    '',
    `Calculation (reads \`${m.from}\`${def.calculation.sql ? '' : def.calculation.ratio ? ', a ratio of two metrics' : ', built from other metrics'}):`,
    '',
    '```sql',
    calculation.trim(),
    '```',
    '',
    `- Dimensions: ${m.dimensions.length ? m.dimensions.map((d) => `${d.name} (${d.description})`).join(', ') : 'none'}`,
    `- Data sources: ${def.data_sources.length ? def.data_sources.map((s) => `${s.table}${s.fields.length ? ` (${s.fields.join(', ')})` : ''}`).join('; ') : `the ${m.from} model`}`,
    `- Expectations: ${expectations}`,
    `- Fingerprint: \`${m.fingerprint}\``,
    ...(def.caveats.length ? ['- Caveats:', ...def.caveats.map((c) => `  - ${c}`)] : []),
    '',
  ];
}

function modelSection(m: SemanticModel): string[] {
  const columns = [...m.columns.values()].filter((c) => c.calc);
  return [
    `### ${m.name}`,
    '',
    m.description.trim(),
    '',
    m.table ? `Reads \`${m.table}\`, rows dated by \`${m.dateColumn}\` up to the as-of date. Columns: ${[...m.columns.keys()].map((c) => `\`${c}\``).join(', ')}.` : `One row per \`${m.key}\` of \`${m.from}\`.`,
    '',
    ...(columns.length ? ['| column | calculation | meaning |', '| --- | --- | --- |', ...columns.map((c) => `| ${c.name} | \`${cell(c.text!)}\` | ${cell(c.description ?? '')} |`), ''] : []),
    `Dimensions: ${Object.entries(m.dimensions).map(([d, c]) => `${d} → \`${c}\``).join(', ') || 'none'}.`,
    '',
  ];
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ').trim();
}

export function dictionaryHtml(dict: Dictionary): string {
  const body = marked.parse(dictionaryMarkdown(dict), { async: false });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Metrics dictionary</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
pre{background:#f5f5f5;padding:.75rem;overflow-x:auto}code{font-size:90%}h2{border-top:1px solid #ddd;padding-top:1rem}</style>
</head><body>
${body}
</body></html>
`;
}
