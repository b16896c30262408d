/**
 * What must stay refused, each probed with a real request in a copy of the world the hops ran in:
 * - the artifact bucket and key refuse an account the pipeline does not name (its root: every identity permission,
 *   so only the bucket and key policies stand in the way);
 * - each action role refuses to be assumed by an outside account, and by a principal of the pipeline's account that is
 *   not the pipeline role (an administrator user: a trust policy naming the account root lets any such principal in);
 * - where the artifact bucket's policy denies insecure transport or unencrypted uploads, such a request by the
 *   pipeline role is refused.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html
 */
import { randomUUID } from 'node:crypto';
import type { Emulator } from '../core/emulator.js';
import type { XRequest } from '../core/request.js';
import { getObject, putObject } from '../services/codepipeline/artifacts.js';
import { rootPrincipal, type Principal } from '../world/principal.js';
import { accountOfArn, storeOf, type Hop, type PipelineRef } from './hops.js';
import { errorOf, invokeFor, type HopRun } from './run-hops.js';
import type { ProbeResult } from './types.js';

const BYSTANDER = 'xacct-check-bystander';

function outsiderId(emulator: Emulator): string {
  for (let n = 999999999999; ; n--) if (!emulator.world.account(String(n))) return String(n);
}

async function probe(emulator: Emulator, result: Omit<ProbeResult, 'outcome' | 'error'>, attempt: (traceId: string) => Promise<unknown>, fix: string): Promise<ProbeResult> {
  try {
    await attempt(`probe-${randomUUID()}`);
    return { ...result, outcome: 'open', fix };
  } catch (e) {
    return { ...result, outcome: 'held', error: errorOf(e) };
  }
}

function insecureRequest(): XRequest {
  return { method: 'PUT', protocol: 'http', hostname: 's3.amazonaws.com', path: '/', rawQuery: '', headers: {}, body: Buffer.alloc(0), sourceIp: '127.0.0.1' };
}

/** An administrator of `account` that is not part of any pipeline: a user with every permission. */
async function bystander(emulator: Emulator, account: string): Promise<Principal> {
  const root = rootPrincipal(account);
  await emulator.invokeAs(root, 'iam', 'CreateUser', { UserName: BYSTANDER });
  const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  await emulator.invokeAs(root, 'iam', 'PutUserPolicy', { UserName: BYSTANDER, PolicyName: 'administrator', PolicyDocument: JSON.stringify(admin) });
  const out = (await emulator.invokeAs(root, 'iam', 'CreateAccessKey', { UserName: BYSTANDER })) as { AccessKey?: { AccessKeyId?: string } };
  return emulator.world.credentials.get(out.AccessKey!.AccessKeyId!)!.principal;
}

type PolicyStatement = { Effect?: string; Condition?: Record<string, Record<string, unknown>> };

function deniesOn(policy: string | undefined, conditionKey: string): boolean {
  if (!policy) return false;
  const statements = ([] as PolicyStatement[]).concat((JSON.parse(policy) as { Statement?: PolicyStatement | PolicyStatement[] }).Statement ?? []);
  return statements.some((s) => s.Effect === 'Deny' && Object.values(s.Condition ?? {}).some((c) => Object.keys(c).some((k) => k.toLowerCase() === conditionKey)));
}

export async function mustRefuse(run: HopRun, pipelines: PipelineRef[], hops: Hop[]): Promise<ProbeResult[]> {
  const emulator = run.emulator;
  const outsider = outsiderId(emulator);
  emulator.world.addAccount({ name: 'xacct-check-outsider', id: outsider });
  const stranger = rootPrincipal(outsider);
  const results: ProbeResult[] = [];
  for (const ref of pipelines) {
    const name = ref.declaration.name!;
    const store = storeOf(ref.declaration, emulator.region);
    const written = [...run.artifacts.entries()].find(([id]) => id.startsWith(`${ref.account}/${name}/`))?.[1];
    if (written) {
      results.push(
        await probe(
          emulator,
          { id: `${ref.account}/${name}/outsider-reads-artifact`, title: `An outside account (${outsider}) reads an artifact of ${name}`, principal: stranger.arn, resource: `arn:aws:s3:::${written.bucket}/${written.key}` },
          (traceId) => getObject(invokeFor(emulator, stranger, traceId), stranger, written.bucket, written.key),
          `remove whatever grants ${outsider} (or "*") access in the bucket policy of ${written.bucket}`,
        ),
      );
    }
    const keyId = store?.encryptionKey?.id;
    if (keyId) {
      const described = (await emulator.invokeAs(rootPrincipal(ref.account), 'kms', 'DescribeKey', { KeyId: keyId }).catch(() => undefined)) as { KeyMetadata?: { Arn?: string } } | undefined;
      const keyArn = described?.KeyMetadata?.Arn;
      if (keyArn) {
        results.push(
          await probe(
            emulator,
            { id: `${ref.account}/${name}/outsider-uses-key`, title: `An outside account (${outsider}) uses the artifact key of ${name}`, principal: stranger.arn, resource: keyArn },
            (traceId) => emulator.invokeAs(stranger, 'kms', 'GenerateDataKey', { KeyId: keyArn, KeySpec: 'AES_256' }, { traceId }),
            `remove whatever grants ${outsider} (or "*") use of ${keyArn} in its key policy`,
          ),
        );
      }
    }
    const bucket = store?.location;
    const policy = bucket
      ? ((await emulator.invokeAs(rootPrincipal(ref.account), 's3', 'GetBucketPolicy', { Bucket: bucket }).catch(() => undefined)) as { Policy?: string } | undefined)?.Policy
      : undefined;
    const pipelineSession = run.sessions.get(ref.declaration.roleArn!);
    if (bucket && pipelineSession && deniesOn(policy, 'aws:securetransport')) {
      results.push(
        await probe(
          emulator,
          { id: `${ref.account}/${name}/insecure-upload`, title: `The pipeline role writes to ${bucket} over plain HTTP`, principal: ref.declaration.roleArn!, resource: `arn:aws:s3:::${bucket}/*` },
          (traceId) => emulator.invokeAs(pipelineSession, 's3', 'PutObject', { Bucket: bucket, Key: 'xacct-check/insecure', Body: Buffer.from('x') }, { traceId, request: insecureRequest() }),
          `deny requests without aws:SecureTransport in the bucket policy of ${bucket}`,
        ),
      );
    }
    if (bucket && pipelineSession && deniesOn(policy, 's3:x-amz-server-side-encryption')) {
      results.push(
        await probe(
          emulator,
          { id: `${ref.account}/${name}/unencrypted-upload`, title: `The pipeline role writes to ${bucket} without SSE-KMS`, principal: ref.declaration.roleArn!, resource: `arn:aws:s3:::${bucket}/*` },
          (traceId) => putObject(invokeFor(emulator, pipelineSession, traceId), pipelineSession, bucket, 'xacct-check/unencrypted', new Uint8Array([120])),
          `deny s3:PutObject without s3:x-amz-server-side-encryption aws:kms in the bucket policy of ${bucket}`,
        ),
      );
    }
  }
  const actionRoles = new Map<string, string>();
  for (const hop of hops) if (hop.act.kind === 'assume-role') actionRoles.set(hop.act.roleArn, hop.act.by);
  const bystanders = new Map<string, Principal>();
  for (const [roleArn, pipelineRole] of actionRoles) {
    results.push(
      await probe(
        emulator,
        { id: `outsider-assumes/${roleArn}`, title: `An outside account (${outsider}) assumes ${roleArn}`, principal: stranger.arn, resource: roleArn },
        (traceId) => emulator.invokeAs(stranger, 'sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'outsider' }, { traceId }),
        `remove ${outsider} (or "*") from the trust policy of ${roleArn}`,
      ),
    );
    const account = accountOfArn(pipelineRole);
    if (!account) continue;
    let other = bystanders.get(account);
    if (!other) bystanders.set(account, (other = await bystander(emulator, account)));
    const by = other;
    results.push(
      await probe(
        emulator,
        {
          id: `bystander-assumes/${roleArn}`,
          title: `An administrator of ${account} that is not the pipeline role assumes ${roleArn}`,
          principal: `arn:aws:iam::${account}:user/${BYSTANDER}`,
          resource: roleArn,
        },
        (traceId) => emulator.invokeAs(by, 'sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'bystander' }, { traceId }),
        `name the pipeline role (${pipelineRole}) in the trust policy of ${roleArn} instead of the account root arn:aws:iam::${account}:root`,
      ),
    );
  }
  return results;
}
