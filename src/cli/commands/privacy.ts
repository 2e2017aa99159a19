import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { UsageError } from '../../errors/cpm-error.js';
import { erasePerson, type EraseResult } from '../../privacy/erase.js';
import { exportPerson } from '../../privacy/export.js';
import type { Lookup } from '../../privacy/subject.js';
import { withCommonOptions, withWaitOption } from '../common-options.js';
import { emit, table } from '../output.js';
import { type CommonOptions, withRun } from '../session.js';

interface SubjectOptions extends CommonOptions {
  email?: string;
  constituent?: string;
}

function lookupOf(options: SubjectOptions): Lookup {
  if (options.email !== undefined && options.constituent !== undefined) throw new UsageError('give --email or --constituent, not both');
  if (options.email?.trim()) return { email: options.email.trim() };
  if (options.constituent?.trim()) return { constituent: options.constituent.trim() };
  throw new UsageError('name the person: --email ADDRESS or --constituent ID', 'e.g. cpm privacy export --email jane@example.org');
}

const subjectOptions = (cmd: Command) =>
  withWaitOption(withCommonOptions(cmd))
    .option('--email <address>', 'the person by email (normalised as identity resolution does: case, spaces, Gmail dots and +tags)')
    .option('--constituent <id>', 'the person by golden constituent id (an older id is followed through merges and splits)');

function formatErase(r: EraseResult): string {
  const rows = r.tables.map((t) => [t.table, t.action, t.rows]);
  const suppressed = Object.entries(r.suppressed)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const head =
    r.status === 'already_erased'
      ? `already erased (${r.erased_before.join(', ')}); ${r.tables.length ? 'rows that had come back were deleted again' : 'nothing is held any more'}`
      : `${r.status === 'planned' ? 'would erase' : 'erased'} ${r.records} record(s) of ${r.constituent_ids.length || 'no'} constituent(s) ${r.constituent_ids.join(', ')}`;
  const skipped = r.not_suppressed.shared_emails + r.not_suppressed.shared_phones + r.not_suppressed.generic_emails;
  return [
    `${r.request_id}: ${head}`,
    rows.length ? `\n${table(rows, ['table', 'action', 'rows'])}\n` : '',
    r.status === 'already_erased' ? '' : `suppression list: ${suppressed} added`,
    skipped ? `not suppressed by value (other people's records carry them too, or role mailboxes): ${r.not_suppressed.shared_emails} email(s), ${r.not_suppressed.shared_phones} phone(s), ${r.not_suppressed.generic_emails} role mailbox(es)` : '',
    r.status === 'planned' ? 'nothing was changed: run again with --yes to erase' : '',
  ]
    .filter(Boolean)
    .join('\n');
}

async function confirmed(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export function registerPrivacy(program: Command): void {
  const privacy = program.command('privacy').description('privacy requests: export or erase everything held about one person (docs/privacy.md)');

  subjectOptions(privacy.command('export'))
    .description('everything held about one person, as JSON (stdout, or --out FILE)')
    .option('--out <file>', 'write the document to this file (created readable by its owner only) instead of stdout')
    .action(async (options: SubjectOptions & { out?: string }) => {
      const lookup = lookupOf(options);
      const doc = await withRun(options, 'privacy export', (ctx) => exportPerson(ctx, lookup));
      const counts = Object.entries(doc.tables).map(([t, rows]) => [t, rows.length] as [string, number]);
      const summary = { request_id: doc.request_id, constituent_ids: doc.subject.constituent_ids, records: doc.subject.records.length, tables: Object.fromEntries(counts), out: options.out ? resolve(options.out) : null };
      const human = () =>
        `${doc.request_id}: ${doc.subject.records.length} record(s) of constituent(s) ${doc.subject.constituent_ids.join(', ') || '(none)'}${doc.subject.erased_by.length ? `; erased before by ${doc.subject.erased_by.join(', ')}` : ''}\n${table(counts, ['table', 'rows'])}`;
      if (!options.out) {
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
        if (!options.quiet) process.stderr.write(`${human()}\n`);
        return;
      }
      // The document is personal data: readable by its owner only.
      writeFileSync(options.out, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
      emit(options, summary, () => `${human()}\nwritten to ${resolve(options.out!)}`);
    });

  subjectOptions(privacy.command('erase'))
    .description('erase one person: redact raw, delete from staging, identity, golden and marts, and suppress them in later loads')
    .option('--reason <text>', 'why (kept in privacy.requests; write no personal data here)')
    .option('--yes', 'erase without asking (needed when not run from a terminal)')
    .option('--dry-run', 'show what would be erased, change nothing')
    .action(async (options: SubjectOptions & { reason?: string; yes?: boolean; dryRun?: boolean }) => {
      const lookup = lookupOf(options);
      const dryRun = options.dryRun === true;
      if (!options.yes && !dryRun) {
        if (!process.stdin.isTTY) throw new UsageError('erasing cannot be undone: pass --yes to erase, or --dry-run to see what would go');
        const plan = await withRun(options, 'privacy erase --dry-run', (ctx) => erasePerson(ctx, lookup, { dryRun: true }));
        process.stderr.write(`${formatErase(plan)}\n`);
        if (!(await confirmed('erase for good? [y/N] '))) throw new UsageError('not erased: the answer was not yes');
      }
      const result = await withRun(options, dryRun ? 'privacy erase --dry-run' : 'privacy erase', (ctx) => erasePerson(ctx, lookup, { reason: options.reason, dryRun }));
      emit(options, result, () => formatErase(result));
    });
}
