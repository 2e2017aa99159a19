// The notification hook against a real local HTTP server: a JSON summary POSTed on failure,
// retried with backoff after a 503, given up on (without failing the run) when the endpoint
// keeps failing, and recorded in meta.audit_log either way.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { after, describe, it } from 'node:test';
import { runPipeline } from '../../src/pipeline/run-pipeline.js';
import { type NotificationBody, postJson } from '../../src/quality/notify.js';
import { engines } from '../support/engines.js';
import { freePort } from '../support/free-port.js';
import { inRun } from '../support/project.js';
import { pledgeProject, query } from './helpers.js';

interface Received {
  body: string;
  contentType: string | undefined;
}

/** A server answering each POST with the next status of `statuses` (the last one repeats). */
async function hookServer(statuses: number[], delayMs = 0): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), contentType: req.headers['content-type'] });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end(String(status)), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks/secret-token`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const fast = { retries: 2, backoff_ms: 10, timeout_ms: 2_000 };

describe('postJson', () => {
  it('retries a 503 and delivers on the next attempt', async () => {
    const hook = await hookServer([503, 200]);
    const retries: number[] = [];
    const outcome = await postJson(hook.url, { hello: 'world' }, fast, (n) => retries.push(n));
    await hook.close();
    assert.deepEqual(outcome, { delivered: true, endpoint: new URL(hook.url).origin, attempts: 2, status: 200, error: null });
    assert.deepEqual(retries, [1]);
    assert.equal(hook.received.length, 2);
    assert.deepEqual(hook.received.map((r) => JSON.parse(r.body)), [{ hello: 'world' }, { hello: 'world' }]);
    assert.equal(hook.received[0]!.contentType, 'application/json');
  });

  it('gives up after the retries on an endpoint that keeps failing, without throwing', async () => {
    const hook = await hookServer([500]);
    const outcome = await postJson(hook.url, {}, fast);
    await hook.close();
    assert.deepEqual({ ...outcome, endpoint: '' }, { delivered: false, endpoint: '', attempts: 3, status: 500, error: 'HTTP 500' });
    assert.equal(hook.received.length, 3);
  });

  it('does not retry a client error', async () => {
    const hook = await hookServer([404]);
    const outcome = await postJson(hook.url, {}, fast);
    await hook.close();
    assert.equal(outcome.attempts, 1);
    assert.equal(outcome.error, 'HTTP 404');
  });

  it('times out a slow endpoint and reports a refused connection', async () => {
    const hook = await hookServer([200], 1_000);
    const slow = await postJson(hook.url, {}, { retries: 1, backoff_ms: 10, timeout_ms: 100 });
    await hook.close();
    assert.deepEqual([slow.delivered, slow.attempts, slow.error], [false, 2, 'timed out']);
    const refused = await postJson(`http://127.0.0.1:${await freePort()}/`, {}, { retries: 1, backoff_ms: 10, timeout_ms: 1_000 });
    assert.deepEqual([refused.delivered, refused.attempts, refused.error], [false, 2, 'ECONNREFUSED']);
  });
});

const rules = (on: 'fail' | 'warn', failing: boolean) => `
version: 1
block_publish: false
notify:
  url: \${CPM_TEST_QUALITY_HOOK}
  on: ${on}
  retries: 2
  backoff_ms: 10
  timeout_ms: 2000
tables:
  staging.pledge_desk__pledges:
    - invalid: amount
      name: amount_not_negative
      min: 0
      ${failing ? 'fail' : 'warn'}: "> 0"
    - row_count:
`;

for (const engine of engines) {
  describe(`quality notifications from a run on ${engine.name}`, { skip: engine.skip }, () => {
    const servers: { close(): Promise<void> }[] = [];
    after(() => Promise.all(servers.map((s) => s.close())));

    it('POSTs the summary when a check fails, after a 503, and audits it', async () => {
      const hook = await hookServer([503, 200]);
      servers.push(hook);
      process.env['CPM_TEST_QUALITY_HOOK'] = hook.url;
      const project = await pledgeProject(engine, rules('fail', true));
      const { runId, result } = await inRun(project, async (ctx) => ({ runId: ctx.runId, result: await runPipeline(ctx) }));
      assert.equal(result.quality?.notification?.delivered, true);
      assert.equal(hook.received.length, 2);
      const body = JSON.parse(hook.received[1]!.body) as NotificationBody;
      assert.equal(body.project, 'test');
      assert.equal(body.run_id, runId);
      assert.equal(body.status, 'fail');
      assert.equal(body.blocked_publish, false);
      assert.deepEqual(body.counts, { checks: 2, pass: 1, warn: 0, fail: 1 });
      assert.deepEqual(body.failed_checks.map((c) => [c.table, c.check, c.measured, c.fail_threshold]), [['staging.pledge_desk__pledges', 'amount_not_negative', 2, '> 0']]);
      const [audited] = await query(project, `SELECT actor, detail FROM meta.audit_log WHERE action = 'quality_notify' AND run_id = '${runId}'`);
      const detail = JSON.parse(String(audited!['detail'])) as Record<string, unknown>;
      assert.deepEqual([detail['delivered'], detail['attempts'], detail['status'], detail['failed']], [true, 2, 200, 1]);
      assert.equal(detail['endpoint'], new URL(hook.url).origin, 'the path (often a secret) is not logged');
      assert.ok(String(audited!['actor']).length > 0);
    });

    it('an endpoint that keeps failing does not fail the run; the attempt is audited', async () => {
      const hook = await hookServer([500]);
      servers.push(hook);
      process.env['CPM_TEST_QUALITY_HOOK'] = hook.url;
      const project = await pledgeProject(engine, rules('fail', true));
      const { runId, result } = await inRun(project, async (ctx) => ({ runId: ctx.runId, result: await runPipeline(ctx) }));
      assert.ok(result.resolve, 'the run went on to resolve');
      assert.deepEqual([result.quality?.notification?.delivered, result.quality?.notification?.attempts, result.quality?.notification?.error], [false, 3, 'HTTP 500']);
      const [audited] = await query(project, `SELECT detail FROM meta.audit_log WHERE action = 'quality_notify' AND run_id = '${runId}'`);
      assert.equal(JSON.parse(String(audited!['detail']))['delivered'], false);
    });

    it('warnings notify only with on: warn', async () => {
      const hook = await hookServer([200]);
      servers.push(hook);
      process.env['CPM_TEST_QUALITY_HOOK'] = hook.url;
      const quiet = await inRun(await pledgeProject(engine, rules('fail', false)), (ctx) => runPipeline(ctx));
      assert.equal(quiet.quality?.counts.warn, 1);
      assert.equal(quiet.quality?.notification, undefined);
      assert.equal(hook.received.length, 0);
      const loud = await inRun(await pledgeProject(engine, rules('warn', false)), (ctx) => runPipeline(ctx));
      assert.equal(loud.quality?.notification?.delivered, true);
      assert.equal((JSON.parse(hook.received[0]!.body) as NotificationBody).status, 'warn');
    });
  });
}
