/**
 * Lambda through the real @aws-sdk/client-lambda over both transports: functions, their resource-based policies and
 * Invoke, authorized across accounts.
 * Sources of the wordings asserted:
 * - "The role defined for the function cannot be assumed by Lambda." (InvalidParameterValueException, 400):
 *   botocore's error quoted in pywren/pywren pywren/scripts/pywrencli.py; "(Service: Lambda, Status Code: 400" in
 *   pulumi/examples (aws-native Lambda example README, "Known error");
 * - "Cross-account pass role is not allowed." (AccessDeniedException, 403): errors.jsonl E099;
 * - "Function not found: <arn>" (ResourceNotFoundException, 404): aws/aws-sdk-go's smoke test against AWS
 *   (awstesting/integration/smoke/lambda/lambda.feature) and localstack tests/aws/services/lambda_/
 *   test_lambda_api.snapshot.json;
 * - the denial in IAM's words, 403 AccessDeniedException: errors.jsonl E099 (Lambda's status), E001/E002 (the form);
 * - iam:PassRole refused at CreateFunction: errors.jsonl E066 ("… iam:PassRole … because no identity-based policy
 *   allows the iam:PassRole action", Lambda CreateFunction among its operations), with Lambda's 403 AccessDeniedException.
 */
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { supplyHandler } from './handlers.js';

const A = '111111111111';
const B = '222222222222';
const trust = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const ZIP = new Uint8Array([80, 75, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

describe.each(['in-process', 'http'] as const)('Lambda over %s', (transport) => {
  let emu: RunningEmulator;
  let lambdaA: LambdaClient;
  let lambdaB: LambdaClient;
  const roleArn = `arn:aws:iam::${A}:role/fn-role`;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    lambdaA = new LambdaClient(emu.clientConfig(A));
    lambdaB = new LambdaClient(emu.clientConfig(B));
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateRoleCommand({ RoleName: 'fn-role', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }));
    await iam.send(new CreateRoleCommand({ RoleName: 'ec2-role', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') }));
    await new IAMClient(emu.clientConfig(B)).send(new CreateRoleCommand({ RoleName: 'fn-role', AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }));
  });
  afterAll(() => emu.dispose());

  const create = (name: string, role = roleArn) =>
    lambdaA.send(new CreateFunctionCommand({ FunctionName: name, Role: role, Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: ZIP } }));

  it('creates, reads, invokes (without running the code) and deletes a function', async () => {
    const created = await create('hello');
    expect(created).toMatchObject({ FunctionName: 'hello', FunctionArn: `arn:aws:lambda:us-east-1:${A}:function:hello`, Role: roleArn, State: 'Active', CodeSize: ZIP.length, Version: '$LATEST' });
    expect(created.$metadata.httpStatusCode).toBe(201);
    const got = await lambdaA.send(new GetFunctionCommand({ FunctionName: 'hello' }));
    expect(got.Configuration).toMatchObject({ FunctionName: 'hello', Runtime: 'nodejs20.x', Handler: 'index.handler' });
    const out = await lambdaA.send(new InvokeCommand({ FunctionName: 'hello', Payload: Buffer.from('{"a":1}') }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(Buffer.from(out.Payload!).toString()).toBe('null');
    expect((await lambdaA.send(new InvokeCommand({ FunctionName: 'hello', InvocationType: 'Event' }))).StatusCode).toBe(202);
    await lambdaA.send(new DeleteFunctionCommand({ FunctionName: 'hello' }));
    expect(await awsError(lambdaA.send(new GetFunctionCommand({ FunctionName: 'hello' })))).toEqual({
      code: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: arn:aws:lambda:us-east-1:${A}:function:hello`,
    });
  });

  it('refuses an execution role Lambda cannot assume, and one in another account', async () => {
    const cannot = { code: 'InvalidParameterValueException', status: 400, message: 'The role defined for the function cannot be assumed by Lambda.' };
    expect(await awsError(create('no-role', `arn:aws:iam::${A}:role/missing`))).toEqual(cannot);
    expect(await awsError(create('ec2', `arn:aws:iam::${A}:role/ec2-role`))).toEqual(cannot);
    expect(await awsError(create('other', `arn:aws:iam::${B}:role/fn-role`))).toEqual({ code: 'AccessDeniedException', status: 403, message: 'Cross-account pass role is not allowed.' });
  });

  it('refuses a caller that may not pass the execution role to Lambda', async () => {
    const iam = new IAMClient(emu.clientConfig(A));
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'lambda', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
    const dev = new LambdaClient({ ...emu.clientConfig(A), credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
    const call = dev.send(new CreateFunctionCommand({ FunctionName: 'by-dev', Role: roleArn, Code: { ZipFile: ZIP } }));
    expect(await awsError(call)).toEqual({
      code: 'AccessDeniedException',
      status: 403,
      message: `User: arn:aws:iam::${A}:user/dev is not authorized to perform: iam:PassRole on resource: ${roleArn} because no identity-based policy allows the iam:PassRole action`,
    });
  });

  it("lets another account invoke only through the function's resource-based policy", async () => {
    await create('shared');
    const arn = `arn:aws:lambda:us-east-1:${A}:function:shared`;
    expect(await awsError(lambdaB.send(new InvokeCommand({ FunctionName: arn })))).toEqual({
      code: 'AccessDeniedException',
      status: 403,
      message: `User: arn:aws:iam::${B}:root is not authorized to perform: lambda:InvokeFunction on resource: ${arn} because no resource-based policy allows the lambda:InvokeFunction action`,
    });
    expect(await awsError(lambdaA.send(new GetPolicyCommand({ FunctionName: 'shared' })))).toEqual({ code: 'ResourceNotFoundException', status: 404, message: 'The resource you requested does not exist.' });
    const added = await lambdaA.send(new AddPermissionCommand({ FunctionName: 'shared', StatementId: 'from-b', Action: 'lambda:InvokeFunction', Principal: B }));
    expect(JSON.parse(added.Statement!)).toEqual({ Sid: 'from-b', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'lambda:InvokeFunction', Resource: arn });
    expect((await lambdaB.send(new InvokeCommand({ FunctionName: arn }))).StatusCode).toBe(200);
    const policy = JSON.parse((await lambdaA.send(new GetPolicyCommand({ FunctionName: 'shared' }))).Policy!);
    expect(policy).toMatchObject({ Version: '2012-10-17', Id: 'default', Statement: [{ Sid: 'from-b' }] });
    await lambdaA.send(new RemovePermissionCommand({ FunctionName: 'shared', StatementId: 'from-b' }));
    expect(await awsError(lambdaB.send(new InvokeCommand({ FunctionName: arn })))).toMatchObject({ code: 'AccessDeniedException', status: 403 });
  });

  it('runs a supplied handler as the execution role, and reports its error as Lambda does', async () => {
    await create('supplied');
    const arn = `arn:aws:lambda:us-east-1:${A}:function:supplied`;
    const seen: string[] = [];
    supplyHandler(emu.emulator.world, arn, async (event, invocation) => {
      const who = await invocation.call<{ Arn?: string }>('sts', 'GetCallerIdentity', {});
      seen.push(who.Arn ?? '');
      if ((event as { fail?: boolean }).fail) throw new TypeError('asked to fail');
      return { echoed: event };
    });
    const ok = await lambdaA.send(new InvokeCommand({ FunctionName: 'supplied', Payload: Buffer.from('{"x":1}') }));
    expect(JSON.parse(Buffer.from(ok.Payload!).toString())).toEqual({ echoed: { x: 1 } });
    expect(seen).toEqual([`arn:aws:sts::${A}:assumed-role/fn-role/supplied`]);
    const failed = await lambdaA.send(new InvokeCommand({ FunctionName: 'supplied', Payload: Buffer.from('{"fail":true}') }));
    expect(failed).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' });
    expect(JSON.parse(Buffer.from(failed.Payload!).toString())).toEqual({ errorType: 'TypeError', errorMessage: 'asked to fail' });
  });
});
