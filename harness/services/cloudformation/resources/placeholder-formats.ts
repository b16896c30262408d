/**
 * What a resource type the emulator does not model answers to Ref and Fn::GetAtt, in AWS's formats for that type:
 * the name property the template gives (or a generated `<stack>-<logical>-<RANDOM>` name), and the ARNs built from
 * the type's documented pattern. Each line cites the type's "Return values" section of the CloudFormation template
 * reference, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
 * Known deviations: a type not listed answers Ref with a generated name and `Arn` with
 * `arn:<partition>:<service>:<region>:<account>:<type>/<physical id>` (the common shape, not the type's own);
 * custom resources (Custom::*, AWS::CloudFormation::CustomResource) answer every attribute with a marked
 * placeholder text, since only their Lambda function, which xacct does not run, knows the real values.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { partitionOf, type TemplateValue } from '../template/index.js';
import type { Properties, Provisioned, ResourceContext } from './types.js';

interface Where {
  partition: string;
  region: string;
  account: string;
}

type Format = (ctx: ResourceContext, props: Properties, w: Where) => Provisioned;

const text = (v: TemplateValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function id(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The type's name property, or a generated name within the type's length limit. */
function named(ctx: ResourceContext, props: Properties, key: string, max = 128): string {
  return text(props[key]) ?? ctx.generatedName({ max });
}

/** Ref is the name; `Arn` is `arn:<p>:<service>:<r>:<a>:<resource><name>`. */
function nameAndArn(key: string, service: string, resource: string, max?: number, extra?: (name: string, arn: string, w: Where) => Record<string, TemplateValue>): Format {
  return (ctx, props, w) => {
    const name = named(ctx, props, key, max);
    const arn = `arn:${w.partition}:${service}:${w.region}:${w.account}:${resource}${name}`;
    return { physicalId: name, attributes: { Arn: arn, ...(extra?.(name, arn, w) ?? {}) } };
  };
}

/** Ref is the ARN. */
function arnRef(key: string, service: string, resource: string, attributes: (name: string, arn: string) => Record<string, TemplateValue>, max?: number): Format {
  return (ctx, props, w) => {
    const name = named(ctx, props, key, max);
    const arn = `arn:${w.partition}:${service}:${w.region}:${w.account}:${resource}${name}`;
    return { physicalId: arn, attributes: attributes(name, arn) };
  };
}

function functionArn(ref: string, w: Where): string {
  return ref.startsWith('arn:') ? ref : `arn:${w.partition}:lambda:${w.region}:${w.account}:function:${ref}`;
}

const FORMATS: Record<string, Format> = {
  // AWS::Lambda::Function: Ref = function name; Arn.
  'AWS::Lambda::Function': nameAndArn('FunctionName', 'lambda', 'function:', 64),
  // AWS::Lambda::Permission: Ref = a generated id.
  'AWS::Lambda::Permission': (ctx) => ({ physicalId: ctx.generatedName({ max: 100 }), attributes: {} }),
  // AWS::Lambda::LayerVersion: Ref = the layer version ARN.
  'AWS::Lambda::LayerVersion': arnRef('LayerName', 'lambda', 'layer:', (_n, arn) => ({ LayerVersionArn: `${arn}:1` }), 64),
  // AWS::Lambda::Version: Ref = the version ARN; Version.
  'AWS::Lambda::Version': (_ctx, props, w) => {
    const arn = `${functionArn(text(props['FunctionName']) ?? 'function', w)}:1`;
    return { physicalId: arn, attributes: { Version: '1', FunctionArn: arn } };
  },
  // AWS::Lambda::Alias: Ref = the alias ARN.
  'AWS::Lambda::Alias': (_ctx, props, w) => {
    const arn = `${functionArn(text(props['FunctionName']) ?? 'function', w)}:${text(props['Name']) ?? 'alias'}`;
    return { physicalId: arn, attributes: { AliasArn: arn } };
  },
  // AWS::Lambda::EventSourceMapping: Ref = the mapping's UUID; Id.
  'AWS::Lambda::EventSourceMapping': () => {
    const uuid = randomUUID();
    return { physicalId: uuid, attributes: { Id: uuid } };
  },
  // AWS::Logs::LogGroup: Ref = the group name; Arn ends in ":*".
  'AWS::Logs::LogGroup': (ctx, props, w) => {
    const name = named(ctx, props, 'LogGroupName', 512);
    return { physicalId: name, attributes: { Arn: `arn:${w.partition}:logs:${w.region}:${w.account}:log-group:${name}:*` } };
  },
  // AWS::SSM::Parameter: Ref = the parameter name; Type, Value.
  'AWS::SSM::Parameter': (ctx, props) => ({
    physicalId: text(props['Name']) ?? `CFN-${ctx.logicalId}-${id(12)}`,
    attributes: { Type: props['Type'] ?? 'String', Value: props['Value'] ?? '' },
  }),
  // AWS::SNS::Topic: Ref = the topic ARN; TopicArn, TopicName.
  'AWS::SNS::Topic': arnRef('TopicName', 'sns', '', (name, arn) => ({ TopicArn: arn, TopicName: name }), 256),
  // AWS::SNS::Subscription: Ref = the subscription ARN.
  'AWS::SNS::Subscription': (_ctx, props, w) => ({
    physicalId: `${text(props['TopicArn']) ?? `arn:${w.partition}:sns:${w.region}:${w.account}:topic`}:${randomUUID()}`,
    attributes: {},
  }),
  // AWS::SNS::TopicPolicy: Ref = a generated id.
  'AWS::SNS::TopicPolicy': (ctx) => ({ physicalId: ctx.generatedName(), attributes: {} }),
  // AWS::SQS::Queue: Ref = the queue URL; Arn, QueueName, QueueUrl.
  'AWS::SQS::Queue': (ctx, props, w) => {
    const name = named(ctx, props, 'QueueName', 80);
    const url = `https://sqs.${w.region}.amazonaws.com/${w.account}/${name}`;
    return { physicalId: url, attributes: { Arn: `arn:${w.partition}:sqs:${w.region}:${w.account}:${name}`, QueueName: name, QueueUrl: url } };
  },
  // AWS::CodeBuild::Project: Ref = the project name; Arn.
  'AWS::CodeBuild::Project': nameAndArn('Name', 'codebuild', 'project/', 150),
  // AWS::Events::Rule: Ref = the rule name; Arn.
  'AWS::Events::Rule': nameAndArn('Name', 'events', 'rule/', 64),
  // AWS::DynamoDB::Table: Ref = the table name; Arn, StreamArn.
  'AWS::DynamoDB::Table': nameAndArn('TableName', 'dynamodb', 'table/', 255, (_n, arn) => ({ StreamArn: `${arn}/stream/1970-01-01T00:00:00.000` })),
  // AWS::ApiGateway::RestApi: Ref = the API id; RestApiId, RootResourceId.
  'AWS::ApiGateway::RestApi': () => {
    const api = id(10);
    return { physicalId: api, attributes: { RestApiId: api, RootResourceId: id(10) } };
  },
  // AWS::ApiGateway::Deployment: Ref = the deployment id.
  'AWS::ApiGateway::Deployment': () => {
    const d = id(6);
    return { physicalId: d, attributes: { DeploymentId: d } };
  },
  // AWS::ApiGateway::Stage: Ref = the stage name.
  'AWS::ApiGateway::Stage': (ctx, props) => ({ physicalId: named(ctx, props, 'StageName'), attributes: {} }),
  // AWS::CodeDeploy::*: Ref = the name.
  'AWS::CodeDeploy::Application': (ctx, props) => ({ physicalId: named(ctx, props, 'ApplicationName', 100), attributes: {} }),
  'AWS::CodeDeploy::DeploymentGroup': (ctx, props) => ({ physicalId: named(ctx, props, 'DeploymentGroupName', 100), attributes: {} }),
  'AWS::CodeDeploy::DeploymentConfig': (ctx, props) => ({ physicalId: named(ctx, props, 'DeploymentConfigName', 100), attributes: {} }),
  // AWS::CodePipeline::Webhook: Ref = the webhook name; Url.
  'AWS::CodePipeline::Webhook': (ctx, props, w) => ({
    physicalId: named(ctx, props, 'Name', 100),
    attributes: { Url: `https://${w.region}.webhooks.aws/trigger?t=${id(32)}&v=1` },
  }),
  // AWS::CloudFormation::Macro: Ref = the macro name.
  'AWS::CloudFormation::Macro': (ctx, props) => ({ physicalId: named(ctx, props, 'Name'), attributes: {} }),
  // AWS::SecretsManager::Secret: Ref = the secret ARN (name plus a 6-character suffix).
  'AWS::SecretsManager::Secret': arnRef('Name', 'secretsmanager', 'secret:', () => ({}), 256),
  // AWS::StepFunctions::StateMachine: Ref = the state machine ARN; Arn, Name.
  'AWS::StepFunctions::StateMachine': arnRef('StateMachineName', 'states', 'stateMachine:', (name, arn) => ({ Arn: arn, Name: name }), 80),
  // Types xacct models, when they are placeholders because their properties use a value xacct cannot know.
  // AWS::KMS::Key: Ref = the key id; Arn, KeyId.
  'AWS::KMS::Key': (_ctx, _props, w) => {
    const key = randomUUID();
    return { physicalId: key, attributes: { Arn: `arn:${w.partition}:kms:${w.region}:${w.account}:key/${key}`, KeyId: key } };
  },
  // AWS::KMS::Alias: Ref = the alias name.
  'AWS::KMS::Alias': (ctx, props) => ({ physicalId: named(ctx, props, 'AliasName', 256), attributes: {} }),
  // AWS::IAM::Role: Ref = the role name; Arn, RoleId.
  'AWS::IAM::Role': (ctx, props, w) => {
    const name = named(ctx, props, 'RoleName', 64);
    return { physicalId: name, attributes: { Arn: `arn:${w.partition}:iam::${w.account}:role${text(props['Path']) ?? '/'}${name}`, RoleId: `AROA${id(17).toUpperCase()}` } };
  },
  // AWS::IAM::ManagedPolicy: Ref = the policy ARN.
  'AWS::IAM::ManagedPolicy': (ctx, props, w) => ({
    physicalId: `arn:${w.partition}:iam::${w.account}:policy${text(props['Path']) ?? '/'}${named(ctx, props, 'ManagedPolicyName', 128)}`,
    attributes: {},
  }),
  // AWS::S3::Bucket: Ref = the bucket name; Arn, DomainName.
  'AWS::S3::Bucket': (ctx, props, w) => {
    const name = text(props['BucketName']) ?? ctx.generatedName({ max: 63, lowerCase: true });
    return { physicalId: name, attributes: { Arn: `arn:${w.partition}:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com`, RegionalDomainName: `${name}.s3.${w.region}.amazonaws.com` } };
  },
  // AWS::ECR::Repository: Ref = the repository name; Arn, RepositoryUri.
  'AWS::ECR::Repository': nameAndArn('RepositoryName', 'ecr', 'repository/', 256, (name, _arn, w) => ({ RepositoryUri: `${w.account}.dkr.ecr.${w.region}.amazonaws.com/${name}` })),
};

export function isCustomResource(type: string): boolean {
  return type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::');
}

export function placeholderFormat(ctx: ResourceContext, type: string, props: Properties): Provisioned {
  const w: Where = { partition: partitionOf(ctx.stack.region), region: ctx.stack.region, account: ctx.stack.account };
  const format = FORMATS[type];
  if (format) return format(ctx, props, w);
  const physicalId = ctx.generatedName();
  if (isCustomResource(type)) return { physicalId, attributes: {} };
  const [, service = 'unknown', resource = 'resource'] = type.split('::');
  return { physicalId, attributes: { Arn: `arn:${w.partition}:${service.toLowerCase()}:${w.region}:${w.account}:${resource.toLowerCase()}/${physicalId}` } };
}

/** What Fn::GetAtt answers for an attribute the format does not know (custom resources' outputs, rare attributes). */
export function placeholderAttribute(type: string, logicalId: string, attribute: string): string {
  return `xacct-not-emulated:${type}:${logicalId}.${attribute}`;
}
