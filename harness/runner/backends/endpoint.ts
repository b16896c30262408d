/**
 * The `endpoint` backend: scenarios against any AWS-compatible endpoint that follows the convention
 * "access key = 12-digit account id, any secret" (a running `xacct serve`, LocalStack, moto server).
 *
 * - A running `xacct serve` is recognised by GET /_xacct/health. Each world resets it to the scenario's accounts
 *   (POST /_xacct/reset), the harness acts as a service principal through POST /_xacct/assume-role-as-service (the
 *   role's trust policy still decides), denials are explained by GET /_xacct/explain/<request id>, and EventBridge's
 *   delivery log is read from GET /_xacct/views/events/deliveries (what AWS shows only as a metric). A setup
 *   is applied once: the server snapshots the world after the apply (POST /_xacct/snapshot) and later scenarios
 *   with the same setup reset to a copy of it (POST /_xacct/reset {"snapshot": id}). Admin requests carry the
 *   server's admin token when one is given (XACCT_ADMIN_TOKEN, as `xacct serve` prints it), and are otherwise
 *   SigV4-signed as a root of an account the server holds (its health lists them); an explanation is asked as each
 *   account's root in turn, since the server shows it only to the account that made the request. Requests
 *   go over HTTPS, trusting the CA the server generated (the reference bucket policy denies insecure transport,
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit), and over HTTP
 *   only when a step asks for an insecure request. A server that serves no HTTPS xacct can trust is used over plain
 *   HTTP, and a setup whose policies test aws:SecureTransport is refused there (every request would be insecure).
 * - Any other endpoint cannot be reset: scenarios use fixed names, so only one scenario runs per fresh endpoint.
 *   It has no way to act as a service principal, so "CodePipeline assumes the pipeline role" falls back to the
 *   pipeline account's root calling AssumeRole (AWS itself refuses that), and whether it enforces IAM is declared
 *   or probed (see probe.ts).
 * Deviation: worlds on one endpoint are not independent, so scenarios run one at a time (concurrent = false).
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import type { Decision } from '../../iam/types.js';
import type { Delivery } from '../../services/events/delivery.js';
import { SDK_SETTINGS, type ClientConfig, type Credentials } from '../../index.js';
import type { AccountSpec } from '../../world/world.js';
import type { BackendWorld, Capability, DecideOutput, WorldState } from '../scenario.js';
import { NotCopyable } from '../../world/snapshot.js';
import type { Backend } from './backend.js';
import { callerOf } from './caller.js';
import { explanationOf } from './embedded.js';
import { EndpointUnreachable, requestJson, type AdminAuth, type JsonResponse } from './http-json.js';
import { probeEnforcement } from './probe.js';

const ROOT_SECRET = 'test';

/** The endpoint is not usable as asked; the message says what to do. */
export class BackendUnavailable extends Error {}

/** An AWS error returned by xacct's admin endpoint, shaped like an SDK error so the runner reports it as AWS's. */
export class RemoteAwsError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId?: string };

  constructor(code: string, status: number, message: string, requestId?: string) {
    super(message);
    this.name = code;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status, requestId };
  }
}

interface Health {
  status: string;
  server?: string;
  region?: string;
  accounts?: AccountSpec[];
  services?: string[];
  endpoint?: string;
  https?: { endpoint: string; ca?: string };
}

/** Where and how to reach one endpoint, once discovered. */
export interface EndpointTarget {
  kind: 'xacct' | 'aws-compatible';
  /** The URL the user gave. */
  url: string;
  /** Where SDK clients send requests (HTTPS for xacct). */
  sdkEndpoint: string;
  /** Where a step that asks for an insecure request sends it (plain HTTP). */
  insecureEndpoint: string;
  region: string;
  /** Trusts the endpoint's CA, when one was given or advertised. */
  httpsAgent?: Agent;
  /** That CA's PEM. */
  ca?: string;
  /** Services the endpoint emulates (xacct reports them; others are assumed to have all). */
  services?: string[];
  /** xacct serve only: how admin requests prove who sends them (the token, or the roots of these accounts). */
  admin?: { token?: string; accounts: string[] };
  /** xacct serve without HTTPS that xacct can trust: every request goes over plain HTTP (aws:SecureTransport false). */
  plainHttpOnly?: boolean;
}

export interface ConnectOptions {
  /** PEM of a CA to trust for an https: endpoint (e.g. `xacct serve --https-port`'s CA file). */
  ca?: string;
  region?: string;
  /** xacct serve's admin token; without it admin requests are signed as an account root. */
  adminToken?: string;
}

function isHealth(body: unknown): body is Health {
  const h = body as Health | undefined;
  return !!h && h.status === 'ok' && Array.isArray(h.accounts) && Array.isArray(h.services);
}

/** Same host name as the user gave (what the certificate and any port mapping expect), the server's port. */
function withPortOf(base: URL, reported: string, scheme: 'http:' | 'https:'): string {
  const r = new URL(reported);
  const u = new URL(base.origin);
  u.protocol = scheme;
  u.port = r.port;
  return u.origin;
}

function tlsHint(e: Error, url: URL): string {
  if (url.protocol === 'https:' && /certificate|self.signed|SELF_SIGNED|UNABLE_TO_VERIFY|CERT_/i.test(e.message)) {
    return `${e.message}; pass the CA that signed the endpoint's certificate with --endpoint-ca <pem file> (xacct serve prints it as "trust <file>")`;
  }
  return e.message;
}

export async function connectEndpoint(url: string, o: ConnectOptions = {}): Promise<EndpointTarget> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BackendUnavailable(`--endpoint "${url}" is not a URL (expected e.g. http://127.0.0.1:4566)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new BackendUnavailable(`--endpoint must be an http: or https: URL, got "${url}"`);
  const givenAgent = o.ca ? new Agent({ ca: o.ca, keepAlive: true }) : undefined;
  let health: JsonResponse;
  try {
    health = await requestJson(new URL('/_xacct/health', u).href, { httpsAgent: givenAgent });
  } catch (e) {
    givenAgent?.destroy();
    if (e instanceof EndpointUnreachable) throw new BackendUnavailable(tlsHint(e, u));
    throw e;
  }
  if (health.status !== 200 || !isHealth(health.body)) {
    return {
      kind: 'aws-compatible',
      url: u.origin,
      sdkEndpoint: u.origin,
      insecureEndpoint: withPortOf(u, u.origin, 'http:'),
      region: o.region ?? 'us-east-1',
      httpsAgent: givenAgent,
      ca: o.ca,
    };
  }
  const h = health.body;
  const region = o.region ?? h.region ?? 'us-east-1';
  const admin = { token: o.adminToken, accounts: accountIds(h.accounts) };
  if (u.protocol === 'https:') {
    return {
      kind: 'xacct',
      url: u.origin,
      sdkEndpoint: u.origin,
      insecureEndpoint: h.endpoint && h.endpoint.startsWith('http:') ? withPortOf(u, h.endpoint, 'http:') : u.origin.replace(/^https:/, 'http:'),
      region,
      httpsAgent: givenAgent,
      ca: o.ca,
      services: h.services,
      admin,
    };
  }
  const ca = o.ca ?? h.https?.ca;
  givenAgent?.destroy();
  if (!h.https?.endpoint || !ca) {
    return { kind: 'xacct', url: u.origin, sdkEndpoint: u.origin, insecureEndpoint: u.origin, region, services: h.services, admin, plainHttpOnly: true };
  }
  return {
    kind: 'xacct',
    url: u.origin,
    sdkEndpoint: withPortOf(u, h.https.endpoint, 'https:'),
    insecureEndpoint: u.origin,
    region,
    httpsAgent: new Agent({ ca, keepAlive: true }),
    ca,
    services: h.services,
    admin,
  };
}

/** Whether a setup's policies test aws:SecureTransport (condition keys are case-insensitive): then TLS matters. */
export function testsSecureTransport(tf: object[]): boolean {
  return /aws:securetransport/i.test(JSON.stringify(tf));
}

/** Why a setup cannot be proved on this target: one whose policies test TLS, on a server reached without it. */
function refuseSetup(target: EndpointTarget, tf: object[]): string | undefined {
  if (!target.plainHttpOnly || !testsSecureTransport(tf)) return undefined;
  return (
    `the setup's policies test aws:SecureTransport (the reference bucket policy refuses requests without TLS), and the xacct serve at ${target.url} serves no HTTPS that xacct can trust: ` +
    `start it with --https-port and pass its https URL with --endpoint-ca <its CA file> (both are printed by xacct serve)`
  );
}

function accountIds(accounts: unknown): string[] {
  return Array.isArray(accounts) ? accounts.map((a: { id?: unknown }) => a?.id).filter((id): id is string => typeof id === 'string') : [];
}

/** SDK client configuration for credentials on the target (HTTPS trusting its CA, or plain HTTP when insecure). */
export function configOf(target: EndpointTarget) {
  return (credentials: Credentials, o: { insecure?: boolean } = {}): ClientConfig => {
    const endpoint = o.insecure ? target.insecureEndpoint : target.sdkEndpoint;
    const tls = !o.insecure && endpoint.startsWith('https:') && target.httpsAgent;
    // The SDK builds its Node handler from these options; ClientConfig types the in-process handler only.
    const requestHandler = tls ? ({ httpsAgent: target.httpsAgent } as unknown as ClientConfig['requestHandler']) : undefined;
    return { endpoint, region: target.region, credentials, forcePathStyle: true, maxAttempts: 1, ...SDK_SETTINGS, ...(requestHandler ? { requestHandler } : {}) };
  };
}

function fromCredentials(body: unknown): Credentials {
  const c = (body as { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }).Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('the endpoint answered AssumeRole without credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

function adminAuth(target: EndpointTarget, account?: string): AdminAuth | undefined {
  if (target.admin?.token) return { token: target.admin.token };
  const root = account ?? target.admin?.accounts[0];
  return root === undefined ? undefined : { sign: { accessKeyId: root, secretAccessKey: ROOT_SECRET, region: target.region } };
}

/** The server refused the credentials themselves (not an AWS error carried in the answer). */
function refusedCredentials(res: JsonResponse): boolean {
  return (res.status === 401 || res.status === 403) && typeof (res.body as { error?: unknown } | undefined)?.error === 'string';
}

/** Re-reads the accounts the server holds (someone else may have reset it); true when they changed. */
async function refreshAccounts(target: EndpointTarget): Promise<boolean> {
  const health = await requestJson(new URL('/_xacct/health', target.sdkEndpoint).href, { httpsAgent: target.httpsAgent });
  const ids = isHealth(health.body) ? accountIds(health.body.accounts) : [];
  if (!target.admin || ids.join() === target.admin.accounts.join()) return false;
  target.admin.accounts = ids;
  return true;
}

async function admin(target: EndpointTarget, path: string, body?: unknown, account?: string): Promise<JsonResponse> {
  const send = () =>
    requestJson(new URL(path, target.sdkEndpoint).href, { method: body === undefined ? 'GET' : 'POST', body, httpsAgent: target.httpsAgent, auth: adminAuth(target, account) });
  const res = await send();
  if (account === undefined && !target.admin?.token && refusedCredentials(res) && (await refreshAccounts(target))) return send();
  return res;
}

/** What every world on an endpoint has: where it is, and SDK configuration for an account's root or any credentials. */
function worldBase(target: EndpointTarget): Pick<BackendWorld, 'endpoint' | 'region' | 'clientConfig' | 'configFor'> {
  const configFor = configOf(target);
  return {
    endpoint: target.sdkEndpoint,
    region: target.region,
    clientConfig: (accountId: string) => configFor({ accessKeyId: accountId, secretAccessKey: ROOT_SECRET }),
    configFor,
  };
}

/** A snapshot `xacct serve` keeps (POST /_xacct/snapshot), by id. */
interface ServeSnapshot extends WorldState {
  id: string;
}

/** A world on a running `xacct serve`: reset to the accounts asked for, or to a copy of a snapshot it took. */
export async function xacctWorld(target: EndpointTarget, accounts: AccountSpec[], from?: WorldState): Promise<BackendWorld> {
  const reset = await admin(target, '/_xacct/reset', from ? { snapshot: (from as ServeSnapshot).id } : { accounts });
  if (reset.status !== 200) throw new Error(`POST /_xacct/reset failed (${reset.status}): ${reset.text}`);
  if (target.admin) target.admin.accounts = accountIds((reset.body as { accounts?: unknown }).accounts);
  return serveWorld(target);
}

/**
 * The world a running `xacct serve` holds, built by hand (`--no-reset`): a copy of it is taken once, before the first
 * scenario, and every scenario starts from that copy, so none sees what another did; close() restores it.
 */
export function existingXacctWorld(target: EndpointTarget): { existingWorld(): Promise<{ world: BackendWorld; accounts: string[] }>; restore(): Promise<void> } {
  let original: Promise<ServeSnapshot> | undefined;
  let used = false;
  return {
    async existingWorld() {
      original ??= serveWorld(target).snapshot!() as Promise<ServeSnapshot>;
      const snapshot = await original;
      const world = used ? await xacctWorld(target, [], snapshot) : serveWorld(target);
      used = true;
      if (!target.admin?.token) await refreshAccounts(target);
      const health = await requestJson(new URL('/_xacct/health', target.sdkEndpoint).href, { httpsAgent: target.httpsAgent });
      return { world, accounts: isHealth(health.body) ? accountIds(health.body.accounts) : (target.admin?.accounts ?? []) };
    },
    async restore() {
      if (original && used) await xacctWorld(target, [], await original);
    },
  };
}

function serveWorld(target: EndpointTarget): BackendWorld {
  const base = worldBase(target);
  const { configFor } = base;
  return {
    ...base,
    async assumeRoleAsService(roleArn, service, sessionName) {
      const res = await admin(target, '/_xacct/assume-role-as-service', { roleArn, service, sessionName });
      if (res.status === 200) return configFor(fromCredentials(res.body));
      const err = (res.body as { error?: { code?: string; status?: number; message?: string; requestId?: string } } | undefined)?.error;
      if (err?.code) throw new RemoteAwsError(err.code, err.status ?? res.status, err.message ?? '', err.requestId);
      throw new Error(`POST /_xacct/assume-role-as-service failed (${res.status}): ${res.text}`);
    },
    async explain(requestId) {
      const path = `/_xacct/explain/${encodeURIComponent(requestId)}`;
      const askAs = target.admin?.token ? [undefined] : (target.admin?.accounts ?? []);
      for (const account of askAs) {
        const res = await admin(target, path, undefined, account);
        if (res.status !== 200) continue;
        const decision = (res.body as { decision?: Decision }).decision;
        return decision ? explanationOf(decision) : undefined;
      }
      return undefined;
    },
    has: (service) => (target.services ?? []).includes(service),
    whoAmI: callerOf,
    async eventDeliveries() {
      // The token holder sees every delivery; an account root those that concern its account: asked as each, merged.
      const askAs = target.admin?.token ? [undefined] : (target.admin?.accounts ?? []);
      const bySeq = new Map<number, Delivery>();
      for (const account of askAs) {
        const res = await admin(target, '/_xacct/views/events/deliveries', undefined, account);
        if (res.status !== 200) throw new Error(`GET /_xacct/views/events/deliveries failed (${res.status}): ${res.text}`);
        for (const d of (res.body as { items: Delivery[] }).items) bySeq.set(d.seq, d);
      }
      return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    },
    async decide(principal, check, service): Promise<DecideOutput> {
      const res = await admin(target, '/_xacct/decide', { principal, check, service });
      if (res.status !== 200) throw new Error(`POST /_xacct/decide failed (${res.status}): ${res.text}`);
      const out = res.body as { decision: DecideOutput['decision']; message: string; record: Decision };
      return { decision: out.decision, message: out.message, explanation: explanationOf(out.record) };
    },
    async snapshot(): Promise<ServeSnapshot> {
      const res = await admin(target, '/_xacct/snapshot', {});
      const id = (res.body as { id?: unknown } | undefined)?.id;
      if (res.status !== 200 || typeof id !== 'string') throw new NotCopyable(`POST /_xacct/snapshot answered ${res.status}: ${res.text}`);
      return { kind: 'world-state', id };
    },
    async dispose() {},
  };
}

/** A world on another AWS-compatible endpoint: no reset, no service principal, no explanations. */
export function compatibleWorld(target: EndpointTarget, capabilities: Record<Capability, boolean>): BackendWorld {
  const base = worldBase(target);
  const { configFor, clientConfig } = base;
  return {
    ...base,
    async assumeRoleAsService(roleArn, _service, sessionName) {
      const account = /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1];
      if (!account) throw new Error(`not a role ARN: ${roleArn}`);
      const { AssumeRoleCommand, STSClient } = await import('@aws-sdk/client-sts');
      const out = await new STSClient(clientConfig(account)).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName ?? String(Date.now()) }));
      return configFor(fromCredentials(out));
    },
    explain: async () => undefined,
    has: (service) => (service === 'cloudformation' ? capabilities.cloudformation : true),
    whoAmI: callerOf,
    async dispose() {},
  };
}

export interface EndpointBackendOptions extends ConnectOptions {
  endpoint: string;
  /** Declared IAM enforcement; when absent, xacct serve is known to enforce and other endpoints are probed. */
  enforcesIam?: boolean;
  cloudformation?: boolean;
  codepipelineExecutions?: boolean;
}

export interface EndpointBackend extends Backend {
  target: EndpointTarget;
  /** What the run should know about this backend's limits (printed before the run). */
  notes: string[];
}

export async function endpointBackend(o: EndpointBackendOptions): Promise<EndpointBackend> {
  const target = await connectEndpoint(o.endpoint, { ca: o.ca, region: o.region, adminToken: o.adminToken ?? (process.env['XACCT_ADMIN_TOKEN'] || undefined) });
  const notes: string[] = [];
  const backend: EndpointBackend = {
    name: 'endpoint',
    target,
    notes,
    concurrent: false,
    capabilities: { enforcesIam: true, cloudformation: true, codepipelineExecutions: true, runsBuilds: false, eventDeliveries: false },
    newWorld: async () => {
      throw new Error('unreachable');
    },
    async close() {
      target.httpsAgent?.destroy();
    },
  };
  if (target.kind === 'xacct') {
    backend.capabilities = {
      enforcesIam: o.enforcesIam ?? true,
      cloudformation: o.cloudformation ?? (target.services ?? []).includes('cloudformation'),
      codepipelineExecutions: o.codepipelineExecutions ?? (target.services ?? []).includes('codepipeline'),
      runsBuilds: false,
      // Its delivery log is EventBridge's admin view (GET /_xacct/views/events/deliveries).
      eventDeliveries: (target.services ?? []).includes('events'),
    };
    notes.push(`xacct serve at ${target.url}: each scenario resets it; requests go to ${target.sdkEndpoint}`);
    if (target.plainHttpOnly) {
      notes.push('it serves no HTTPS that xacct can trust, so every request is plain HTTP (aws:SecureTransport false): a setup whose policies test aws:SecureTransport is refused');
    }
    backend.refuseSetup = (tf) => refuseSetup(target, tf);
    backend.newWorld = (accounts, from) => xacctWorld(target, accounts, from);
    const existing = existingXacctWorld(target);
    backend.existingWorld = existing.existingWorld;
    backend.close = async () => {
      await existing.restore();
      target.httpsAgent?.destroy();
    };
    // Each setup is applied once and restored from the server's snapshot for the scenarios that share it.
    backend.copiesWorlds = true;
    return backend;
  }
  let enforcesIam = o.enforcesIam;
  if (enforcesIam === undefined) {
    try {
      const { clientConfig, configFor } = worldBase(target);
      const probe = await probeEnforcement(clientConfig, configFor);
      enforcesIam = probe.enforcesIam;
      notes.push(`IAM enforcement probed: ${probe.detail}`);
    } catch (e) {
      await backend.close();
      throw new BackendUnavailable(`could not probe ${target.url} for IAM enforcement (${(e as Error).message}); declare it with --no-enforcement`);
    }
  }
  backend.capabilities = { enforcesIam, cloudformation: o.cloudformation ?? true, codepipelineExecutions: o.codepipelineExecutions ?? false, runsBuilds: false, eventDeliveries: false };
  notes.push(`${target.url} is not xacct serve: it cannot be reset, so only the first scenario finds it empty; give each run a fresh endpoint`);
  notes.push(
    'it cannot act as a service principal: "CodePipeline assumes the pipeline role" is done by the root of the role\'s account instead, so the pipeline role\'s trust of codepipeline.amazonaws.com is not tested',
  );
  let used = false;
  backend.newWorld = async () => {
    if (used) {
      throw new Error(`${target.url} cannot be reset between scenarios and still holds the previous scenario's roles, keys and buckets; run one scenario per fresh endpoint (or use --backend localstack, which starts a fresh container per scenario)`);
    }
    used = true;
    return compatibleWorld(target, backend.capabilities);
  };
  return backend;
}

/** Reads --endpoint-ca. */
export function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new BackendUnavailable(`--endpoint-ca: cannot read ${path}: ${(e as Error).message}`);
  }
}
