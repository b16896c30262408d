/**
 * xacct's own endpoints under /_xacct/ (not AWS): health with the accounts and the endpoints to reach, reset to a
 * fresh world (optionally with other accounts, or to a copy of a snapshot taken earlier), a snapshot of the world
 * as it is (so a runner applies a setup once and restores it for each scenario that shares it), the explanation
 * of a denied request by its request id, the recent denials (GET /_xacct/denials, so an on-call finds that id), and the
 * harness acting as a service principal for sts:AssumeRole (what CodePipeline does with its service role:
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role), and the
 * engine's verdict on one authorization without a request (for hand-off steps a remote runner cannot run, such as
 * ECS's iam:PassRole check), worded as the named service words its AccessDenied; and the records a service keeps
 * that AWS shows only elsewhere (GET /_xacct/views/<service>/<view>, ServiceDefinition.adminViews: core names none).
 *
 * Health is open: it shows the account names and ids, region, services and endpoints (with the HTTPS CA
 * certificate, never a key), all of which every client needs and none of which is secret. Every other endpoint is
 * guarded (admin/guard.ts): addressed to this server, not sent by a web page, and called by the admin token holder
 * or an account root; an explanation also answers any principal of the account that made the denied request, and
 * to anyone else it is unknown (404), since it shows that account's policies; the list of denials shows a
 * principal only its own account's, and the token holder every one.
 * Deviation, on purpose: `assume-role-as-service` lets the token holder or any account root act as a service
 * principal. It goes through STS's AssumeRole with the role's trust policy deciding, so it only ever yields what
 * the trust policy grants to that service, which is what a test harness standing in for AWS services needs.
 */
import { readFileSync } from 'node:fs';
import { requestId as newRequestId } from '../world/ids.js';
import { servicePrincipal } from '../world/principal.js';
import { NotCopyable } from '../world/snapshot.js';
import { World } from '../world/world.js';
import { assumeAsServiceBody, BadBody, decideBody, MAX_ADMIN_BODY, parseBody, resetBody } from './admin/bodies.js';

export { MAX_ADMIN_BODY };
import { ADMIN_TOKEN_HEADER, adminJson as json, authenticateAdmin, newAdminToken, refuseForeign, requireRoot, type AdminCaller, type Served } from './admin/guard.js';
import { denialSummary, listLimit } from './admin/denials.js';
import { SnapshotStore, SnapshotTooLarge, type SnapshotLimits } from './admin/snapshots.js';
import type { DenialRecord, Emulator } from './emulator.js';
import { isAwsError } from './errors.js';
import type { XRequest, XResponse } from './request.js';
import { decideInWords } from './worded-decision.js';

export interface AdvertisedHttps {
  /** The HTTPS endpoint, e.g. https://127.0.0.1:4567. */
  endpoint: string;
  /** PEM file of the certificate clients must trust. */
  caFile: string;
}

/** What the admin endpoints keep per emulator, beside the world. */
interface AdminState {
  token: string;
  https?: AdvertisedHttps;
  allowedHosts: string[];
  snapshots: SnapshotStore;
  /** Request ids of assume-role-as-service calls -> the account that made them (undefined: the token holder). */
  serviceRequests: Map<string, string | undefined>;
}

const states = new WeakMap<Emulator, AdminState>();
/** As many as the emulator keeps denials, so every explainable service request keeps its owner. */
const SERVICE_REQUESTS_KEPT = 2000;

function state(emulator: Emulator): AdminState {
  let s = states.get(emulator);
  if (!s) states.set(emulator, (s = { token: newAdminToken(), allowedHosts: [], snapshots: new SnapshotStore(), serviceRequests: new Map() }));
  return s;
}

/** This emulator's admin token: generated once, random, never derived from anything a client can see. */
export function adminToken(emulator: Emulator): string {
  return state(emulator).token;
}

/** Lets /_xacct/health tell clients where HTTPS is served and which CA to trust (called by whoever starts HTTPS). */
export function advertiseHttps(emulator: Emulator, https: AdvertisedHttps): void {
  state(emulator).https = https;
}

/** Host names (beyond loopback and the bound address) that admin requests may be addressed to. */
export function allowAdminHosts(emulator: Emulator, hosts: readonly string[]): void {
  state(emulator).allowedHosts.push(...hosts.map((h) => h.toLowerCase()));
}

/** Bounds of the snapshots kept in memory (admin/snapshots.ts has the defaults and the policy beyond them). */
export function limitSnapshots(emulator: Emulator, limits: SnapshotLimits): void {
  state(emulator).snapshots.limits = limits;
}

function badRequest(message: string): XResponse {
  return json(400, { error: 'BadRequest', message });
}

function health(emulator: Emulator): XResponse {
  const https = state(emulator).https;
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

function snapshot(emulator: Emulator): XResponse {
  try {
    const { id, world, bytes } = state(emulator).snapshots.take(emulator.world);
    return json(200, { id, accounts: world.specs(), bytes });
  } catch (e) {
    if (e instanceof NotCopyable) return json(409, { error: 'NotCopyable', message: `the world cannot be copied as it is: ${e.message}` });
    if (e instanceof SnapshotTooLarge) return json(507, { error: 'SnapshotTooLarge', message: `${e.message}; apply the setup again instead of resetting to a snapshot` });
    throw e;
  }
}

function reset(emulator: Emulator, body: unknown): XResponse {
  const b = resetBody(body);
  if ('snapshot' in b) {
    const { snapshots } = state(emulator);
    const saved = snapshots.restore(b.snapshot);
    if (!saved) {
      return json(404, {
        error: 'NotFound',
        message: `no snapshot ${b.snapshot} (${snapshots.describeLimits()})`,
      });
    }
    emulator.world = saved;
    return json(200, { status: 'reset', accounts: emulator.world.specs(), snapshot: b.snapshot });
  }
  if (!b.accounts) {
    emulator.reset();
  } else {
    try {
      emulator.world = new World(b.accounts, emulator.region);
    } catch (e) {
      return badRequest((e as Error).message);
    }
  }
  return json(200, { status: 'reset', accounts: emulator.world.specs() });
}

async function assumeRoleAsService(emulator: Emulator, body: unknown, caller: AdminCaller): Promise<XResponse> {
  const b = assumeAsServiceBody(body);
  // The request id under which a denial is recorded, so /_xacct/explain/<id> can explain it to the caller.
  const requestId = newRequestId();
  const owners = state(emulator).serviceRequests;
  if (owners.size >= SERVICE_REQUESTS_KEPT) owners.delete(owners.keys().next().value!);
  owners.set(requestId, caller.kind === 'token' ? undefined : caller.principal.account);
  const assume = emulator.services.assumeRole;
  try {
    const out = await emulator.invokeAs<{ Credentials?: { Expiration?: Date }; AssumedRoleUser?: unknown }>(
      servicePrincipal(b.service),
      assume.service,
      assume.operation,
      { RoleArn: b.roleArn, RoleSessionName: b.sessionName ?? String(Date.now()) },
      { traceId: requestId },
    );
    return json(200, { Credentials: out.Credentials, AssumedRoleUser: out.AssumedRoleUser, requestId }, { 'x-amzn-requestid': requestId });
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return json(e.status, { error: { code: e.code, status: e.status, message: e.message, requestId } }, { 'x-amzn-requestid': requestId });
  }
}

/** Any service the catalog has words its denial. */
async function decide(emulator: Emulator, body: unknown): Promise<XResponse> {
  const b = decideBody(body, emulator.services.names());
  const worded = (await decideInWords(emulator, b.principal, b.check, b.service))!;
  return json(200, { decision: worded.decision.decision, message: worded.message, record: worded.decision });
}

/**
 * The account a denial is shown to: the one whose principal was refused. A service principal or an anonymous caller
 * has none; the resource's account stands in (a service acting inside a request of that account, such as
 * CloudFormation assuming its service role, which must be in the caller's account), since the explanation shows its
 * policy.
 */
function ownerOf(record: DenialRecord): string | undefined {
  const { principal, resourceAccount, resource } = record.request;
  return principal.account ?? resourceAccount ?? /^arn:[\w-]+:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1];
}

/** Whether `caller` may see a denial: the token holder sees every one, a principal those of its own account. */
function maySee(emulator: Emulator, record: DenialRecord, caller: AdminCaller): boolean {
  if (caller.kind === 'token') return true;
  const owners = state(emulator).serviceRequests;
  const owner = owners.has(record.requestId) ? owners.get(record.requestId) : ownerOf(record);
  return owner !== undefined && caller.principal.account === owner;
}

/** The denial behind `requestId`, to the account that made that request or the token holder; unknown to others. */
function explain(emulator: Emulator, requestId: string, caller: AdminCaller): XResponse {
  const record = emulator.explain(requestId);
  return record && maySee(emulator, record, caller) ? json(200, record) : json(404, { error: 'NotFound', message: `no denial recorded for request ${requestId} that this caller may see` });
}

/** The most recent denials this caller may see (as for an explanation), newest first, summarised. */
function denials(emulator: Emulator, rawQuery: string, caller: AdminCaller): XResponse {
  const limit = listLimit(rawQuery);
  if (typeof limit !== 'number') return badRequest(limit.problem);
  const visible = emulator.recentDenials().filter((r) => maySee(emulator, r, caller));
  return json(200, { denials: visible.slice(0, limit).map(denialSummary) });
}

/**
 * A service's view (ServiceDefinition.adminViews): what the caller may see of it, the token holder all, a principal
 * what concerns its own account. Events are delivered in the background (Emulator.emit): the view is read once those
 * emitted so far are, so a runner sees the outcome of what it just did.
 */
async function view(emulator: Emulator, service: string, name: string, caller: AdminCaller): Promise<XResponse> {
  const definition = emulator.services.has(service) ? await emulator.services.get(service) : undefined;
  const views = definition?.adminViews ?? {};
  const found = Object.hasOwn(views, name) ? views[name] : undefined;
  if (!found) {
    const offered = Object.entries(views).map(([n, v]) => `${n} (${v.describe})`);
    return json(404, { error: 'NotFound', message: `no view ${name} of the service "${service}"${offered.length ? `; it has ${offered.join(', ')}` : ''}` });
  }
  await emulator.eventsDelivered();
  return json(200, { items: found.read(emulator.world, { account: caller.kind === 'token' ? undefined : caller.principal.account }) });
}

type Route =
  | { kind: 'explain'; requestId: string }
  | { kind: 'view'; service: string; name: string }
  | { kind: 'reset' | 'snapshot' | 'assume-role-as-service' | 'decide' | 'denials' };

function route(method: string, path: string): Route | undefined {
  if (method === 'POST') {
    for (const kind of ['reset', 'snapshot', 'assume-role-as-service', 'decide'] as const) if (path === `/_xacct/${kind}`) return { kind };
  }
  const explained = /^\/_xacct\/explain\/([\w-]+)$/.exec(path);
  if (explained && method === 'GET') return { kind: 'explain', requestId: explained[1]! };
  if (path === '/_xacct/denials' && method === 'GET') return { kind: 'denials' };
  const view = /^\/_xacct\/views\/([a-z0-9-]+)\/([\w-]+)$/.exec(path);
  if (view && method === 'GET') return { kind: 'view', service: view[1]!, name: view[2]! };
  return undefined;
}

function isHealth(req: XRequest, path: string): boolean {
  return path === '/_xacct/health' && (req.method === 'GET' || req.method === 'HEAD');
}

/** What can be refused from the head alone: a foreign Host or Origin, an unknown endpoint, no credentials at all. */
function refuseHead(emulator: Emulator, head: XRequest, path: string): { response: XResponse } | { route: Route } {
  const s = state(emulator);
  const served: Served = { endpoint: emulator.endpoint, httpsEndpoint: s.https?.endpoint, allowedHosts: s.allowedHosts };
  const foreign = refuseForeign(head, served);
  if (foreign) return { response: foreign };
  const r = route(head.method, path);
  if (!r) {
    return {
      response: json(404, {
        error: 'NotFound',
        message: `no xacct admin endpoint ${head.method} ${head.path}; try GET /_xacct/health, POST /_xacct/reset, POST /_xacct/snapshot, POST /_xacct/assume-role-as-service, POST /_xacct/decide, GET /_xacct/explain/<request id>, GET /_xacct/denials or GET /_xacct/views/<service>/<view>`,
      }),
    };
  }
  return { route: r };
}

/**
 * The admin request's head, judged before its body is read (the transport holds no body of a request refused
 * here): undefined when the body may be read, at most MAX_ADMIN_BODY bytes of it. A signed request can only be
 * verified with its body (the signature covers its hash), so only its presence is required here.
 */
export function admitAdminHead(emulator: Emulator, head: XRequest): XResponse | undefined {
  const path = head.path.replace(/\/+$/, '');
  if (isHealth(head, path)) return undefined;
  const judged = refuseHead(emulator, head, path);
  if ('response' in judged) return judged.response;
  const credentialed = head.headers[ADMIN_TOKEN_HEADER] !== undefined || head.headers['authorization'] !== undefined || head.rawQuery.includes('X-Amz-Signature=');
  if (credentialed) return undefined;
  const auth = authenticateAdmin(head, emulator.world, state(emulator).token, emulator.now());
  return auth.ok ? undefined : auth.response;
}

export async function handleAdmin(emulator: Emulator, req: XRequest): Promise<XResponse> {
  const path = req.path.replace(/\/+$/, '');
  if (isHealth(req, path)) return health(emulator);
  const judged = refuseHead(emulator, req, path);
  if ('response' in judged) return judged.response;
  const r = judged.route;
  const s = state(emulator);
  const auth = authenticateAdmin(req, emulator.world, s.token, emulator.now());
  if (!auth.ok) return auth.response;
  if (r.kind === 'explain') return explain(emulator, r.requestId, auth.caller);
  if (r.kind === 'denials') return denials(emulator, req.rawQuery, auth.caller);
  if (r.kind === 'view') return view(emulator, r.service, r.name, auth.caller);
  const notRoot = requireRoot(auth.caller, `${req.method} ${path}`);
  if (notRoot) return notRoot;
  if (req.body.length > MAX_ADMIN_BODY) return json(413, { error: 'PayloadTooLarge', message: `admin request bodies are at most ${MAX_ADMIN_BODY} bytes` });
  try {
    const body = parseBody(req.body);
    if (r.kind === 'reset') return reset(emulator, body);
    if (r.kind === 'snapshot') return snapshot(emulator);
    if (r.kind === 'assume-role-as-service') return await assumeRoleAsService(emulator, body, auth.caller);
    return await decide(emulator, body);
  } catch (e) {
    if (e instanceof BadBody) return badRequest(e.message);
    throw e;
  }
}
