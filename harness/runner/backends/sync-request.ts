/**
 * A synchronous JSON POST to xacct's admin endpoints, for the one backend hook that is synchronous:
 * `BackendWorld.decide` (the engine's verdict for steps the backend cannot run, e.g. ECS's iam:PassRole).
 * A worker thread makes the request while this thread waits on a shared buffer (Atomics.wait), so nothing else
 * runs meanwhile: the endpoint must be served by another process (`xacct serve`), never by this one, or the
 * wait would only end at the timeout. Not an AWS behaviour.
 */
import { Worker } from 'node:worker_threads';

const CAPACITY = 4 * 1024 * 1024;

const WORKER = `
const { workerData } = require('node:worker_threads');
const { url, body, ca, shared } = workerData;
const head = new Int32Array(shared, 0, 2);
const bytes = new Uint8Array(shared, 8);
const finish = (status, text) => {
  const data = Buffer.from(JSON.stringify({ status, text }));
  if (data.length > bytes.length) return finish(-1, 'the answer is larger than ' + bytes.length + ' bytes');
  bytes.set(data);
  Atomics.store(head, 1, data.length);
  Atomics.store(head, 0, 1);
  Atomics.notify(head, 0);
};
const lib = url.startsWith('https:') ? require('node:https') : require('node:http');
const payload = Buffer.from(JSON.stringify(body));
const req = lib.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': payload.length }, ...(ca ? { ca } : {}) }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => finish(res.statusCode, Buffer.concat(chunks).toString('utf8')));
  res.on('error', (e) => finish(-1, e.message));
});
req.on('error', (e) => finish(-1, e.message));
req.end(payload);
`;

export interface SyncResponse {
  status: number;
  text: string;
}

export function postJsonSync(url: string, body: unknown, o: { ca?: string; timeoutMs?: number } = {}): SyncResponse {
  const shared = new SharedArrayBuffer(8 + CAPACITY);
  const head = new Int32Array(shared, 0, 2);
  const worker = new Worker(WORKER, { eval: true, workerData: { url, body, ca: o.ca, shared } });
  worker.unref();
  const timeoutMs = o.timeoutMs ?? 30_000;
  const waited = Atomics.wait(head, 0, 0, timeoutMs);
  void worker.terminate();
  if (waited === 'timed-out') throw new Error(`no answer from ${new URL(url).origin} within ${timeoutMs} ms (is it served by this very process?)`);
  const answer = JSON.parse(Buffer.from(new Uint8Array(shared, 8, Atomics.load(head, 1))).toString('utf8')) as SyncResponse;
  if (answer.status === -1) throw new Error(`cannot reach ${new URL(url).origin}: ${answer.text}`);
  return answer;
}
