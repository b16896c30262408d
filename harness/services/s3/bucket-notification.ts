/**
 * Bucket notification configuration: PutBucketNotificationConfiguration, GetBucketNotificationConfiguration.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html
 * - Actions: s3:PutBucketNotification and s3:GetBucketNotification (the pages' Permissions).
 * - A put replaces the whole configuration; an empty one turns notifications off; a Get of a bucket that never had
 *   one answers an empty NotificationConfiguration. A configuration without an Id is given one.
 * - Each destination ARN is parsed first, whatever x-amz-skip-destination-validation says: one that does not parse is
 *   400 InvalidArgument "The ARN could not be parsed" with ArgumentName Queue, Topic or CloudFunction and the ARN as
 *   ArgumentValue. Then, unless validation is skipped, every destination S3 cannot deliver to is listed in one 400
 *   InvalidArgument "Unable to validate the following destination configurations", as ArgumentName<n> (the ARN) and
 *   ArgumentValue<n> (why): a queue "The destination queue does not exist"; a function that does not exist or whose
 *   resource policy does not let s3.amazonaws.com invoke it "Not authorized to invoke function [<arn>]" (named
 *   "<arn>, null"). As recorded against AWS in LocalStack's validated snapshots (localstack
 *   tests/aws/services/s3/test_s3_notifications_sqs.snapshot.json test_invalid_sqs_arn,
 *   test_multiple_invalid_sqs_arns; test_s3_notifications_lambda.snapshot.json test_invalid_lambda_arn;
 *   test_s3_notifications_sns.snapshot.json test_invalid_topic_arn).
 * Deviations: nothing is delivered (the configuration is stored and answered); the emulator has no SQS, so every
 * queue is one that does not exist; a topic is not validated beyond its ARN (no recorded wording for a missing or
 * closed topic); a function's policy is read for an Allow of lambda:InvokeFunction to the s3.amazonaws.com service,
 * without its conditions; event names and filter rules are not validated.
 */
import { randomUUID } from 'node:crypto';
import type { NotificationConfiguration } from '@aws-sdk/client-s3';
import type { World } from '../../world/world.js';
import { findFunction, functionRef, policyDocument } from '../lambda/store.js';
import { bucketCheck, resolveBucket } from './auth.js';
import { InvalidArgument, UnableToValidateDestinations } from './errors.js';
import type { Bucket } from './store.js';
import type { S3Operation } from './operation-types.js';

const ARN = /^arn:[a-z-]+:(sqs|sns|lambda):[a-z0-9-]*:\d*:.+$/;

interface Destination {
  kind: 'Queue' | 'Topic' | 'CloudFunction';
  arn: string;
}

function destinations(config: NotificationConfiguration): Destination[] {
  return [
    ...(config.TopicConfigurations ?? []).map((c): Destination => ({ kind: 'Topic', arn: c.TopicArn ?? '' })),
    ...(config.QueueConfigurations ?? []).map((c): Destination => ({ kind: 'Queue', arn: c.QueueArn ?? '' })),
    ...(config.LambdaFunctionConfigurations ?? []).map((c): Destination => ({ kind: 'CloudFunction', arn: c.LambdaFunctionArn ?? '' })),
  ];
}

/** Whether a function's resource policy allows s3.amazonaws.com to invoke it. */
function s3MayInvoke(world: World, arn: string): boolean {
  const fn = findFunction(world, functionRef(arn, '', ''));
  const doc = fn && policyDocument(fn);
  if (!doc) return false;
  const statements = (JSON.parse(doc) as { Statement: Array<{ Effect?: string; Principal?: unknown; Action?: unknown }> }).Statement;
  return statements.some((s) => {
    const service = (s.Principal as { Service?: unknown } | undefined)?.Service;
    const services = Array.isArray(service) ? service : [service];
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    return s.Effect === 'Allow' && services.includes('s3.amazonaws.com') && actions.some((a) => a === 'lambda:InvokeFunction' || a === 'lambda:*');
  });
}

/** Why S3 cannot deliver to `d`, or undefined when it can. */
function undeliverable(world: World, d: Destination): [string, string] | undefined {
  if (d.kind === 'Queue') return [d.arn, 'The destination queue does not exist'];
  if (d.kind === 'CloudFunction' && !s3MayInvoke(world, d.arn)) return [`${d.arn}, null`, `Not authorized to invoke function [${d.arn}]`];
  return undefined;
}

/**
 * The configuration as stored: each entry with an Id (S3 gives one to an entry without), its members in the order
 * the API reference's response syntax writes them (Id, the destination, Event, Filter).
 */
function withIds(config: NotificationConfiguration): NotificationConfiguration {
  const id = <T extends { Id?: string; Events?: unknown; Filter?: unknown }>(c: T): T => {
    const { Id, Events, Filter, ...destination } = c;
    return { Id: Id ?? randomUUID(), ...destination, Events, Filter } as T;
  };
  const out: NotificationConfiguration = {};
  if (config.TopicConfigurations?.length) out.TopicConfigurations = config.TopicConfigurations.map(id);
  if (config.QueueConfigurations?.length) out.QueueConfigurations = config.QueueConfigurations.map(id);
  if (config.LambdaFunctionConfigurations?.length) out.LambdaFunctionConfigurations = config.LambdaFunctionConfigurations.map(id);
  if (config.EventBridgeConfiguration) out.EventBridgeConfiguration = {};
  return out;
}

export const PutBucketNotificationConfiguration: S3Operation<'PutBucketNotificationConfiguration', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:PutBucketNotification'),
  handler(ctx, input, bucket) {
    const config = input.NotificationConfiguration ?? {};
    const all = destinations(config);
    for (const d of all) if (!ARN.test(d.arn)) throw InvalidArgument('The ARN could not be parsed', d.kind, d.arn);
    if (input.SkipDestinationValidation !== true) {
      const failures = all.map((d) => undeliverable(ctx.world, d)).filter((f): f is [string, string] => f !== undefined);
      if (failures.length > 0) throw UnableToValidateDestinations(failures);
    }
    const stored = withIds(config);
    if (Object.keys(stored).length > 0) bucket.notification = stored;
    else delete bucket.notification;
    return {};
  },
};

export const GetBucketNotificationConfiguration: S3Operation<'GetBucketNotificationConfiguration', Bucket> = {
  resolve: resolveBucket,
  authorize: (ctx, _input, bucket) => bucketCheck(ctx, bucket, 's3:GetBucketNotification'),
  handler(_ctx, _input, bucket) {
    return structuredClone(bucket.notification ?? {});
  },
};
