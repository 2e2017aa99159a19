// The number of rows of a table (or a parenthesized SELECT with an alias).
import type { Warehouse } from './warehouse.js';

export async function countRows(wh: Warehouse, from: string): Promise<number> {
  const [row] = await wh.query(`SELECT COUNT(*) AS n FROM ${from}`);
  return Number(row?.['n'] ?? 0);
}
