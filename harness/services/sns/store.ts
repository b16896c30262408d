/**
 * SNS's state: topics, kept per account and Region, named by ARN arn:aws:sns:<region>:<account>:<name>.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-create-topic.html
 * A topic's Policy attribute is its resource policy (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-using.html);
 * a new topic gets AWS's default policy (recorded by localstack tests/aws/services/sns/test_sns.snapshot.json,
 * test_create_topic_test_arn, against AWS): everyone, on the condition AWS:SourceOwner is the owner's account, a key
 * that only service-to-service requests carry, so a direct request from another account is not allowed by it.
 * Known deviations: no subscriptions, deliveries or tags.
 */
import type { Account, World } from '../../world/world.js';

/** The SigV4 signing name, the IAM action prefix and the ARN service. */
export const SERVICE = 'sns';

export interface TopicRecord {
  TopicArn: string;
  name: string;
  account: string;
  region: string;
  /** The attributes set on the topic (DisplayName, Policy, KmsMasterKeyId, …), as given. */
  attributes: Map<string, string>;
}

export interface TopicsStore {
  topics: Map<string, TopicRecord>;
}

export function topicsStore(account: Account, region: string): TopicsStore {
  return account.store<TopicsStore>(SERVICE, region, () => ({ topics: new Map() }));
}

export function topicArn(region: string, account: string, name: string): string {
  return `arn:aws:sns:${region}:${account}:${name}`;
}

const TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([\w.-]+)$/;

/** Where a topic ARN points, or undefined when it is no topic ARN of this partition. */
export function topicAddress(arn: string): { region: string; account: string; name: string } | undefined {
  const m = TOPIC_ARN.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

export function findTopic(world: World, arn: string): TopicRecord | undefined {
  const a = topicAddress(arn);
  const account = a && world.account(a.account);
  return account ? topicsStore(account, a.region).topics.get(a.name) : undefined;
}

export function defaultTopicPolicy(arn: string, owner: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': owner } },
      },
    ],
  });
}
