/**
 * xacct's library API: start an emulator in-process or on a port, get SDK client configuration for any account's
 * root, any IAM user, or any role (assumed for you), and dispose of it with `await using`.
 *
 *     await using emu = await startEmulator();
 *     const sts = new STSClient(emu.clientConfig('111111111111'));
 */
import type { CreateAccessKeyCommandInput, CreateAccessKeyCommandOutput, CreateUserCommandInput, PutUserPolicyCommandInput } from '@aws-sdk/client-iam';
import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { Emulator, type EmulatorOptions } from './core/emulator.js';
import { InProcessHandler } from './transport/in-process.js';
import { BodyBudget, close, startHttp, startHttps } from './transport/http-server.js';
import { generateTls } from './transport/tls.js';
import { adminToken, advertiseHttps } from './core/admin.js';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ROOT_SECRET, type AccountSpec } from './world/world.js';
import { rootPrincipal, servicePrincipal } from './world/principal.js';
import { serviceCatalog } from './services/registry.js';
import { runBuildCommands, supplyBuildOutputs, type SuppliedBuildOutput } from './services/codebuild/store.js';
import type { ServiceCatalog } from './core/service.js';

export { Emulator } from './core/emulator.js';
export { World, DEFAULT_ACCOUNTS, parseAccounts, type AccountSpec } from './world/world.js';
export { AwsError } from './core/errors.js';
export { ListenFailed } from './transport/http-server.js';
export type { CheckOptions } from './check/check.js';
export type { CheckReport, GrantResult, HopResult, ProbeResult } from './check/types.js';

/** `xacct check` as a function: every hop of every pipeline proven, each grant proven needed or not (check/check.ts). */
export async function check(opts: import('./check/check.js').CheckOptions = {}): Promise<import('./check/types.js').CheckReport> {
  return (await import('./check/check.js')).check(opts);
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: Credentials;
  forcePathStyle: true;
  requestHandler?: InProcessHandler;
  maxAttempts: number;
  useFipsEndpoint: boolean;
  useDualstackEndpoint: boolean;
}

/**
 * Settings an SDK client would otherwise look up in the environment and ~/.aws/config on every construction
 * (each miss builds an error with a stack trace); an emulated world has one answer for each.
 */
export const SDK_SETTINGS = {
  useFipsEndpoint: false,
  useDualstackEndpoint: false,
  defaultsMode: 'standard',
  retryMode: 'standard',
  userAgentAppId: 'xacct',
  authSchemePreference: [] as string[],
  requestChecksumCalculation: 'WHEN_SUPPORTED',
  responseChecksumValidation: 'WHEN_SUPPORTED',
  useArnRegion: false,
  disableS3ExpressSessionAuth: true,
} as const;

export interface StartOptions extends Omit<EmulatorOptions, 'services'> {
  /** The services to speak (default: every service in harness/services/registry.ts). */
  services?: ServiceCatalog;
  /** 'in-process' (default): no sockets. 'http': a server on host:port (port 0 picks a free one). */
  transport?: 'in-process' | 'http';
  host?: string;
  port?: number;
  /** Also serve HTTPS on this port (0 = any free port). */
  httpsPort?: number;
  /**
   * HTTP transport: how many request-body bytes the server holds at once, across all requests (default 256 MiB).
   * A body that would not fit is answered with the service's throttling error (S3: 503 SlowDown) without being
   * read; one larger than this on its own, with its too-large error (S3: EntityTooLarge).
   */
  maxBodyBytesInFlight?: number;
  /**
   * Run the buildspec commands of CodeBuild builds (`xacct run --run-builds`): with bash, against an HTTPS listener
   * of this emulator (started for them when none is asked for), whose CA the builds' AWS CLI trusts.
   */
  runBuilds?: boolean;
  /** What builds whose commands are not run would have made (`xacct run --build-output`; SuppliedBuildOutput). */
  buildOutputs?: SuppliedBuildOutput[];
}

export interface RunningEmulator extends AsyncDisposable {
  emulator: Emulator;
  /** HTTP endpoint (or a notional one for in-process use). */
  endpoint: string;
  httpsEndpoint?: string;
  caFile?: string;
  region: string;
  accounts: AccountSpec[];
  /**
   * This server's admin token: send it as the `x-xacct-admin-token` header to reach /_xacct/ endpoints other than
   * health (or sign those requests as an account root, SigV4 service `xacct`).
   */
  adminToken: string;
  /** SDK config for an account's root (access key = account id, secret `test`). */
  clientConfig(accountId: string): ClientConfig;
  /** SDK config for explicit credentials (an IAM user's keys, a session). `insecure`: plain HTTP (aws:SecureTransport false). */
  configFor(credentials: Credentials, opts?: { insecure?: boolean }): ClientConfig;
  /** Assumes a role as `as` (an account's root is refused by STS, so pass a user's or a session's credentials). */
  assumeRole(roleArn: string, as: Credentials, opts?: { sessionName?: string; externalId?: string }): Promise<ClientConfig>;
  /** Assumes a role as a service principal (e.g. codepipeline.amazonaws.com): the role's trust policy decides. */
  assumeRoleAsService(roleArn: string, service: string, sessionName?: string): Promise<ClientConfig>;
  /**
   * A session of any role, assumed for you by an IAM user `xacct-harness` that the library creates in the role's
   * account (allowed sts:AssumeRole): the role's trust policy still decides, so it must trust its own account.
   */
  roleConfig(roleArn: string, opts?: { sessionName?: string; externalId?: string }): Promise<ClientConfig>;
  reset(): void;
  dispose(): Promise<void>;
}

const HARNESS_USER = 'xacct-harness';
const harnessUsers = new WeakMap<object, Map<string, Credentials>>();

/** The keys of the library's own IAM user in `account`, created through IAM as the account root on first use. */
async function harnessUser(emulator: Emulator, account: string): Promise<Credentials> {
  let perWorld = harnessUsers.get(emulator.world);
  if (!perWorld) harnessUsers.set(emulator.world, (perWorld = new Map()));
  const known = perWorld.get(account);
  if (known) return known;
  const root = rootPrincipal(account);
  await emulator.invokeAs(root, 'iam', 'CreateUser', { UserName: HARNESS_USER } satisfies CreateUserCommandInput);
  await emulator.invokeAs(root, 'iam', 'PutUserPolicy', {
    UserName: HARNESS_USER,
    PolicyName: 'assume-roles',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
  } satisfies PutUserPolicyCommandInput);
  const out = await emulator.invokeAs<CreateAccessKeyCommandOutput>(root, 'iam', 'CreateAccessKey', { UserName: HARNESS_USER } satisfies CreateAccessKeyCommandInput);
  const creds = { accessKeyId: out.AccessKey!.AccessKeyId!, secretAccessKey: out.AccessKey!.SecretAccessKey! };
  perWorld.set(account, creds);
  return creds;
}

export async function startEmulator(opts: StartOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator({ ...opts, services: opts.services ?? serviceCatalog() });
  const transport = opts.transport ?? 'in-process';
  const host = opts.host ?? '127.0.0.1';
  // In-process clients never open a socket; the scheme still decides aws:SecureTransport, and AWS SDKs use TLS.
  let endpoint = 'https://127.0.0.1:4566';
  let httpsEndpoint: string | undefined;
  let caFile: string | undefined;
  const servers: Array<import('node:http').Server> = [];
  const cleanups: Array<() => void> = [];
  let handler: InProcessHandler | undefined;

  if (transport === 'http') {
    try {
      const budget = new BodyBudget(opts.maxBodyBytesInFlight);
      const http = await startHttp(() => emulator, host, opts.port ?? 0, budget);
      servers.push(http.server);
      endpoint = http.url;
      if (opts.httpsPort !== undefined) {
        const tls = await generateTls();
        cleanups.push(() => rmSync(dirname(tls.caFile), { recursive: true, force: true }));
        const https = await startHttps(() => emulator, host, opts.httpsPort, tls, budget);
        servers.push(https.server);
        httpsEndpoint = https.url;
        caFile = tls.caFile;
        // Lets `xacct run --backend endpoint --endpoint <http url>` find the HTTPS endpoint and the CA to trust.
        advertiseHttps(emulator, { endpoint: https.url, caFile: tls.caFile });
      }
    } catch (e) {
      // A listener that bound must not outlive the one that could not: nothing would ever close it.
      await Promise.all(servers.map((s) => close(s)));
      for (const cleanup of cleanups) cleanup();
      throw e;
    }
  } else {
    handler = new InProcessHandler(() => emulator, 'https');
  }
  emulator.endpoint = endpoint;

  // Builds that run commands reach the emulator over HTTPS (bucket policies may refuse plain HTTP), with its CA.
  let builds: { endpoint: string; caBundle: string } | undefined;
  if (opts.runBuilds) {
    if (!httpsEndpoint || !caFile) {
      const tls = await generateTls();
      cleanups.push(() => rmSync(dirname(tls.caFile), { recursive: true, force: true }));
      const https = await startHttps(() => emulator, host, 0, tls, new BodyBudget(opts.maxBodyBytesInFlight));
      servers.push(https.server);
      builds = { endpoint: https.url, caBundle: tls.caFile };
    } else {
      builds = { endpoint: httpsEndpoint, caBundle: caFile };
    }
  }
  const enableBuilds = () => {
    if (builds) runBuildCommands(emulator.world, builds);
    if (opts.buildOutputs?.length) supplyBuildOutputs(emulator.world, opts.buildOutputs);
  };
  enableBuilds();

  const insecureHandler = handler ? new InProcessHandler(() => emulator, 'http') : undefined;
  const configFor = (credentials: Credentials, o: { insecure?: boolean } = {}): ClientConfig => {
    if (o.insecure) {
      return {
        endpoint: endpoint.replace(/^https:/, 'http:'),
        region: emulator.region,
        credentials,
        forcePathStyle: true,
        maxAttempts: 1,
        ...SDK_SETTINGS,
        ...(insecureHandler ? { requestHandler: insecureHandler } : {}),
      };
    }
    return { endpoint, region: emulator.region, credentials, forcePathStyle: true, maxAttempts: 1, ...SDK_SETTINGS, ...(handler ? { requestHandler: handler } : {}) };
  };

  const fromAssumed = (out: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }) =>
    configFor({
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    });

  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await Promise.all(servers.map((s) => close(s)));
    for (const cleanup of cleanups) cleanup();
  };

  const assumeRole: RunningEmulator['assumeRole'] = async (roleArn, as, o = {}) => {
    // Loaded on first use: the STS client costs a few hundred milliseconds of start-up that `xacct serve` never needs.
    const { AssumeRoleCommand, STSClient } = await import('@aws-sdk/client-sts');
    const sts = new STSClient(configFor(as));
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: o.sessionName ?? 'xacct', ExternalId: o.externalId }));
    return fromAssumed(out);
  };

  return {
    emulator,
    endpoint,
    httpsEndpoint,
    caFile,
    region: emulator.region,
    accounts: emulator.world.specs(),
    adminToken: adminToken(emulator),
    clientConfig: (accountId) => configFor({ accessKeyId: accountId, secretAccessKey: ROOT_SECRET }),
    configFor,
    assumeRole,
    async roleConfig(roleArn, o = {}) {
      const account = /^arn:aws:iam::(\d{12}):role\//.exec(roleArn)?.[1];
      if (!account) throw new Error(`not a role ARN: ${roleArn}`);
      return assumeRole(roleArn, await harnessUser(emulator, account), o);
    },
    async assumeRoleAsService(roleArn, service, sessionName = String(Date.now())) {
      const out = await emulator.invokeAs<AssumeRoleCommandOutput>(servicePrincipal(service), 'sts', 'AssumeRole', {
        RoleArn: roleArn,
        RoleSessionName: sessionName,
      } satisfies AssumeRoleCommandInput);
      return fromAssumed(out);
    },
    reset: () => {
      emulator.reset();
      enableBuilds();
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
