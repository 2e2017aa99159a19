// What the corpus files share: the file names a case folder holds and the JSON-lines stream.
import type { DataCase } from '../corpus-types.js';

export const gifts = 'gifts.csv';
export const lines = 'gifts.jsonl';
export const jsonl = { format: 'jsonl' as const };
/** Reasons also say how to fix; the kind and the line are enough to match here. */
export const fix = (what: string) => new RegExp(what);
export type { DataCase };
