/**
 * `xacct apply [DIR] [--endpoint URL]`: applies synthesized Terraform JSON (cdktf.out by default, or a directory of
 * *.tf.json files) to a running `xacct serve` (default http://127.0.0.1:4566), printing progress on stderr and the
 * resolved attributes (ARNs, ids) on stdout, like `terraform apply` prints its summary.
 * Exit status: 0 applied, 1 an AWS call failed or the endpoint is unreachable, 2 bad input (nothing created).
 * Deviations: create only; rerunning against the same emulator fails on the first resource that already exists.
 */
import type { Io } from './io.js';

export interface ApplyCommandOptions {
  endpoint?: string;
}

const SHOWN = ['arn', 'id', 'key_id', 'bucket', 'name', 'target_key_arn', 'json'] as const;

function summary(attrs: Record<string, unknown>): string {
  return SHOWN.filter((k) => typeof attrs[k] === 'string' && k !== 'json')
    .filter((k, _i, all) => !(k === 'id' && all.includes('arn') && attrs.id === attrs.arn))
    .map((k) => `${k}=${attrs[k] as string}`)
    .join(' ');
}

export async function applyCommand(dir: string | undefined, opts: ApplyCommandOptions, io: Io): Promise<number> {
  const { loadTerraformJson, LoadError, apply, ApplyConfigError, ApplyResourceError, DEFAULT_ENDPOINT } = await import('../apply/index.js');
  const endpoint = opts.endpoint ?? DEFAULT_ENDPOINT;
  const source = dir ?? 'cdktf.out';
  try {
    new URL(endpoint);
  } catch {
    io.err(`xacct apply: --endpoint ${endpoint} is not a URL`);
    return 2;
  }
  let loaded;
  try {
    loaded = loadTerraformJson(source);
  } catch (e) {
    if (e instanceof LoadError) {
      io.err(`xacct apply: ${e.message}`);
      return 2;
    }
    throw e;
  }
  io.err(`applying ${loaded.files.join(', ')} to ${endpoint}`);
  try {
    const result = await apply(loaded.documents, {
      endpoint,
      onProgress: (e) => {
        if (e.type === 'planned') io.err(`${e.stack ? `${e.stack}: ` : ''}${e.resources} resources, ${e.data} data sources`);
        if (e.type === 'done') io.err(`  ${e.resource.mode === 'data' ? 'read   ' : 'created'} ${e.resource.address} (${e.resource.account})`);
      },
    });
    for (const r of result.resources) io.out(`${r.stack ? `${r.stack}/` : ''}${r.address} [${r.account}] ${summary(r.attributes)}`);
    for (const [k, v] of Object.entries(result.outputs)) io.out(`output ${k} = ${JSON.stringify(v)}`);
    io.err(`apply complete: ${result.resources.length} resources created`);
    return 0;
  } catch (e) {
    if (e instanceof ApplyConfigError) {
      io.err(`xacct apply: ${e.message}`);
      return 2;
    }
    if (e instanceof ApplyResourceError) {
      const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET/.test(`${e.code} ${e.awsMessage}`);
      io.err(
        unreachable
          ? `xacct apply: cannot reach ${endpoint} (${e.awsMessage}); is \`xacct serve\` running?`
          : `xacct apply: ${e.message}`,
      );
      if (!unreachable && e.created.length) io.err(`created before the failure: ${e.created.join(', ')}`);
      return 1;
    }
    io.err(`xacct apply: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
