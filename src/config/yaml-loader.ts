// Loads a YAML file, substitutes ${ENV_VAR} references and validates it with a zod schema.
// Every problem is reported as file:line:column with the path and a fix, never as a stack trace.
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors/cpm-error.js';

export interface LoadedYaml<T> {
  value: T;
  /** `file:line:col` of a path inside the document, for later cross-field checks. */
  locate(path: readonly PropertyKey[]): string;
  /** `file:line` of the n-th (1-based) line of a text value, for errors inside embedded SQL. */
  locateLine(path: readonly PropertyKey[], line: number): string;
}

export function loadYaml<S extends z.ZodType>(file: string, schema: S, env: NodeJS.ProcessEnv = process.env): LoadedYaml<z.output<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`], 'check the path, or run `cpm init DIR` to create a project');
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length) {
    throw new ConfigError(doc.errors.map((e) => `${at(e.pos[0])}: YAML syntax: ${e.message.split('\n')[0]}`), 'fix the YAML syntax at the line shown');
  }
  const locate = (path: readonly PropertyKey[]) => at(nodeAt(doc, path)?.range?.[0] ?? 0);
  const locateLine = (path: readonly PropertyKey[], n: number) => {
    const node = nodeAt(doc, path);
    const first = lineCounter.linePos(node?.range?.[0] ?? 0).line;
    // A block scalar (`sql: |`) starts on the line after its indicator.
    const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
    return `${file}:${first + (block ? 1 : 0) + n - 1}`;
  };

  const envProblems: string[] = [];
  const raw = substituteEnv(doc.toJS() ?? {}, env, (name, path) => envProblems.push(`${locate(path)}: environment variable ${name} is not set`));
  if (envProblems.length) throw new ConfigError(envProblems, 'export the variable(s) before running, e.g. `export NAME=value`; secrets never sit in YAML');

  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${locate(issue.path)}: ${formatPath(issue.path)}${issueMessage(issue, raw)}`);
    throw new ConfigError(problems, `fix the values at the lines shown; the JSON Schema in schemas/ lets an editor complete and check them`);
  }
  return { value: parsed.data, locate, locateLine };
}

/** zod's message, said the way a person editing the file needs it where zod's is vague. */
function issueMessage(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.code === 'invalid_type' && valueAt(root, issue.path) === undefined) return `missing: this key is required (${issue.expected})`;
  if (issue.code === 'invalid_value' && issue.path.length && valueAt(root, issue.path) === undefined) return `missing: this key is required (${issue.values.map((v) => JSON.stringify(v)).join(' or ')})`;
  if (issue.code === 'invalid_key') {
    const key = String(issue.path.at(-1));
    return `the name "${key}" is not allowed: ${issue.issues.map((i) => i.message).join('; ')}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `${issue.message}: not a setting here (check the spelling; the JSON Schema in schemas/ lists the keys)`;
  }
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length ? `${path.map(String).join('.')}: ` : '';
}

/** The deepest node that exists along the path (so a missing key points at its parent). */
function nodeAt(doc: Document, path: readonly PropertyKey[]): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = doc.contents ?? undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      node = pair.value;
      found = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node)) {
      node = node.items[Number(key)];
      if (!node) break;
      found = node as Node;
    } else break;
  }
  return found;
}

const envRef = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, missing: (name: string, path: PropertyKey[]) => void, path: PropertyKey[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(envRef, (_, name: string) => {
      const v = env[name];
      if (v === undefined) missing(name, path);
      return v ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, missing, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, missing, [...path, k])]));
  }
  return value;
}
