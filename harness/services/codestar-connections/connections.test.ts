/**
 * CodeStar connections through the real @aws-sdk/client-codestar-connections over both transports: a connection is
 * created AVAILABLE (the emulator's documented deviation, connections.ts), read, listed with filters and deleted;
 * IAM decides who may, and UseConnection exists only for internal calls.
 * Wordings: ResourceNotFoundException's message is the SDK model's description of the error (no recorded response
 * exists, errors.ts says so); ValidationException is Coral's constraint wording (../params.ts, as the other JSON
 * services); AccessDeniedException is IAM's  "User: … is not authorized to perform: …" (errors.jsonl E002's form, as
 * JSON services answer it); UnknownOperationException with an empty message is the JSON protocol's answer for an
 * operation the service lacks (test/bad-input.test.ts).
 */
import {
  CodeStarConnectionsClient,
  CreateConnectionCommand,
  DeleteConnectionCommand,
  GetConnectionCommand,
  ListConnectionsCommand,
} from '@aws-sdk/client-codestar-connections';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { baseRequest, send, signer } from '../../../test/helpers/signed-request.js';
import { awsError, refusedRequestId } from '../../testing/errors.js';

const A = '111111111111';
const B = '222222222222';
const ARN = new RegExp(`^arn:aws:codestar-connections:us-east-1:${A}:connection/[0-9a-f-]{36}$`);

describe.each(['in-process', 'http'] as const)('CodeStar connections over %s', (transport) => {
  let emu: RunningEmulator;
  let root: CodeStarConnectionsClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    root = new CodeStarConnectionsClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('creates a connection AVAILABLE, reads it, lists it by provider and deletes it', async () => {
    const created = await root.send(new CreateConnectionCommand({ ConnectionName: 'github', ProviderType: 'GitHub', Tags: [{ Key: 'team', Value: 'ci' }] }));
    expect(created.ConnectionArn).toMatch(ARN);
    expect(created.Tags).toEqual([{ Key: 'team', Value: 'ci' }]);
    const got = await root.send(new GetConnectionCommand({ ConnectionArn: created.ConnectionArn }));
    expect(got.Connection).toEqual({ ConnectionName: 'github', ConnectionArn: created.ConnectionArn, ProviderType: 'GitHub', OwnerAccountId: A, ConnectionStatus: 'AVAILABLE' });
    await root.send(new CreateConnectionCommand({ ConnectionName: 'bitbucket', ProviderType: 'Bitbucket' }));
    const github = await root.send(new ListConnectionsCommand({ ProviderTypeFilter: 'GitHub' }));
    expect(github.Connections?.map((c) => c.ConnectionName)).toEqual(['github']);
    expect((await root.send(new ListConnectionsCommand({}))).Connections).toHaveLength(2);
    await root.send(new DeleteConnectionCommand({ ConnectionArn: created.ConnectionArn }));
    expect(await awsError(root.send(new GetConnectionCommand({ ConnectionArn: created.ConnectionArn })))).toEqual({
      code: 'ResourceNotFoundException',
      status: 400,
      message: 'Resource not found. Verify the connection resource ARN and try again.',
    });
    expect(await awsError(root.send(new DeleteConnectionCommand({ ConnectionArn: created.ConnectionArn })))).toMatchObject({ code: 'ResourceNotFoundException', status: 400 });
  });

  it('refuses parameters outside the model with Coral\'s words', async () => {
    expect(await awsError(root.send(new CreateConnectionCommand({ ConnectionName: 'x'.repeat(33), ProviderType: 'GitHub' })))).toEqual({
      code: 'ValidationException',
      status: 400,
      message: `1 validation error detected: Value '${'x'.repeat(33)}' at 'connectionName' failed to satisfy constraint: Member must have length less than or equal to 32`,
    });
    expect(await awsError(root.send(new CreateConnectionCommand({ ConnectionName: 'x', ProviderType: 'SVN' as never })))).toEqual({
      code: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value 'SVN' at 'providerType' failed to satisfy constraint: Member must satisfy enum value set: [Bitbucket, GitHub, GitHubEnterpriseServer, GitLab, GitLabSelfManaged]",
    });
  });

  it("refuses another account's caller (connections have no resource policy) and a user without the action, and explains it", async () => {
    const { ConnectionArn } = await root.send(new CreateConnectionCommand({ ConnectionName: 'private', ProviderType: 'GitHub' }));
    const other = new CodeStarConnectionsClient(emu.clientConfig(B));
    expect(await awsError(other.send(new GetConnectionCommand({ ConnectionArn })))).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${B}:root is not authorized to perform: codestar-connections:GetConnection on resource: ${ConnectionArn} because no resource-based policy allows the codestar-connections:GetConnection action`,
    });
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'reader',
        PolicyName: 'list-github-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'codestar-connections:ListConnections', Resource: '*', Condition: { StringEquals: { 'codestar-connections:ProviderTypeFilter': 'GitHub' } } }],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const reader = new CodeStarConnectionsClient(emu.configFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    expect((await reader.send(new ListConnectionsCommand({ ProviderTypeFilter: 'GitHub' }))).Connections?.length).toBeGreaterThan(0);
    const denied = {
      code: 'AccessDeniedException',
      status: 400,
      message: `User: arn:aws:iam::${A}:user/reader is not authorized to perform: codestar-connections:ListConnections because no identity-based policy allows the codestar-connections:ListConnections action`,
    };
    expect(await awsError(reader.send(new ListConnectionsCommand({})))).toEqual(denied);
    const record = emu.emulator.explain(await refusedRequestId(reader.send(new ListConnectionsCommand({}))))!;
    expect(record).toMatchObject({ service: 'codestar-connections', request: { action: 'codestar-connections:ListConnections' }, decision: { decision: 'implicitDeny' } });
  });

  it('answers UseConnection, a permission-only action, as an operation it does not have', async () => {
    const { ConnectionArn } = await root.send(new CreateConnectionCommand({ ConnectionName: 'wire', ProviderType: 'GitHub' }));
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'CodeStar_connections_20191201.UseConnection' };
    const req = await signer({ accessKeyId: A, secretAccessKey: 'test' }, 'codestar-connections').sign(baseRequest(emu, { method: 'POST', headers, body: JSON.stringify({ ConnectionArn }) }));
    const res = await send(emu, transport, req);
    expect({ status: res.status, body: JSON.parse(res.body) }).toEqual({ status: 400, body: { __type: 'UnknownOperationException', message: '' } });
  });
});
