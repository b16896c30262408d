/**
 * The query wire format of SNS against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) creates a topic
 * with attributes (a map in, Attributes.entry.N.key/value), reads them back (a map out, <entry><key/><value/></entry>)
 * and reports NotFound as AWS sends it (localstack tests/aws/services/sns/test_sns.snapshot.json,
 * test_create_topic_test_arn: NotFound, 404, "Topic does not exist").
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';

const run = promisify(execFile);
const A = '111111111111';

describe('SNS with /usr/bin/aws', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
  });
  afterAll(() => emu.dispose());

  const aws = (...args: string[]) =>
    run('/usr/bin/aws', ['--endpoint-url', emu.endpoint, '--output', 'json', 'sns', ...args], {
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

  it('creates a topic with attributes and reads them back as a map', async () => {
    const { TopicArn } = JSON.parse((await aws('create-topic', '--name', 'cli-topic', '--attributes', 'DisplayName=From the CLI')).stdout);
    expect(TopicArn).toBe(`arn:aws:sns:us-east-1:${A}:cli-topic`);
    const { Attributes } = JSON.parse((await aws('get-topic-attributes', '--topic-arn', TopicArn)).stdout);
    expect(Attributes).toMatchObject({ DisplayName: 'From the CLI', Owner: A, TopicArn });
    expect(JSON.parse(Attributes.Policy).Id).toBe('__default_policy_ID');
  });

  it('reports NotFound with its code and message', async () => {
    const err = await aws('get-topic-attributes', '--topic-arn', `arn:aws:sns:us-east-1:${A}:missing`).then(
      () => undefined,
      (e: { stderr: string }) => e.stderr,
    );
    expect(err).toContain('An error occurred (NotFound) when calling the GetTopicAttributes operation: Topic does not exist');
  });
});
