/**
 * The REST-JSON wire format against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) talking to an
 * HTTP emulator. create-function (a zip from a file), get-function, add-permission, get-policy, invoke (the payload
 * written to a file), and the CLI's rendering of Lambda's errors: "An error occurred (ResourceNotFoundException) when
 * calling the GetFunction operation: Function not found: <arn>" (the code from x-amzn-errortype, the message from
 * the body; the wording's sources are in lambda.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';

const run = promisify(execFile);
const A = '111111111111';

describe('Lambda with /usr/bin/aws', () => {
  let emu: RunningEmulator;
  let dir: string;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await new IAMClient(emu.clientConfig(A)).send(new CreateRoleCommand({ RoleName: 'fn-role', AssumeRolePolicyDocument: trust }));
    dir = await mkdtemp(join(tmpdir(), 'xacct-lambda-cli-'));
    await writeFile(join(dir, 'code.zip'), Buffer.from([80, 75, 5, 6, ...new Array<number>(18).fill(0)]));
  });
  afterAll(() => emu.dispose());

  const aws = (...args: string[]) =>
    run('/usr/bin/aws', ['--endpoint-url', emu.endpoint, '--output', 'json', 'lambda', ...args], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/tmp',
        AWS_ACCESS_KEY_ID: A,
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/xacct-aws-config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/xacct-aws-credentials',
        AWS_PAGER: '',
      },
    });

  it('creates, reads, permits and invokes a function', async () => {
    const arn = `arn:aws:lambda:us-east-1:${A}:function:cli-fn`;
    const created = JSON.parse((await aws('create-function', '--function-name', 'cli-fn', '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--role', `arn:aws:iam::${A}:role/fn-role`, '--zip-file', `fileb://${join(dir, 'code.zip')}`)).stdout);
    expect(created).toMatchObject({ FunctionName: 'cli-fn', FunctionArn: arn, CodeSize: 22, State: 'Active' });
    expect(JSON.parse((await aws('get-function', '--function-name', 'cli-fn')).stdout).Configuration.FunctionArn).toBe(arn);
    const added = JSON.parse((await aws('add-permission', '--function-name', 'cli-fn', '--statement-id', 's1', '--action', 'lambda:InvokeFunction', '--principal', '222222222222')).stdout);
    expect(JSON.parse(added.Statement)).toMatchObject({ Sid: 's1', Principal: { AWS: 'arn:aws:iam::222222222222:root' } });
    expect(JSON.parse(JSON.parse((await aws('get-policy', '--function-name', 'cli-fn')).stdout).Policy).Statement).toHaveLength(1);
    const out = join(dir, 'out.json');
    const invoked = JSON.parse((await aws('invoke', '--function-name', 'cli-fn', out)).stdout);
    expect(invoked).toEqual({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(await readFile(out, 'utf8')).toBe('null');
  });

  it("renders Lambda's errors from the header and the body", async () => {
    const failure = await aws('get-function', '--function-name', 'missing').then(
      () => '',
      (e: { stderr: string }) => e.stderr.trim(),
    );
    expect(failure).toBe(`An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:${A}:function:missing`);
  });
});
