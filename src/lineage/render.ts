// The lineage graph as text for people, JSON for programs, and Mermaid for documents
// (GitHub and most wikis draw a ```mermaid block as a diagram).
import type { LineageEdge, LineageGraph, LineageNode } from './graph.js';

const layerOrder = ['source', 'raw', 'staging', 'identity', 'golden', 'dimensions', 'marts', 'metrics'];
const rank = (n: LineageNode) => {
  const i = layerOrder.indexOf(n.layer);
  return i < 0 ? layerOrder.length : i;
};
const byLayer = (a: LineageNode, b: LineageNode) => rank(a) - rank(b) || a.id.localeCompare(b.id);

/** Without a focus: every node by layer with what it reads. With one: its inputs and its consumers, step by step. */
export function lineageText(graph: LineageGraph, focus?: string): string {
  const inputs = (id: string) => graph.edges.filter((e) => e.to === id);
  if (!focus) {
    return [...graph.nodes]
      .sort(byLayer)
      .map((n) => {
        const from = inputs(n.id).map((e) => e.from);
        return `${n.id}${from.length ? ` <- ${from.sort().join(', ')}` : ''}`;
      })
      .join('\n');
  }
  const tree = (id: string, next: (id: string) => LineageEdge[], pick: (e: LineageEdge) => string, depth: number, seen: Set<string>): string[] =>
    next(id)
      .map((e) => pick(e))
      .sort()
      .flatMap((child) => {
        const line = `${'  '.repeat(depth)}${child} (${next(id).find((e) => pick(e) === child)!.via})`;
        if (seen.has(child)) return [`${line} …`];
        seen.add(child);
        return [line, ...tree(child, next, pick, depth + 1, seen)];
      });
  const up = tree(focus, inputs, (e) => e.from, 1, new Set());
  const down = tree(focus, (id) => graph.edges.filter((e) => e.from === id), (e) => e.to, 1, new Set());
  const self = graph.nodes.find((n) => n.id === focus);
  return [`${focus}${self ? ` (${self.kind}, ${self.origin})` : ''}`, 'reads from:', ...(up.length ? up : ['  nothing']), 'feeds:', ...(down.length ? down : ['  nothing'])].join('\n');
}

export function lineageJson(graph: LineageGraph, focus?: string): object {
  return { focus: focus ?? null, nodes: [...graph.nodes].sort(byLayer), edges: graph.edges };
}

export function lineageMermaid(graph: LineageGraph, focus?: string): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const layers = [...new Set([...graph.nodes].sort(byLayer).map((n) => n.layer))];
  const label = (n: LineageNode) => `${ids.get(n.id)}["${n.id.replaceAll('"', '#quot;')}"]`;
  const lines = ['flowchart LR'];
  for (const layer of layers) {
    lines.push(`  subgraph ${layer}`, ...graph.nodes.filter((n) => n.layer === layer).sort(byLayer).map((n) => `    ${label(n)}`), '  end');
  }
  for (const e of graph.edges) lines.push(`  ${ids.get(e.from)} --> ${ids.get(e.to)}`);
  if (focus && ids.has(focus)) lines.push(`  style ${ids.get(focus)} stroke-width:3px`);
  return lines.join('\n');
}
