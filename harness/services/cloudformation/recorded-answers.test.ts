/**
 * CloudFormation's answers as recorded against AWS, over both transports: the wording for a missing stack (which
 * differs between operations), change-set calls naming a missing stack, GetTemplate's ways of naming a change set,
 * a non-alphanumeric logical id, DescribeStacks' shape (Parameters omitted when there are none, LastUpdatedTime for
 * a stack created through a change set), DescribeStackResource and UpdateTerminationProtection.
 * Sources: LocalStack's tests marked `@markers.aws.validated`, whose snapshots record AWS's responses
 * (github.com/localstack/localstack, tests/aws/services/cloudformation/api/*.snapshot.json), cited per case as
 * <file>::<test>.
 */
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../index.js';
import { awsError } from '../../testing/errors.js';
import { A, settle } from './test-fixtures.js';

const TEMPLATE = JSON.stringify({
  Description: 'recorded answers',
  Resources: { Key: { Type: 'AWS::KMS::Key', Metadata: { Owner: 'team' }, Properties: { Description: 'recorded' } } },
});

const validation = (message: string) => ({ code: 'ValidationError', status: 400, message });

describe.each(['in-process', 'http'] as const)('CloudFormation answers recorded against AWS, over %s', (transport) => {
  let emu: RunningEmulator;
  let cfn: CloudFormationClient;

  beforeAll(async () => {
    emu = await startEmulator({ transport });
    cfn = new CloudFormationClient(emu.clientConfig(A));
    await cfn.send(new CreateStackCommand({ StackName: 'direct', TemplateBody: TEMPLATE }));
    await settle(cfn, 'direct');
  });
  afterAll(() => emu.dispose());

  it('words a missing stack as each operation does', async () => {
    // test_stacks.snapshot.json::test_describe_stack_events_errors
    expect(await awsError(cfn.send(new DescribeStackEventsCommand({ StackName: 'does-not-exist' })))).toEqual(validation('Stack [does-not-exist] does not exist'));
    // test_stacks.snapshot.json::test_non_existing_stack_message
    expect(await awsError(cfn.send(new DescribeStacksCommand({ StackName: 'non-existing' })))).toEqual(validation('Stack with id non-existing does not exist'));
    // test_resources.snapshot.json::test_describe_non_existent_stack
    expect(await awsError(cfn.send(new DescribeStackResourceCommand({ StackName: 'not-a-valid-stack', LogicalResourceId: 'not-a-valid-resource' })))).toEqual(
      validation("Stack 'not-a-valid-stack' does not exist"),
    );
  });

  it('answers change-set calls naming a missing stack with ValidationError, not ChangeSetNotFound', async () => {
    // test_changesets.snapshot.json::test_describe_change_set_nonexisting
    expect(await awsError(cfn.send(new DescribeChangeSetCommand({ StackName: 'somestack', ChangeSetName: 'DoesNotExist' })))).toEqual(validation('Stack [somestack] does not exist'));
    // test_changesets.snapshot.json::test_delete_change_set_exception (e1, e2)
    expect(await awsError(cfn.send(new DeleteChangeSetCommand({ StackName: 'nostack', ChangeSetName: 'DoesNotExist' })))).toEqual(validation('Stack [nostack] does not exist'));
    expect(await awsError(cfn.send(new DeleteChangeSetCommand({ ChangeSetName: 'DoesNotExist' })))).toEqual(
      validation('StackName must be specified if ChangeSetName is not specified as an ARN.'),
    );
  });

  it('GetTemplate finds a change set by its ARN, and words what it cannot find', async () => {
    const cs = await cfn.send(new CreateChangeSetCommand({ StackName: 'reviewed', ChangeSetName: 'first', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE }));
    expect((await cfn.send(new GetTemplateCommand({ ChangeSetName: cs.Id }))).TemplateBody).toBe(TEMPLATE);
    expect((await cfn.send(new GetTemplateCommand({ StackName: 'reviewed', ChangeSetName: 'first' }))).TemplateBody).toBe(TEMPLATE);
    // test_templates.snapshot.json::test_get_template_no_arguments, ::test_get_template_missing_resources_stack,
    // ::test_get_template_missing_resources_change_set, ::test_get_template_missing_resources_change_set_id
    expect(await awsError(cfn.send(new GetTemplateCommand({})))).toEqual(validation('StackName is required if ChangeSetName is not specified.'));
    expect(await awsError(cfn.send(new GetTemplateCommand({ StackName: 'does-not-exist' })))).toEqual(validation('Stack with id does-not-exist does not exist'));
    expect(await awsError(cfn.send(new GetTemplateCommand({ ChangeSetName: 'does-not-exist' })))).toEqual(validation('StackName is a required parameter.'));
    const missing = 'arn:aws:cloudformation:us-east-1:000000000000:changeSet/change-set-926829fe/d065e78c';
    expect(await awsError(cfn.send(new GetTemplateCommand({ ChangeSetName: missing })))).toEqual({
      code: 'ChangeSetNotFound',
      status: 404,
      message: `ChangeSet [${missing}] does not exist`,
    });
  });

  it('refuses a logical id that is not alphanumeric', async () => {
    const template = JSON.stringify({ Resources: { 'my-bad-resource-id': { Type: 'AWS::KMS::Key', Properties: {} } } });
    // test_resources.snapshot.json::test_invalid_logical_resource_id
    expect(await awsError(cfn.send(new CreateChangeSetCommand({ StackName: 'bad-id', ChangeSetName: 'cs', ChangeSetType: 'CREATE', TemplateBody: template })))).toEqual(
      validation('Template format error: Resource name my-bad-resource-id is non alphanumeric.'),
    );
  });

  it('omits Parameters for a stack without any, and shows LastUpdatedTime once a change set created the stack', async () => {
    // test_stacks.snapshot.json::TestStacksApi::test_stack_description_lifecycle[no-tags]: no Parameters, and
    // LastUpdatedTime absent in REVIEW_IN_PROGRESS, present after the execution; ::test_name_conflicts: a stack from
    // CreateStack has none.
    const direct = (await cfn.send(new DescribeStacksCommand({ StackName: 'direct' }))).Stacks![0]!;
    expect({ parameters: direct.Parameters, updated: direct.LastUpdatedTime }).toEqual({ parameters: undefined, updated: undefined });
    await cfn.send(new CreateChangeSetCommand({ StackName: 'via-cs', ChangeSetName: 'create', ChangeSetType: 'CREATE', TemplateBody: TEMPLATE }));
    // test_stack_description_lifecycle[no-tags] "change-set-pre-execute": Capabilities present though empty,
    // Parameters and Tags omitted.
    const cs = await cfn.send(new DescribeChangeSetCommand({ StackName: 'via-cs', ChangeSetName: 'create' }));
    expect({ capabilities: cs.Capabilities, parameters: cs.Parameters, tags: cs.Tags }).toEqual({ capabilities: [], parameters: undefined, tags: undefined });
    const review = (await cfn.send(new DescribeStacksCommand({ StackName: 'via-cs' }))).Stacks![0]!;
    // "stack-pre-execute": no Description, Parameters, Capabilities or LastUpdatedTime yet.
    expect({ status: review.StackStatus, reason: review.StackStatusReason, updated: review.LastUpdatedTime, description: review.Description }).toEqual({
      status: 'REVIEW_IN_PROGRESS',
      reason: 'User Initiated',
      updated: undefined,
      description: undefined,
    });
    await cfn.send(new ExecuteChangeSetCommand({ StackName: 'via-cs', ChangeSetName: 'create' }));
    const created = await settle(cfn, 'via-cs');
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    expect(created.LastUpdatedTime).toBeInstanceOf(Date);
    expect(created.Description).toBe('recorded answers');
    expect(created.Parameters).toBeUndefined();
  });

  it('DescribeStackResource describes one resource, and words a logical id the stack does not have', async () => {
    // Shape: test_resources.snapshot.json::test_describe_deleted_resource_on_update ("parameter").
    const { StackResourceDetail: detail } = await cfn.send(new DescribeStackResourceCommand({ StackName: 'direct', LogicalResourceId: 'Key' }));
    expect(detail).toMatchObject({
      StackName: 'direct',
      LogicalResourceId: 'Key',
      ResourceType: 'AWS::KMS::Key',
      ResourceStatus: 'CREATE_COMPLETE',
      Metadata: JSON.stringify({ Owner: 'team' }),
      DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
    });
    expect(detail!.PhysicalResourceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(detail!.LastUpdatedTimestamp).toBeInstanceOf(Date);
    // test_stacks.snapshot.json::test_stack_resource_not_found
    expect(await awsError(cfn.send(new DescribeStackResourceCommand({ StackName: 'direct', LogicalResourceId: 'NonExistentResource' })))).toEqual(
      validation('Resource NonExistentResource does not exist for stack direct'),
    );
  });

  it('UpdateTerminationProtection protects a stack from DeleteStack until it is lifted', async () => {
    await cfn.send(new CreateStackCommand({ StackName: 'protected', TemplateBody: TEMPLATE }));
    const { StackId } = await settle(cfn, 'protected');
    expect(await cfn.send(new UpdateTerminationProtectionCommand({ StackName: 'protected', EnableTerminationProtection: true }))).toMatchObject({ StackId });
    // test_stacks.snapshot.json::test_update_termination_protection
    expect((await cfn.send(new DescribeStacksCommand({ StackName: 'protected' }))).Stacks![0]!.EnableTerminationProtection).toBe(true);
    // AWS's refusal as quoted in https://github.com/ekristen/aws-nuke/issues/821 (ValidationError, status code: 400).
    expect(await awsError(cfn.send(new DeleteStackCommand({ StackName: 'protected' })))).toEqual(
      validation('Stack [protected] cannot be deleted while TerminationProtection is enabled'),
    );
    await cfn.send(new UpdateTerminationProtectionCommand({ StackName: 'protected', EnableTerminationProtection: false }));
    expect((await cfn.send(new DescribeStacksCommand({ StackName: 'protected' }))).Stacks![0]!.EnableTerminationProtection).toBe(false);
    await cfn.send(new DeleteStackCommand({ StackName: 'protected' }));
    expect((await settle(cfn, StackId!)).StackStatus).toBe('DELETE_COMPLETE');

    // CreateStack's EnableTerminationProtection protects the same way.
    await cfn.send(new CreateStackCommand({ StackName: 'born-protected', TemplateBody: TEMPLATE, EnableTerminationProtection: true }));
    expect((await settle(cfn, 'born-protected')).EnableTerminationProtection).toBe(true);
    expect(await awsError(cfn.send(new DeleteStackCommand({ StackName: 'born-protected' })))).toEqual(
      validation('Stack [born-protected] cannot be deleted while TerminationProtection is enabled'),
    );
  });
});
