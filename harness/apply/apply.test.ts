/**
 * The applier against a recording fake client layer: reference resolution, jsonencode, data sources, order,
 * provider -> account mapping, validation before anything is created, and AWS errors carried with the address.
 * Terraform behaviour mirrored: https://developer.hashicorp.com/terraform/language/syntax/json and
 * https://developer.hashicorp.com/terraform/language/meta-arguments/depends_on.
 */
import { describe, expect, it } from 'vitest';
import { HttpResponse } from '@smithy/protocol-http';
import { synthReferenceSetup } from '../../stacks/reference-setup.js';
import { apply } from './apply.js';
import { ApplyConfigError, ApplyResourceError } from './errors.js';
import { recordingClients, serviceError } from './testing/recording-clients.js';

const provider = { aws: [{ alias: 'pipeline', access_key: '111111111111', secret_key: 'test', region: 'us-east-1' }] };

async function configError(p: Promise<unknown>): Promise<ApplyConfigError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ApplyConfigError);
  return e as ApplyConfigError;
}

describe('apply: the reference setup', () => {
  it('creates every resource once, in the right account, after what it references', async () => {
    const rec = recordingClients();
    const result = await apply(synthReferenceSetup(), { clients: rec.factory });
    const order = result.resources.map((r) => r.address);
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b));
    before('aws_iam_role.pipeline_role', 'aws_kms_key.artifact_key');
    before('aws_kms_key.artifact_key', 'aws_kms_alias.artifact_key_alias');
    before('aws_s3_bucket.artifact_bucket', 'aws_s3_bucket_policy.artifact_bucket_policy');
    before('aws_iam_role_policy.pipeline_role_policy', 'aws_codepipeline.pipeline');
    before('aws_iam_role_policy.action_role_policy', 'aws_codepipeline.pipeline');
    expect(order).toHaveLength(18);
    expect(rec.calls.filter((c) => c.account === '222222222222').map((c) => c.command)).toEqual([
      'CreateRoleCommand',
      'CreateRoleCommand',
      'CreateBucketCommand',
      'PutRolePolicyCommand',
      'PutRolePolicyCommand',
    ]);
  });

  it('resolves references: the key ARN reaches the role policies, bucket encryption and the artifact store', async () => {
    const rec = recordingClients();
    const result = await apply(synthReferenceSetup(), { clients: rec.factory });
    const key = result.resources.find((r) => r.address === 'aws_kms_key.artifact_key')!;
    const keyArn = key.attributes.arn as string;
    expect(keyArn).toBe('arn:aws:kms:us-east-1:111111111111:key/00000001-aaaa-bbbb-cccc-000000000000');
    expect(key.attributes.key_id).toBe('00000001-aaaa-bbbb-cccc-000000000000');
    const actionPolicy = rec.calls.find((c) => c.command === 'PutRolePolicyCommand' && c.input.RoleName === 'cross-account-action-role')!;
    expect(JSON.parse(actionPolicy.input.PolicyDocument).Statement.find((s: { Sid: string }) => s.Sid === 'UseArtifactKey').Resource).toBe(keyArn);
    const keyPolicy = JSON.parse(rec.calls.find((c) => c.command === 'CreateKeyCommand')!.input.Policy);
    expect(keyPolicy.Statement[1].Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:role/codepipeline-service-role' });
    const enc = rec.calls.find((c) => c.command === 'PutBucketEncryptionCommand')!;
    expect(enc.input.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn });
    const pipeline = rec.calls.find((c) => c.command === 'CreatePipelineCommand')!.input.pipeline;
    expect(pipeline.artifactStore).toEqual({ location: 'xacct-artifacts-111111111111', type: 'S3', encryptionKey: { id: keyArn, type: 'KMS' } });
    expect(pipeline.stages[1].actions.map((a: { roleArn: string }) => a.roleArn)).toEqual([
      'arn:aws:iam::222222222222:role/cross-account-action-role',
      'arn:aws:iam::222222222222:role/cross-account-action-role',
    ]);
    expect(pipeline.stages[1].actions[0].configuration.RoleArn).toBe('arn:aws:iam::222222222222:role/cloudformation-deploy-role');
    expect(result.resources.find((r) => r.address === 'aws_codepipeline.pipeline')!.attributes.arn).toBe(
      'arn:aws:codepipeline:us-east-1:111111111111:xacct-pipeline',
    );
  });

  it('providerAccounts overrides the provider blocks', async () => {
    const rec = recordingClients();
    await apply(synthReferenceSetup(), { clients: rec.factory, providerAccounts: { pipeline: '333333333333', target: '444444444444' } });
    expect(new Set(rec.calls.map((c) => c.account))).toEqual(new Set(['333333333333', '444444444444']));
  });

  it('reports progress for every resource', async () => {
    const events: string[] = [];
    await apply(synthReferenceSetup(), { clients: recordingClients().factory, onProgress: (e) => events.push(e.type) });
    expect(events[0]).toBe('planned');
    expect(events.filter((t) => t === 'done')).toHaveLength(18);
  });
});

describe('apply: hand-written Terraform JSON', () => {
  const handWritten = {
    provider: { aws: { region: 'us-east-1', access_key: '111111111111', secret_key: 'test' } },
    data: {
      aws_caller_identity: { current: {} },
      aws_partition: { current: {} },
      aws_region: { current: {} },
      aws_iam_policy_document: {
        trust: {
          statement: [
            {
              actions: ['sts:AssumeRole'],
              principals: [{ type: 'AWS', identifiers: ['arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root'] }],
            },
          ],
        },
      },
    },
    locals: { prefix: 'app-${data.aws_region.current.name}' },
    resource: {
      aws_iam_policy: {
        p: {
          name: '${local.prefix}-read',
          policy: '${jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.b.arn}/*"}]})}',
        },
      },
      aws_s3_bucket: { b: { bucket: '${local.prefix}-bucket' } },
      aws_iam_role: { r: { name: 'reader', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' } },
      aws_iam_role_policy_attachment: { a: { role: '${aws_iam_role.r.name}', policy_arn: '${aws_iam_policy.p.arn}' } },
      aws_s3_object: { o: { bucket: '${aws_s3_bucket.b.id}', key: 'hello.txt', content: 'hi', depends_on: ['aws_iam_role_policy_attachment.a'] } },
    },
    output: { bucket_arn: { value: '${aws_s3_bucket.b.arn}' }, role: { value: '${aws_iam_role.r.arn}' } },
  };

  it('reads data sources, renders policy documents and jsonencode, follows locals and depends_on', async () => {
    const rec = recordingClients();
    const result = await apply(handWritten, { clients: rec.factory });
    expect(rec.calls.map((c) => c.command)).toEqual([
      'GetCallerIdentityCommand',
      'CreateBucketCommand',
      'CreatePolicyCommand',
      'CreateRoleCommand',
      'AttachRolePolicyCommand',
      'PutObjectCommand',
    ]);
    expect(rec.calls[1].input).toEqual({ Bucket: 'app-us-east-1-bucket' });
    expect(rec.calls[2].input.PolicyName).toBe('app-us-east-1-read');
    expect(rec.calls[2].input.PolicyDocument).toBe(
      '{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"arn:aws:s3:::app-us-east-1-bucket/*"}],"Version":"2012-10-17"}',
    );
    expect(rec.calls[3].input.AssumeRolePolicyDocument).toBe(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": {
        "AWS": "arn:aws:iam::111111111111:root"
      }
    }
  ]
}`);
    expect(rec.calls[4].input).toEqual({ RoleName: 'reader', PolicyArn: 'arn:aws:iam::111111111111:policy/app-us-east-1-read' });
    expect(result.outputs).toEqual({ bucket_arn: 'arn:aws:s3:::app-us-east-1-bucket', role: 'arn:aws:iam::111111111111:role/reader' });
    expect(result.data.map((d) => d.address)).toEqual([
      'data.aws_caller_identity.current',
      'data.aws_partition.current',
      'data.aws_region.current',
      'data.aws_iam_policy_document.trust',
    ]);
  });

  it('signs with the account id as access key through the real SDK clients (recording resolver)', async () => {
    const seen: string[] = [];
    const requestHandler = {
      handle: async (req: { headers: Record<string, string> }) => {
        seen.push(req.headers.authorization ?? req.headers.Authorization);
        const body = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::111111111111:root</Arn><UserId>111111111111</UserId><Account>111111111111</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
        return { response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Buffer.from(body) }) };
      },
    };
    const resolver = {
      clientConfig: (accountId: string) => ({
        endpoint: 'http://127.0.0.1:1',
        region: 'us-east-1',
        credentials: { accessKeyId: accountId, secretAccessKey: 'test' },
        forcePathStyle: true as const,
        requestHandler,
      }),
    };
    const result = await apply({ provider, data: { aws_caller_identity: { me: { provider: 'aws.pipeline' } } } }, { resolver });
    expect(seen[0]).toMatch(/^AWS4-HMAC-SHA256 Credential=111111111111\/\d{8}\/us-east-1\/sts\/aws4_request/);
    expect(result.data[0].attributes).toEqual({ account_id: '111111111111', arn: 'arn:aws:iam::111111111111:root', user_id: '111111111111', id: '111111111111' });
  });
});

describe('apply: provider -> account', () => {
  const bucket = (providerBlock: object) => ({ provider: { aws: providerBlock }, resource: { aws_s3_bucket: { b: { bucket: 'b' } } } });

  it.each([
    [{ access_key: '123456789012' }, '123456789012'],
    [{ allowed_account_ids: ['210987654321'] }, '210987654321'],
    [{ assume_role: [{ role_arn: 'arn:aws:iam::333333333333:role/deployer' }] }, '333333333333'],
  ])('reads the account from %j', async (block, account) => {
    const rec = recordingClients();
    const result = await apply(bucket(block), { clients: rec.factory });
    expect(rec.calls[0].account).toBe(account);
    expect(result.resources[0].account).toBe(account);
  });

  it('reports a provider whose account cannot be told, before any call', async () => {
    const rec = recordingClients();
    const e = await configError(apply(bucket({ region: 'us-east-1', access_key: 'AKIAEXAMPLE' }), { clients: rec.factory }));
    expect(e.problems).toEqual([
      {
        address: 'provider.aws',
        message:
          'cannot tell which account this provider targets: set access_key to the 12-digit account id, a single allowed_account_ids entry or assume_role.role_arn, or pass providerAccounts',
      },
      { address: 'aws_s3_bucket.b', message: 'default provider aws is not configured: cannot tell which account this provider targets: set access_key to the 12-digit account id, a single allowed_account_ids entry or assume_role.role_arn, or pass providerAccounts' },
    ]);
    expect(rec.calls).toEqual([]);
  });
});

describe('apply: validation before anything is created', () => {
  const base = (resource: object, extra: object = {}) => ({ provider, resource: { aws_s3_bucket: { ok: { provider: 'aws.pipeline', bucket: 'ok' } }, ...resource }, ...extra });

  it.each([
    ['an unsupported argument', { aws_iam_role: { r: { provider: 'aws.pipeline', assume_role_policy: '{}', inline_policies: [] } } }, 'aws_iam_role.r', 'unsupported argument "inline_policies"'],
    ['an unsupported nested argument', { aws_s3_bucket_versioning: { v: { provider: 'aws.pipeline', bucket: 'ok', versioning_configuration: { status: 'Enabled', colour: 'red' } } } }, 'aws_s3_bucket_versioning.v', 'unsupported argument "versioning_configuration.colour"'],
    ['a provisioner', { aws_s3_bucket: { many: { provider: 'aws.pipeline', bucket: 'x', provisioner: { 'local-exec': { command: 'true' } } } } }, 'aws_s3_bucket.many', 'unsupported meta-argument "provisioner"'],
    ['an unknown template directive', { aws_s3_bucket: { c: { provider: 'aws.pipeline', bucket: '%{ while true }a' } } }, 'aws_s3_bucket.c', 'invalid template directive "while" at offset 8 in "%{ while true }a"'],
    ['an unsupported function', { aws_s3_bucket: { c: { provider: 'aws.pipeline', bucket: '${uuid()}' } } }, 'aws_s3_bucket.c', 'Call to unknown function: There is no function named "uuid".'],
    ['an unknown attribute', { aws_s3_bucket_policy: { p: { provider: 'aws.pipeline', bucket: '${aws_s3_bucket.ok.hosted_zone_id}', policy: '{}' } } }, 'aws_s3_bucket_policy.p', 'Unsupported attribute: This object has no argument, nested block, or exported attribute named "hosted_zone_id". (aws_s3_bucket.ok.hosted_zone_id)'],
    ['an undeclared resource', { aws_s3_bucket_policy: { p: { provider: 'aws.pipeline', bucket: '${aws_s3_bucket.nope.id}', policy: '{}' } } }, 'aws_s3_bucket_policy.p', 'Reference to undeclared resource: A managed resource "aws_s3_bucket" "nope" has not been declared in the root module. (aws_s3_bucket.nope.id)'],
    ['a missing required argument', { aws_iam_role: { r: { provider: 'aws.pipeline', name: 'r' } } }, 'aws_iam_role.r', 'missing required argument "assume_role_policy"'],
    ['an unconfigured provider alias', { aws_s3_bucket: { t: { provider: 'aws.target', bucket: 't' } } }, 'aws_s3_bucket.t', 'provider aws.target is not configured'],
  ])('%s fails naming the address, and nothing is created', async (_label, resource, address, message) => {
    const rec = recordingClients();
    const e = await configError(apply(base(resource), { clients: rec.factory }));
    expect(e.problems).toEqual([{ address, message }]);
    expect(e.message).toBe(`invalid Terraform configuration, nothing was created:\n  ${address}: ${message}`);
    expect(rec.calls).toEqual([]);
  });

  it('reports every problem at once, across documents', async () => {
    const rec = recordingClients();
    const e = await configError(
      apply([base({ aws_iam_role: { r: { provider: 'aws.pipeline', name: 'r' } } }), base({ aws_iam_user: { u: { provider: 'aws.pipeline', name: 'u', colour: 'red' } } }, { module: { m: { source: './m' } } })], { clients: rec.factory }),
    );
    expect(e.problems.map((p) => p.message)).toEqual([
      'missing required argument "assume_role_policy"',
      'Module not installed: module "m" (source "./m") was not read: give xacct the directory that holds the configuration, so that it reads the module\'s files',
      'unsupported argument "colour"',
    ]);
    expect(rec.calls).toEqual([]);
  });

  it('detects dependency cycles', async () => {
    const rec = recordingClients();
    const e = await configError(
      apply(
        {
          provider,
          resource: {
            aws_iam_role: { a: { provider: 'aws.pipeline', assume_role_policy: '{}', description: '${aws_iam_role.b.arn}' }, b: { provider: 'aws.pipeline', assume_role_policy: '{}', depends_on: ['aws_iam_role.a'] } },
          },
        },
        { clients: rec.factory },
      ),
    );
    expect(e.problems).toEqual([{ address: 'aws_iam_role.a', message: 'dependency cycle between aws_iam_role.a, aws_iam_role.b' }]);
    expect(rec.calls).toEqual([]);
  });

  it('a type xacct does not model is a placeholder: AWS-shaped id and arn, no call, marked not emulated; with count = 0 it is never looked at', async () => {
    const rec = recordingClients();
    const notes: string[] = [];
    const result = await apply(
      {
        provider,
        resource: {
          aws_codebuild_report_group: { sast: { provider: 'aws.pipeline', name: 'sast', type: 'TEST', export_config: { type: 'NO_EXPORT' } } },
          aws_codestarnotifications_notification_rule: { off: { provider: 'aws.pipeline', count: 0, name: 'n', detail_type: 'FULL', target: { address: 'x' } } },
          aws_s3_bucket: { b: { provider: 'aws.pipeline', bucket: 'b', tags: { report: '${aws_codebuild_report_group.sast.arn}' } } },
        },
      },
      { clients: rec.factory, onProgress: (e) => void (e.type === 'note' && notes.push(e.message)) },
    );
    const group = result.resources.find((r) => r.address === 'aws_codebuild_report_group.sast');
    expect(group).toMatchObject({
      attributes: { id: 'sast', arn: 'arn:aws:codebuild:us-east-1:111111111111:report-group/sast', type: 'TEST' },
      notEmulated: 'Not emulated by xacct: aws_codebuild_report_group is a placeholder with AWS-shaped id and arn and no side effects',
    });
    expect(result.resources.map((r) => r.address)).toEqual(['aws_codebuild_report_group.sast', 'aws_s3_bucket.b']);
    expect(result.resources.find((r) => r.address === 'aws_s3_bucket.b')?.notEmulated).toBeUndefined();
    expect(notes).toEqual(['not emulated: aws_codebuild_report_group.sast (aws_codebuild_report_group) is a placeholder: xacct does not model aws_codebuild_report_group, so nothing was created in AWS for it']);
    expect(rec.calls.map((c) => c.command)).not.toContain('CreateReportGroupCommand');
  });
});

describe('apply: errors from the endpoint', () => {
  it('names the resource address and carries the AWS error code, status and message', async () => {
    const rec = recordingClients((c) =>
      c.command === 'CreateKeyCommand' ? serviceError('MalformedPolicyDocumentException', 'Policy contains a statement with one or more invalid principals.', 400) : undefined,
    );
    const e = (await apply(synthReferenceSetup(), { clients: rec.factory }).catch((x: unknown) => x)) as ApplyResourceError;
    expect(e).toBeInstanceOf(ApplyResourceError);
    expect(e.address).toBe('aws_kms_key.artifact_key');
    expect(e.code).toBe('MalformedPolicyDocumentException');
    expect(e.statusCode).toBe(400);
    expect(e.awsMessage).toBe('Policy contains a statement with one or more invalid principals.');
    expect(e.message).toBe('aws_kms_key.artifact_key: MalformedPolicyDocumentException (HTTP 400): Policy contains a statement with one or more invalid principals.');
    expect(e.created).toEqual(['aws_iam_role.pipeline_role', 'aws_iam_role.deploy_role', 'aws_iam_role.action_role']);
    expect(rec.calls.at(-1)!.command).toBe('CreateKeyCommand');
  });
});
