/**
 * AWS::S3::Bucket's AccessControl answered as AWS answers it today, through the real CloudFormation and S3 clients over
 * both transports: under the default ObjectOwnership BucketOwnerEnforced any ACL but Private fails the bucket with
 * InvalidBucketAclWithObjectOwnership (errors.jsonl E082: "Bucket cannot have ACLs set with ObjectOwnership's
 * BucketOwnerEnforced setting (Service: Amazon S3; Status Code: 400; Error Code: InvalidBucketAclWithObjectOwnership;
 * Request ID: …", awslabs/game-analytics-pipeline#8, aws-samples/cicd-lambda-container#1), and the stack rolls back;
 * with OwnershipControls ObjectWriter (the fix those reports took) the same ACL is accepted.
 */
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { GetBucketOwnershipControlsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../index.js';
import { A, eventLines, settle } from '../test-fixtures.js';

const bucket = (name: string, extra: Record<string, unknown>) =>
  JSON.stringify({ Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: name, ...extra } } } });

describe.each(['in-process', 'http'] as const)('AWS::S3::Bucket AccessControl over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
  });
  afterAll(() => emu.dispose());

  it('fails a bucket with an ACL under BucketOwnerEnforced (E082) and rolls back', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'acl-enforced', TemplateBody: bucket('acl-enforced-xacct', { AccessControl: 'LogDeliveryWrite' }) }));
    expect((await settle(cfn, 'acl-enforced')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const failed = (await eventLines(cfn, 'acl-enforced')).find((l) => l.startsWith('Bucket CREATE_FAILED'));
    expect(failed).toMatch(
      /^Bucket CREATE_FAILED Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting \(Service: Amazon S3; Status Code: 400; Error Code: InvalidBucketAclWithObjectOwnership; Request ID: [^;]+; Proxy: null\)$/,
    );
  });

  it('accepts Private under BucketOwnerEnforced, and an ACL with ObjectWriter ownership', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'acl-private', TemplateBody: bucket('acl-private-xacct', { AccessControl: 'Private' }) }));
    expect((await settle(cfn, 'acl-private')).StackStatus).toBe('CREATE_COMPLETE');
    const withOwnership = bucket('acl-writer-xacct', { AccessControl: 'LogDeliveryWrite', OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } });
    await cfn.send(new CreateStackCommand({ StackName: 'acl-writer', TemplateBody: withOwnership }));
    expect((await settle(cfn, 'acl-writer')).StackStatus).toBe('CREATE_COMPLETE');
    const s3 = new S3Client({ ...emu.clientConfig(A), forcePathStyle: true });
    const controls = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'acl-writer-xacct' }));
    expect(controls.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe('ObjectWriter');
  });
});
