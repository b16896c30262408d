/**
 * `xacct serve`: the emulator on a loopback port, for the AWS CLI, SDKs, Terraform and `xacct apply`.
 * Prints `xacct ready <http endpoint>` when ready, then the export lines of each account's root credentials, then
 * the admin token that the /_xacct/ endpoints (all but health) take. Each denied request is one line on stderr
 * (time, request id, caller, action, resource, why: admin/denials.ts) unless `--quiet`, since AWS clients hide the
 * request id that /_xacct/explain/<id> takes.
 * Every account's root keys are public (access key = account id, secret `test`), so binding an address other than
 * loopback hands every account to whoever can reach it: that prints a warning on stderr, or a one-line note when
 * `--public` says it is deliberate (the container, whose port is published on the host's loopback only).
 */
import { allowAdminHosts } from '../core/admin.js';
import { denialLine } from '../core/admin/denials.js';
import { isLoopback } from '../core/admin/guard.js';
import { ListenFailed, startEmulator, type RunningEmulator } from '../index.js';
import { DEFAULT_ACCOUNTS } from '../world/world.js';
import { accountsOption, UsageError, type Io } from './io.js';

export interface ServeOptions {
  host: string;
  port: string;
  httpsPort?: string;
  accounts?: string;
  region: string;
  /** Binding a non-loopback --host is deliberate: a note instead of the warning. */
  public?: boolean;
  /** Host names, comma-separated, that admin requests may be addressed to (e.g. a compose service name). */
  allowHost?: string;
  /** MiB of request bodies held at once (the in-flight cap). */
  maxBodyMib?: string;
  /** No line on stderr per denied request. */
  quiet?: boolean;
}

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number from 0 to 65535, got "${value}"`);
  return n;
}

export async function startServe(opts: ServeOptions, io: Io): Promise<RunningEmulator> {
  const accounts = opts.accounts === undefined ? DEFAULT_ACCOUNTS : accountsOption(opts.accounts);
  const maxBodyMib = opts.maxBodyMib === undefined ? undefined : Number(opts.maxBodyMib);
  if (maxBodyMib !== undefined && !(Number.isInteger(maxBodyMib) && maxBodyMib >= 1 && maxBodyMib <= 1024 * 1024)) {
    throw new UsageError(`--max-body-mib must be a whole number of MiB from 1, got "${opts.maxBodyMib}"`);
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(opts.region)) throw new UsageError(`--region: "${opts.region}" is not a region name like us-east-1`);
  const allowed = (opts.allowHost ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const badHost = allowed.find((h) => !/^[a-z0-9.-]+$/i.test(h));
  if (badHost !== undefined) throw new UsageError(`--allow-host: "${badHost}" is not a host name (expected e.g. xacct,host.docker.internal)`);
  let running: RunningEmulator;
  try {
    running = await startEmulator({
      transport: 'http',
      host: opts.host,
      port: port(opts.port, '--port'),
      httpsPort: opts.httpsPort === undefined ? undefined : port(opts.httpsPort, '--https-port'),
      accounts,
      region: opts.region,
      maxBodyBytesInFlight: maxBodyMib === undefined ? undefined : maxBodyMib * 1024 * 1024,
      onDenial: opts.quiet ? undefined : (record) => io.err(denialLine(record)),
    });
  } catch (e) {
    if (!(e instanceof ListenFailed)) throw e;
    const flag = e.scheme === 'https' ? '--https-port' : '--port';
    if (e.code === 'EADDRINUSE') throw new UsageError(`port already in use (${e.message}); pick another with ${flag}`);
    if (e.code === 'EACCES') throw new UsageError(`cannot listen (${e.message}); pick another with ${flag}`);
    if (e.code === 'EADDRNOTAVAIL') throw new UsageError(`cannot listen (${e.message}); --host is not an address of this machine`);
    throw new UsageError(`cannot listen (${e.message}); check --host and ${flag}`);
  }
  allowAdminHosts(running.emulator, allowed);
  if (!isLoopback(opts.host)) {
    io.err(
      opts.public
        ? `xacct: serving on ${opts.host} on purpose (--public): every account's keys are public to whoever can reach it`
        : `xacct: warning: serving on ${opts.host}, which is not a loopback address: every account's keys are public (access key = account id, secret "test"), so anyone who can reach this address can act as any account. Bind 127.0.0.1 unless that is what you want (--public says so and keeps this to one note)`,
    );
  }
  io.out(`xacct ready ${running.endpoint}`);
  if (running.httpsEndpoint) io.out(`# https: ${running.httpsEndpoint} (trust ${running.caFile}: export AWS_CA_BUNDLE=${running.caFile})`);
  for (const a of accounts) {
    io.out(`# account ${a.name} (${a.id})`);
    io.out(`export AWS_ACCESS_KEY_ID=${a.id} AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=${opts.region} AWS_ENDPOINT_URL=${running.endpoint}`);
  }
  io.out(`# admin token for /_xacct/ (header x-xacct-admin-token; account roots may sign admin requests instead):`);
  io.out(`export XACCT_ADMIN_TOKEN=${running.adminToken}`);
  return running;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How often the parent is looked for: the longest an orphaned server keeps its ports. */
const PARENT_CHECK_MS = 500;

/**
 * Resolves once the server should stop: a stop signal, or its parent gone. `npx xacct serve` runs this process under
 * `npm exec` and a shell, and npm neither forwards SIGTERM nor takes its children along, so the parent's death is
 * seen here instead: an orphan is re-parented (to init or a subreaper), which changes its parent process id. Node
 * has no parent-death signal (Linux's PR_SET_PDEATHSIG), so the id is polled. A server started without a parent of
 * its own (a container's PID 1) has nothing to follow.
 */
function stopRequested(): Promise<void> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const stop = () => {
      clearInterval(watch);
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      resolve();
    };
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop();
    }, PARENT_CHECK_MS);
    watch.unref();
    for (const signal of STOP_SIGNALS) process.once(signal, stop);
  });
}

export async function serveCommand(opts: ServeOptions, io: Io): Promise<number> {
  // Listening for the stop signals before the ready line: a supervisor may send one as soon as it reads that line.
  const stop = stopRequested();
  const running = await startServe(opts, io);
  await stop;
  await running.dispose();
  io.err('xacct stopped');
  return 0;
}
