/**
 * The query wire format of SNS against a client nobody here wrote: Debian's AWS CLI v2 (/usr/bin/aws) creates a topic
 * with attributes (a map in, Attributes.entry.N.key/value), reads them back (a map out, <entry><key/><value/></entry>)
 * and reports NotFound as AWS sends it (localstack tests/aws/services/sns/test_sns.snapshot.json,
 * test_create_topic_test_arn: NotFound, 404, "Topic does not exist").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFailure, awsJson } from '../../../test/helpers/aws-cli.js';
import { startEmulator, type RunningEmulator } from '../../index.js';

const A = '111111111111';
const root = { accessKeyId: A, secretAccessKey: 'test' };

describe('SNS with /usr/bin/aws', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ transport: 'http' });
  });
  afterAll(() => emu.dispose());

  it('creates a topic with attributes and reads them back as a map', async () => {
    const { TopicArn } = await awsJson<{ TopicArn: string }>(emu.endpoint, root, ['sns', 'create-topic', '--name', 'cli-topic', '--attributes', 'DisplayName=From the CLI']);
    expect(TopicArn).toBe(`arn:aws:sns:us-east-1:${A}:cli-topic`);
    const { Attributes } = await awsJson<{ Attributes: Record<string, string> }>(emu.endpoint, root, ['sns', 'get-topic-attributes', '--topic-arn', TopicArn]);
    expect(Attributes).toMatchObject({ DisplayName: 'From the CLI', Owner: A, TopicArn });
    expect(JSON.parse(Attributes['Policy']!).Id).toBe('__default_policy_ID');
  });

  it('reports NotFound with its code and message', async () => {
    const err = await awsFailure(emu.endpoint, root, ['sns', 'get-topic-attributes', '--topic-arn', `arn:aws:sns:us-east-1:${A}:missing`]);
    expect(err).toMatchObject({ code: 'NotFound', operation: 'GetTopicAttributes', message: 'Topic does not exist' });
  });
});
