/**
 * xacct's own endpoints under /_xacct/ (not AWS): health with the accounts, reset to a fresh world, and the
 * explanation of a denied request by its request id.
 * They carry no credentials and change nothing but the emulator itself; the server binds to loopback by default.
 */
import type { Emulator } from './emulator.js';
import type { XRequest, XResponse } from './request.js';

function json(status: number, body: unknown): XResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function handleAdmin(emulator: Emulator, req: XRequest): XResponse {
  const path = req.path.replace(/\/+$/, '');
  if (path === '/_xacct/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    return json(200, {
      status: 'ok',
      region: emulator.region,
      accounts: emulator.world.specs(),
      services: [...emulator.services.keys()],
    });
  }
  if (path === '/_xacct/reset' && req.method === 'POST') {
    emulator.reset();
    return json(200, { status: 'reset', accounts: emulator.world.specs() });
  }
  const explain = /^\/_xacct\/explain\/([\w-]+)$/.exec(path);
  if (explain && req.method === 'GET') {
    const record = emulator.explain(explain[1]!);
    return record ? json(200, record) : json(404, { error: 'NotFound', message: `no denial recorded for request ${explain[1]}` });
  }
  return json(404, { error: 'NotFound', message: `no xacct admin endpoint ${req.method} ${req.path}; try GET /_xacct/health or POST /_xacct/reset` });
}
