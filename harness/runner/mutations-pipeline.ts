/**
 * Mutations of the pipeline's own declaration (issue 17 item 4), made by UpdatePipeline as the pipeline account's root
 * after the setup is applied (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_UpdatePipeline.html):
 * - useAwsManagedKey: the artifact store loses its customer-managed key, so CodePipeline encrypts artifacts with
 *   the pipeline account's aws/s3 key ("If you don't specify a key, AWS CodePipeline uses the default key for
 *   Amazon S3", API_EncryptionKey), and the artifact bucket's default encryption names no key either;
 * - moveRole: the CloudFormation action's role (configuration RoleArn) is recreated in the pipeline account, with the
 *   same trust and permissions, and the action points at it.
 * Each changes the scenario's own names to match (the key, the deploy role), so the hand-off steps act on the
 * changed world. One that finds nothing to change says what it looked for (see mutations.ts).
 * Deviations: moveRole copies inline policies and attaches the same AWS managed policies; a customer managed policy
 * of the old account cannot be attached in another, so its default version is copied as an inline policy.
 */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { GetBucketEncryptionCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { accountOf, parsePolicy, roleName } from './mutation-targets.js';
import type { Mutation } from './mutations.js';
import { pipelinesOf, redeclare } from './pipeline-declaration.js';
import type { WorldHandle } from './scenario.js';

/** Replaces the artifact key by aws/s3: the pipeline's artifact stores lose their key, the bucket's default encryption too. */
export function useAwsManagedKey(): Mutation {
  const lookedFor = "a customer-managed key on the pipeline's artifact store";
  return {
    title: 'replace the artifact key by the AWS-managed aws/s3 key',
    async apply(world) {
      const n = world.names;
      const changed: string[] = [];
      const buckets = new Set<string>();
      for (const name of pipelinesOf(n)) {
        changed.push(
          ...(await redeclare(world, n.pipelineAccount, name, (p) => {
            const stores = [...(p.artifactStore ? [['', p.artifactStore] as const] : []), ...Object.entries(p.artifactStores ?? {})];
            return stores.flatMap(([region, store]) => {
              if (!store.encryptionKey) return [];
              const key = store.encryptionKey.id;
              delete store.encryptionKey;
              buckets.add(store.location!);
              return [`removed key ${key} from the artifact store ${store.location}${region ? ` (${region})` : ''} of pipeline ${name}: CodePipeline now uses aws/s3`];
            });
          })),
        );
      }
      if (changed.length === 0) return { changed, lookedFor };
      const s3 = new S3Client(world.clientConfig(n.pipelineAccount));
      for (const Bucket of buckets) changed.push(...(await bucketDefaultToAwsS3(s3, Bucket)));
      // The steps write and read as the changed pipeline does: no key named, S3 uses aws/s3.
      n.keyArn = '';
      n.keyId = '';
      n.options = { ...n.options, artifactKey: 'aws-managed' };
      return { changed, lookedFor };
    },
  };
}

/** A bucket whose default encryption names a KMS key falls back to aws/s3 (SSE-KMS without a key id). */
async function bucketDefaultToAwsS3(s3: S3Client, Bucket: string): Promise<string[]> {
  const out = await s3.send(new GetBucketEncryptionCommand({ Bucket })).catch(() => undefined);
  const rules = out?.ServerSideEncryptionConfiguration?.Rules ?? [];
  if (!rules.some((r) => r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID)) return [];
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket,
      ServerSideEncryptionConfiguration: {
        Rules: rules.map((r) => ({ ...r, ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } })),
      },
    }),
  );
  return [`bucket ${Bucket}'s default encryption names no key any more (aws/s3)`];
}

/**
 * Moves the role a CloudFormation action passes to CloudFormation (configuration RoleArn) into the pipeline account:
 * a role of the same name (or `<name>-moved` when that name is taken), trust and permissions is created there and
 * every cross-account CloudFormation action is pointed at it.
 */
export function moveRole(o: { role: 'deploy'; to: 'pipeline-account' }): Mutation {
  const lookedFor = `a CloudFormation action whose ${o.role} role (configuration RoleArn) is outside the pipeline account`;
  return {
    title: `move the ${o.role} role to the pipeline account`,
    async apply(world) {
      const n = world.names;
      const moved = new Map<string, string>();
      const changed: string[] = [];
      for (const t of n.targets) {
        if (t.provider !== 'CloudFormation' || !t.deployRoleArn || accountOf(t.deployRoleArn) === n.pipelineAccount || moved.has(t.deployRoleArn)) continue;
        const copy = await copyRole(world, t.deployRoleArn, n.pipelineAccount);
        if (!copy) continue;
        moved.set(t.deployRoleArn, copy.arn);
        changed.push(...copy.changed);
      }
      if (moved.size === 0) return { changed, lookedFor };
      for (const name of pipelinesOf(n)) {
        changed.push(
          ...(await redeclare(world, n.pipelineAccount, name, (p) =>
            (p.stages ?? []).flatMap((stage) =>
              (stage.actions ?? []).flatMap((a) => {
                const to = a.actionTypeId?.provider === 'CloudFormation' ? moved.get(a.configuration?.['RoleArn'] ?? '') : undefined;
                if (!to || !a.configuration) return [];
                a.configuration['RoleArn'] = to;
                return [`pointed action ${a.name} (stage ${stage.name}) of pipeline ${name} at ${to}`];
              }),
            ),
          )),
        );
      }
      for (const t of n.targets) t.deployRoleArn = moved.get(t.deployRoleArn) ?? t.deployRoleArn;
      n.deployRoleArn = moved.get(n.deployRoleArn) ?? n.deployRoleArn;
      return { changed, lookedFor };
    },
  };
}

/** Creates a copy of a role (trust, inline and managed policies) in another account; undefined when the role is absent. */
async function copyRole(world: WorldHandle, arn: string, account: string): Promise<{ arn: string; changed: string[] } | undefined> {
  const from = new IAMClient(world.clientConfig(accountOf(arn)));
  const to = new IAMClient(world.clientConfig(account));
  const RoleName = roleName(arn);
  const role = await from.send(new GetRoleCommand({ RoleName })).catch(() => undefined);
  if (!role?.Role) return undefined;
  const taken = await to.send(new GetRoleCommand({ RoleName })).then(
    () => true,
    () => false,
  );
  const name = taken ? `${RoleName}-moved` : RoleName;
  const created = await to.send(new CreateRoleCommand({ RoleName: name, Path: role.Role.Path, AssumeRolePolicyDocument: decodeURIComponent(role.Role.AssumeRolePolicyDocument ?? '') }));
  const copy = created.Role!.Arn!;
  for (const PolicyName of (await from.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? []) {
    const got = await from.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
    await to.send(new PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument: JSON.stringify(parsePolicy(got.PolicyDocument)) }));
  }
  for (const { PolicyArn, PolicyName } of (await from.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies ?? []) {
    if (PolicyArn?.startsWith('arn:aws:iam::aws:policy/')) {
      await to.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn }));
      continue;
    }
    const policy = await from.send(new GetPolicyCommand({ PolicyArn }));
    const version = await from.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: policy.Policy?.DefaultVersionId }));
    await to.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: PolicyName ?? 'copied', PolicyDocument: JSON.stringify(parsePolicy(version.PolicyVersion?.Document)) }));
  }
  return { arn: copy, changed: [`created ${copy}, a copy of ${arn} (trust and permissions) in account ${account}`] };
}
