/**
 * xacct's own endpoints under /_xacct/ (not AWS): health with the accounts and the endpoints to reach, reset to a
 * fresh world (optionally with other accounts, or to a copy of a snapshot taken earlier), a snapshot of the world
 * as it is (so a runner applies a setup once and restores it for each scenario that shares it), the explanation
 * of a denied request by its request id, and the
 * harness acting as a service principal for sts:AssumeRole (what CodePipeline does with its service role:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role), and the
 * engine's verdict on one authorization without a request (for hand-off steps a remote runner cannot run, such as
 * ECS's iam:PassRole check), worded as the named service words its AccessDenied.
 *
 * They carry no credentials and change nothing but the emulator itself; the server binds to loopback by default.
 * Deviation, on purpose: `assume-role-as-service` lets any caller who can reach the port act as a service
 * principal. It goes through STS's AssumeRole with the role's trust policy deciding, so it only ever yields what
 * the trust policy grants to that service, which is what a test harness standing in for AWS services needs.
 */
import { readFileSync } from 'node:fs';
import { renderDenial, type DenyingService } from '../iam/index.js';
import { findRoleByArn } from '../services/iam/store.js';
import { requestId as newRequestId } from '../world/ids.js';
import { servicePrincipal, type Principal } from '../world/principal.js';
import { copyWorld, NotCopyable } from '../world/snapshot.js';
import { World, type AccountSpec } from '../world/world.js';
import type { Emulator } from './emulator.js';
import { isAwsError } from './errors.js';
import type { XRequest, XResponse } from './request.js';

export interface AdvertisedHttps {
  /** The HTTPS endpoint, e.g. https://127.0.0.1:4567. */
  endpoint: string;
  /** PEM file of the certificate clients must trust. */
  caFile: string;
}

const advertised = new WeakMap<Emulator, AdvertisedHttps>();

/** Lets /_xacct/health tell clients where HTTPS is served and which CA to trust (called by whoever starts HTTPS). */
export function advertiseHttps(emulator: Emulator, https: AdvertisedHttps): void {
  advertised.set(emulator, https);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): XResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

function badRequest(message: string): XResponse {
  return json(400, { error: 'BadRequest', message });
}

function readJson(req: XRequest): { ok: true; value: unknown } | { ok: false; response: XResponse } {
  const text = req.body.toString('utf8').trim();
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, response: badRequest(`the body is not JSON: ${(e as Error).message}`) };
  }
}

function health(emulator: Emulator): XResponse {
  const https = advertised.get(emulator);
  let ca: string | undefined;
  if (https) {
    try {
      ca = readFileSync(https.caFile, 'utf8');
    } catch {
      // The CA file lives in a temporary folder; if it was removed the endpoint is still reported, without a CA.
    }
  }
  return json(200, {
    status: 'ok',
    server: 'xacct',
    region: emulator.region,
    accounts: emulator.world.specs(),
    services: emulator.services.names(),
    endpoint: emulator.endpoint,
    ...(https ? { https: { endpoint: https.endpoint, ...(ca ? { ca } : {}) } } : {}),
  });
}

function accountsOf(body: unknown): AccountSpec[] | string | undefined {
  if (body === undefined) return undefined;
  const accounts = (body as { accounts?: unknown } | null)?.accounts;
  if (accounts === undefined) return undefined;
  if (!Array.isArray(accounts) || accounts.length === 0) return '"accounts" must be a non-empty list of {name, id}';
  const specs: AccountSpec[] = [];
  for (const a of accounts as Array<{ name?: unknown; id?: unknown }>) {
    if (typeof a?.name !== 'string' || a.name === '' || typeof a.id !== 'string') return 'each account must be {"name": string, "id": "<12 digits>"}';
    specs.push({ name: a.name, id: a.id });
  }
  return specs;
}

/** Snapshots kept per emulator, oldest first; a long-running server keeps the newest SNAPSHOTS_KEPT. */
const snapshots = new WeakMap<Emulator, Map<string, World>>();
const SNAPSHOTS_KEPT = 100;
let snapshotCount = 0;

function snapshot(emulator: Emulator): XResponse {
  let kept = snapshots.get(emulator);
  if (!kept) snapshots.set(emulator, (kept = new Map()));
  let copy: World;
  try {
    copy = copyWorld(emulator.world);
  } catch (e) {
    if (e instanceof NotCopyable) return json(409, { error: 'NotCopyable', message: `the world cannot be copied as it is: ${e.message}` });
    throw e;
  }
  const id = `snapshot-${++snapshotCount}`;
  kept.set(id, copy);
  for (const old of kept.keys()) {
    if (kept.size <= SNAPSHOTS_KEPT) break;
    kept.delete(old);
  }
  return json(200, { id, accounts: copy.specs() });
}

function reset(emulator: Emulator, req: XRequest): XResponse {
  const body = readJson(req);
  if (!body.ok) return body.response;
  const from = (body.value as { snapshot?: unknown } | undefined)?.snapshot;
  if (from !== undefined) {
    if (typeof from !== 'string') return badRequest('"snapshot" must be the id POST /_xacct/snapshot returned');
    if ((body.value as { accounts?: unknown }).accounts !== undefined) return badRequest('give "accounts" or "snapshot", not both: a snapshot has its own accounts');
    const saved = snapshots.get(emulator)?.get(from);
    if (!saved) return json(404, { error: 'NotFound', message: `no snapshot ${from} (this server keeps the newest ${SNAPSHOTS_KEPT})` });
    // A copy, so the snapshot stays as it was for the next reset.
    emulator.world = copyWorld(saved);
    return json(200, { status: 'reset', accounts: emulator.world.specs(), snapshot: from });
  }
  const accounts = accountsOf(body.value);
  if (typeof accounts === 'string') return badRequest(accounts);
  if (!accounts) {
    emulator.reset();
  } else {
    try {
      emulator.world = new World(accounts, emulator.region);
    } catch (e) {
      return badRequest((e as Error).message);
    }
  }
  return json(200, { status: 'reset', accounts: emulator.world.specs() });
}

interface AssumeAsServiceBody {
  roleArn?: unknown;
  service?: unknown;
  sessionName?: unknown;
}

async function assumeRoleAsService(emulator: Emulator, req: XRequest): Promise<XResponse> {
  const body = readJson(req);
  if (!body.ok) return body.response;
  const b = (body.value ?? {}) as AssumeAsServiceBody;
  if (typeof b.roleArn !== 'string' || typeof b.service !== 'string') return badRequest('expected {"roleArn": string, "service": "<name>.amazonaws.com", "sessionName"?: string}');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/.test(b.service)) return badRequest(`"${b.service}" is not a service principal such as codepipeline.amazonaws.com`);
  const sessionName = typeof b.sessionName === 'string' ? b.sessionName : String(Date.now());
  // The request id under which a denial is recorded, so /_xacct/explain/<id> can explain it like any request.
  const requestId = newRequestId();
  try {
    const out = await emulator.invokeAs<{ Credentials?: { Expiration?: Date }; AssumedRoleUser?: unknown }>(
      servicePrincipal(b.service),
      'sts',
      'AssumeRole',
      { RoleArn: b.roleArn, RoleSessionName: sessionName },
      { traceId: requestId },
    );
    return json(200, { Credentials: out.Credentials, AssumedRoleUser: out.AssumedRoleUser, requestId }, { 'x-amzn-requestid': requestId });
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return json(e.status, { error: { code: e.code, status: e.status, message: e.message, requestId } }, { 'x-amzn-requestid': requestId });
  }
}

const DENYING_SERVICES: readonly string[] = ['iam', 'sts', 's3', 'kms', 'cloudformation', 'codepipeline'] satisfies DenyingService[];

interface DecideBody {
  principal?: Principal;
  check?: { action?: unknown; resource?: unknown; context?: Record<string, string | string[]>; trustOf?: unknown };
  service?: unknown;
}

function decide(emulator: Emulator, req: XRequest): XResponse {
  const body = readJson(req);
  if (!body.ok) return body.response;
  const b = (body.value ?? {}) as DecideBody;
  const usage = 'expected {"principal": {arn, type, account?, …}, "check": {action, resource, context?, trustOf?}, "service": "iam"|"sts"|"s3"|"kms"|…}';
  if (!b.principal || typeof b.principal.arn !== 'string' || typeof b.principal.type !== 'string') return badRequest(usage);
  if (!b.check || typeof b.check.action !== 'string' || typeof b.check.resource !== 'string') return badRequest(usage);
  if (typeof b.service !== 'string' || !DENYING_SERVICES.includes(b.service)) return badRequest(usage);
  let resourcePolicy;
  if (typeof b.check.trustOf === 'string') {
    const role = findRoleByArn(emulator.world, b.check.trustOf);
    resourcePolicy = {
      kind: 'trust' as const,
      name: `trust policy of ${b.check.trustOf}`,
      document: role ? role.AssumeRolePolicyDocument : { Version: '2012-10-17', Statement: [] },
    };
  }
  const { request, decision } = emulator.decideFor(b.principal, { action: b.check.action, resource: b.check.resource, context: b.check.context, resourcePolicy });
  const message = decision.decision === 'allowed' ? '' : renderDenial(b.service as DenyingService, request, decision).message;
  return json(200, { decision: decision.decision, message, record: decision });
}

export async function handleAdmin(emulator: Emulator, req: XRequest): Promise<XResponse> {
  const path = req.path.replace(/\/+$/, '');
  if (path === '/_xacct/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(emulator);
  if (path === '/_xacct/reset' && req.method === 'POST') return reset(emulator, req);
  if (path === '/_xacct/snapshot' && req.method === 'POST') return snapshot(emulator);
  if (path === '/_xacct/assume-role-as-service' && req.method === 'POST') return assumeRoleAsService(emulator, req);
  if (path === '/_xacct/decide' && req.method === 'POST') return decide(emulator, req);
  const explain = /^\/_xacct\/explain\/([\w-]+)$/.exec(path);
  if (explain && req.method === 'GET') {
    const record = emulator.explain(explain[1]!);
    return record ? json(200, record) : json(404, { error: 'NotFound', message: `no denial recorded for request ${explain[1]}` });
  }
  return json(404, {
    error: 'NotFound',
    message: `no xacct admin endpoint ${req.method} ${req.path}; try GET /_xacct/health, POST /_xacct/reset, POST /_xacct/snapshot, POST /_xacct/assume-role-as-service, POST /_xacct/decide or GET /_xacct/explain/<request id>`,
  });
}
