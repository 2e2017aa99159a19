import { type Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { UsageError } from '../../errors/cpm-error.js';
import { constituentProvenance } from '../../lineage/field-provenance.js';
import { lineageOf, projectLineage } from '../../lineage/graph.js';
import { lineageJson, lineageMermaid, lineageText } from '../../lineage/render.js';
import { projectDictionary } from '../../metrics/engine.js';
import { getDialect } from '../../dialect/registry.js';
import { withCommonOptions } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, projectFromOptions, withWarehouse } from '../session.js';

type Format = 'text' | 'json' | 'mermaid';

export function registerLineage(program: Command): void {
  withCommonOptions(program.command('lineage').argument('[table]', 'a table (schema.table), a source (source:NAME.STREAM) or a metric (metric:NAME); default: the whole graph'))
    .description('where data comes from and where it goes: sources -> raw -> staging -> golden -> marts -> metrics')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'mermaid']).default('text'))
    .option('--constituent <id>', 'instead: which source record supplied each canonical field of this golden record')
    .action(async (focus: string | undefined, options: CommonOptions & { format: Format; constituent?: string }) => {
      if (options.constituent) return showProvenance(options, options.constituent);
      const project = projectFromOptions(options);
      const dictionaryFile = project.path('config/metrics_definitions.yaml');
      const full = projectLineage(project, getDialect(project.config.warehouse.type), existsSync(dictionaryFile) ? projectDictionary(project) : undefined);
      if (focus && !full.nodes.some((n) => n.id === focus)) {
        const near = full.nodes.filter((n) => n.id.includes(focus.split('.').pop() ?? focus)).map((n) => n.id);
        throw new UsageError(`"${focus}" is not in the lineage graph`, near.length ? `did you mean ${near.slice(0, 5).join(', ')}?` : 'run `cpm lineage` to see every node');
      }
      const graph = focus ? lineageOf(full, focus) : full;
      const format: Format = options.json ? 'json' : options.format;
      if (format === 'json') process.stdout.write(`${JSON.stringify(lineageJson(graph, focus), null, 2)}\n`);
      else process.stdout.write(`${format === 'mermaid' ? lineageMermaid(graph, focus) : lineageText(graph, focus)}\n`);
    });
}

async function showProvenance(options: CommonOptions, id: string): Promise<void> {
  const provenance = await withWarehouse(options, (_project, wh) => constituentProvenance(wh, id));
  emit(options, provenance, () =>
    [
      `constituent ${provenance.constituent_id}${provenance.asked_for ? ` (merged from ${provenance.asked_for})` : ''}`,
      table(
        provenance.fields.map((f) => [
          f.field,
          Object.values(f.value)
            .filter((v) => v !== null)
            .join(' '),
          f.source ? `${f.source.source_system}.${f.source.source_stream} ${f.source.source_record_id}` : '(no record has it)',
          f.source ? `${f.source.raw_table} batch ${f.source.batch_id}${f.source.files.length ? ` (${f.source.files.join(', ')})` : ''}` : '',
        ]),
        ['field', 'value', 'supplied by', 'landed in'],
      ),
    ].join('\n'),
  );
}
