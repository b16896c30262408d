/**
 * An AWS::Serverless::Function's `Policies`, as the SAM translator turns them into its generated role's
 * ManagedPolicyArns and inline Policies: a managed policy name or ARN (a name becomes
 * `arn:<partition>:iam::aws:policy/<path><name>`), an inline document (`{ Statement: … }`), or a SAM policy
 * template (`{ S3ReadPolicy: { BucketName: x } }`) whose definition is copied with its parameters substituted.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html
 * The templates below are copied from SAM's own data file (aws/serverless-application-model,
 * samtranslator/policy_templates_data/policy_templates.json, Apache-2.0), the most used ones; inline policies are
 * named `<Function>RolePolicy<index of the entry in Policies>`, as samtranslator 1.110 names them (checked by
 * serverless.test.ts against the translator itself).
 * Known deviation: SAM's other ~65 policy templates are refused with our own wording ("Policy template X is not
 * supported by xacct."), since xacct does not carry them.
 */
import type { TemplateValue } from '../types.js';
import { isObject, type TemplateObject } from '../walk.js';

const sub = (pattern: string, variable: string, parameter: string): TemplateValue => ({ 'Fn::Sub': [pattern, { [variable]: { Ref: parameter } }] });
const regional = (service: string, resource: string, variable: string, parameter: string) =>
  sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}\${${variable}}`, variable, parameter);
const statement = (action: TemplateValue, resource: TemplateValue): TemplateValue => ({ Action: action, Effect: 'Allow', Resource: resource });
const s3 = (actions: string[]) => [
  statement(actions, [sub('arn:${AWS::Partition}:s3:::${bucketName}', 'bucketName', 'BucketName'), sub('arn:${AWS::Partition}:s3:::${bucketName}/*', 'bucketName', 'BucketName')]),
];
const dynamodb = (actions: string[]) => [
  statement(actions, [regional('dynamodb', 'table/', 'tableName', 'TableName'), sub('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*', 'tableName', 'TableName')]),
];

/** Policy template name → its Statement list, with `{ Ref: <Parameter> }` where SAM substitutes the values. */
const TEMPLATES: Record<string, TemplateValue[]> = {
  S3ReadPolicy: s3(['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration']),
  S3CrudPolicy: s3(['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', 's3:DeleteObject']),
  S3WritePolicy: s3(['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration']),
  DynamoDBCrudPolicy: dynamodb(['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem']),
  DynamoDBReadPolicy: dynamodb(['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable']),
  DynamoDBWritePolicy: dynamodb(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem']),
  SQSPollerPolicy: [statement(['sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], regional('sqs', '', 'queueName', 'QueueName'))],
  SQSSendMessagePolicy: [statement(['sqs:SendMessage*'], regional('sqs', '', 'queueName', 'QueueName'))],
  LambdaInvokePolicy: [statement(['lambda:InvokeFunction'], sub('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*', 'functionName', 'FunctionName'))],
  KMSDecryptPolicy: [statement('kms:Decrypt', regional('kms', 'key/', 'keyId', 'KeyId'))],
  KMSEncryptPolicy: [statement('kms:Encrypt', regional('kms', 'key/', 'keyId', 'KeyId'))],
  SSMParameterReadPolicy: [statement(['ssm:DescribeParameters'], '*'), statement(['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], regional('ssm', 'parameter/', 'parameterName', 'ParameterName'))],
  SNSPublishMessagePolicy: [statement(['sns:Publish'], regional('sns', '', 'topicName', 'TopicName'))],
  CloudWatchPutMetricPolicy: [statement(['cloudwatch:PutMetricData'], '*')],
  AWSSecretsManagerGetSecretValuePolicy: [statement(['secretsmanager:GetSecretValue'], sub('${secretArn}', 'secretArn', 'SecretArn'))],
  CodePipelineLambdaExecutionPolicy: [statement(['codepipeline:PutJobSuccessResult', 'codepipeline:PutJobFailureResult'], '*')],
  StepFunctionsExecutionPolicy: [statement(['states:StartExecution'], regional('states', 'stateMachine:', 'stateMachineName', 'StateMachineName'))],
  EventBridgePutEventsPolicy: [statement('events:PutEvents', regional('events', 'event-bus/', 'eventBusName', 'EventBusName'))],
};

/** Replaces `{ Ref: <Parameter> }` with the value the template gave for it (SAM's parameter substitution). */
function substitute(v: TemplateValue, values: TemplateObject): TemplateValue {
  if (Array.isArray(v)) return v.map((x) => substitute(x, values));
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === 'Ref' && typeof v['Ref'] === 'string' && Object.hasOwn(values, v['Ref'])) return values[v['Ref']]!;
  return Object.fromEntries(keys.map((k) => [k, substitute(v[k]!, values)]));
}

export interface RolePolicies {
  managed: TemplateValue[];
  inline: Array<{ PolicyName: string; PolicyDocument: TemplateValue }>;
}

export class SamPolicyError extends Error {}

/**
 * `managedArn(name)` is the AWS managed policy's ARN (with its path) when `name` is one, from the managed policy data.
 */
export function rolePolicies(functionId: string, policies: TemplateValue | undefined, managedArn: (name: string) => string | undefined): RolePolicies {
  const out: RolePolicies = { managed: [], inline: [] };
  if (policies === undefined) return out;
  const entries = Array.isArray(policies) ? policies : [policies];
  entries.forEach((entry, index) => {
    const name = `${functionId}RolePolicy${index}`;
    if (typeof entry === 'string') {
      out.managed.push(entry.startsWith('arn:') ? entry : (managedArn(entry) ?? entry));
      return;
    }
    if (!isObject(entry)) throw new SamPolicyError(`Resource with id [${functionId}] is invalid. Policies entry ${index} is not a string, a policy document or a policy template.`);
    if ('Statement' in entry) {
      out.inline.push({ PolicyName: name, PolicyDocument: entry });
      return;
    }
    const keys = Object.keys(entry);
    const template = keys.length === 1 ? TEMPLATES[keys[0]!] : undefined;
    if (!template) {
      // An intrinsic (Ref/Fn::Sub/Fn::If…) yielding a managed policy ARN.
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
        out.managed.push(entry);
        return;
      }
      throw new SamPolicyError(`Resource with id [${functionId}] is invalid. Policy template ${keys.join(', ')} is not supported by xacct.`);
    }
    const values = entry[keys[0]!];
    out.inline.push({ PolicyName: name, PolicyDocument: { Statement: substitute(template, isObject(values) ? values : {}) } });
  });
  return out;
}
