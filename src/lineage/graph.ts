// The lineage graph: sources -> raw -> staging -> golden -> dimensions/marts -> metrics. Edges
// come from the same places the runner reads: the schema registry (a source stream lands in its
// raw table), the SQL models' ref()s, the identity step's declared inputs and outputs, and each
// metric's semantic model. Pure: project in, graph out.
import type { Project } from '../config/project.js';
import type { Dialect } from '../dialect/dialect.js';
import { goldenTables } from '../identity/golden.js';
import { columnsOf } from '../metrics/calculation/ast.js';
import type { Dictionary, SemanticModel } from '../metrics/dictionary.js';
import { modelCatalog } from '../pipeline/model-catalog.js';
import { rawTableName } from '../pipeline/raw-tables.js';
import { streamEntries } from '../pipeline/staging/stream-models.js';

export type NodeKind = 'source' | 'table' | 'view' | 'metric';

export interface LineageNode {
  id: string;
  kind: NodeKind;
  layer: string;
  /** Where it is defined: a file glob, a SQL model file, a mapping, a metric definition. */
  origin: string;
}

export interface LineageEdge {
  from: string;
  to: string;
  /** The step that moves data along the edge. */
  via: 'ingest' | 'model' | 'identity' | 'metric';
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/** What identity resolution reads and publishes (src/identity/resolve.ts); it is code, not a SQL model. */
const identityInputs = ['staging.person_records', 'staging.events', 'golden.review_decisions'];
const identityOutputs = [...goldenTables.map((t) => `golden.${t}`), 'golden.constituent_id_history'];

export function projectLineage(project: Project, dialect: Dialect, dictionary?: Dictionary): LineageGraph {
  const nodes = new Map<string, LineageNode>();
  const edges: LineageEdge[] = [];
  const node = (n: LineageNode) => nodes.set(n.id, { ...nodes.get(n.id), ...n });
  const table = (id: string, origin: string, kind: NodeKind = 'table') => node({ id, kind, layer: id.split('.')[0]!, origin });

  for (const { source, stream, config } of streamEntries(project.sources)) {
    const raw = rawTableName(source, stream);
    const sourceId = `source:${source}.${stream}`;
    node({ id: sourceId, kind: 'source', layer: 'source', origin: config.path });
    table(`${raw.schema}.${raw.name}`, `config/sources.yaml: ${source}.${stream}`);
    edges.push({ from: sourceId, to: `${raw.schema}.${raw.name}`, via: 'ingest' });
  }
  table('golden.review_decisions', 'cpm review approve|reject');
  for (const output of identityOutputs) {
    table(output, 'src/identity/resolve.ts');
    for (const input of identityInputs) edges.push({ from: input, to: output, via: 'identity' });
  }
  // A view over staging's events joined to the published links.
  table('golden.engagement_events', 'src/identity/golden.ts', 'view');
  edges.push({ from: 'staging.events', to: 'golden.engagement_events', via: 'identity' }, { from: 'golden.constituent_source_links', to: 'golden.engagement_events', via: 'identity' });

  for (const model of modelCatalog(project, dialect)) {
    table(model.name, model.origin, model.config.materialized === 'view' ? 'view' : 'table');
    for (const dep of model.deps) edges.push({ from: dep, to: model.name, via: 'model' });
  }
  for (const metric of dictionary?.metrics.values() ?? []) {
    const id = `metric:${metric.name}`;
    node({ id, kind: 'metric', layer: 'metrics', origin: dictionary!.file });
    const source = modelTable(dictionary!, metric.from);
    if (source) edges.push({ from: source, to: id, via: 'metric' });
    // A derived metric (a ratio or expression) also reads the metrics it names.
    for (const ref of columnsOf(metric.expression)) if (dictionary!.metrics.has(ref)) edges.push({ from: `metric:${ref}`, to: id, via: 'metric' });
  }
  // A ref to a table nothing builds (a typo would fail the run first) still gets a node.
  for (const e of edges) for (const id of [e.from, e.to]) if (!nodes.has(id)) table(id, 'external');
  return { nodes: [...nodes.values()], edges: dedupe(edges) };
}

/** The warehouse table a semantic model reads, following entity models to their table model. */
function modelTable(dictionary: Dictionary, name: string, seen = new Set<string>()): string | undefined {
  const model: SemanticModel | undefined = dictionary.models.get(name);
  if (!model || seen.has(name)) return undefined;
  seen.add(name);
  return model.table ?? (model.from ? modelTable(dictionary, model.from, seen) : undefined);
}

function dedupe(edges: LineageEdge[]): LineageEdge[] {
  const seen = new Set<string>();
  return edges.filter((e) => {
    const key = `${e.from}\u0000${e.to}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The part of the graph a node depends on and feeds: every ancestor and descendant, and itself. */
export function lineageOf(graph: LineageGraph, id: string): LineageGraph {
  const walk = (start: string, next: (e: LineageEdge) => [string, string]) => {
    const reached = new Set([start]);
    const queue = [start];
    while (queue.length) {
      const at = queue.pop()!;
      for (const e of graph.edges) {
        const [here, there] = next(e);
        if (here === at && !reached.has(there)) {
          reached.add(there);
          queue.push(there);
        }
      }
    }
    return reached;
  };
  const upstream = walk(id, (e) => [e.to, e.from]);
  const downstream = walk(id, (e) => [e.from, e.to]);
  const keep = new Set([...upstream, ...downstream]);
  // Only edges along the node's own lines, not siblings' inputs that happen to share an ancestor.
  const edges = graph.edges.filter((e) => (upstream.has(e.from) && upstream.has(e.to)) || (downstream.has(e.from) && downstream.has(e.to)));
  return { nodes: graph.nodes.filter((n) => keep.has(n.id)), edges };
}
