/**
 * aws_cloudwatch_log_group against the emulator (in-process; the applier's transport is not what this tests): the
 * CodeBuild log group of a real configuration (test/held-out/aws-samples-terraform-aws-multi-account-pipeline,
 * codebuild.tf), created in the provider's account with the provider's id and arn.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { apply } from '../apply.js';

const PIPELINE = '111111111111';
const KEY = `arn:aws:kms:us-east-1:${PIPELINE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe('aws_cloudwatch_log_group', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ transport: 'in-process' });
  });
  afterAll(() => emu.dispose());

  it('creates the log group with its key in the provider account; id is the name, arn has no ":*"', async () => {
    const config = {
      provider: { aws: [{ region: 'us-east-1', access_key: PIPELINE, secret_key: 'test' }] },
      resource: { aws_cloudwatch_log_group: { this: { name: '/aws/codebuild/pipeline', retention_in_days: 90, kms_key_id: KEY } } },
    };
    const result = await apply(config, { resolver: emu });
    expect(result.resources).toMatchObject([
      {
        address: 'aws_cloudwatch_log_group.this',
        account: PIPELINE,
        attributes: { id: '/aws/codebuild/pipeline', name: '/aws/codebuild/pipeline', arn: `arn:aws:logs:us-east-1:${PIPELINE}:log-group:/aws/codebuild/pipeline`, log_group_class: 'STANDARD' },
      },
    ]);
    expect(result.resources[0]!.notEmulated).toBeUndefined();
    const { logGroups } = await new CloudWatchLogsClient(emu.clientConfig(PIPELINE)).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/codebuild/' }));
    expect(logGroups).toMatchObject([{ logGroupName: '/aws/codebuild/pipeline', kmsKeyId: KEY, logGroupClass: 'STANDARD', arn: `arn:aws:logs:us-east-1:${PIPELINE}:log-group:/aws/codebuild/pipeline:*` }]);
  });
});
