/**
 * The AWS::Serverless-2016-10-31 transform (SAM), expanded as the SAM translator expands what pipelines deploy:
 * Globals merged into each resource (maps merged, lists appended, the resource's own values winning);
 * AWS::Serverless::Function → AWS::Lambda::Function plus, without `Role`, its role `<Function>Role` trusting
 * lambda.amazonaws.com with AWSLambdaBasicExecutionRole, the `Policies` (sam-policies.ts) and the managed policies
 * its event sources need; its Events as the resources SAM generates for them (rules, permissions, event source
 * mappings, subscriptions, the implicit ServerlessRestApi); AWS::Serverless::Api → RestApi, Deployment, Stage;
 * SimpleTable → AWS::DynamoDB::Table; LayerVersion → AWS::Lambda::LayerVersion `<Layer><hash>` (retained, as SAM
 * does), references rewritten; Application → AWS::CloudFormation::Stack (a nested stack).
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources.html
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
 * Checked against samtranslator 1.110 (serverless.test.ts runs both on the same templates when Python has it).
 * Known deviations: the hash suffixes of Deployment and LayerVersion logical ids are ours (SAM hashes its own
 * serialisation); the generated OpenAPI body is reduced to the paths and methods; an S3 event does not add the
 * bucket's NotificationConfiguration; DeploymentPreference, FunctionUrlConfig, DeadLetterQueue and
 * EventInvokeConfig generate nothing; other AWS::Serverless::* types (HttpApi, StateMachine, Connector…) stay as
 * they are and become placeholders, as does an Application from the Serverless Application Repository (a Location
 * that is not a URL).
 */
import { createHash } from 'node:crypto';
import type { TemplateValue } from '../types.js';
import { isObject, type TemplateObject } from '../walk.js';
import { rolePolicies } from './sam-policies.js';

export const SERVERLESS_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** SAM's refusal of the document: its causes, each "Resource with id [X] is invalid. …". */
export class InvalidServerlessDocument extends Error {
  constructor(readonly causes: string[]) {
    super(`Invalid Serverless Application Specification document. Number of errors found: ${causes.length}. ${causes.join(' ')}`);
  }
}

export interface ServerlessOptions {
  partition: string;
  /** The ARN of an AWS managed policy by name (with its path), if there is one. */
  managedArn(name: string): string | undefined;
}

const SAM_TAG = { Key: 'lambda:createdBy', Value: 'SAM' };

/** Properties of AWS::Serverless::Function copied as they are onto AWS::Lambda::Function. */
const FUNCTION_PASSTHROUGH = [
  'Handler', 'Runtime', 'Description', 'MemorySize', 'Timeout', 'Environment', 'VpcConfig', 'KmsKeyArn', 'Layers',
  'ReservedConcurrentExecutions', 'FunctionName', 'Architectures', 'EphemeralStorage', 'FileSystemConfigs',
  'ImageConfig', 'CodeSigningConfigArn', 'PackageType', 'SnapStart', 'RuntimeManagementConfig', 'LoggingConfig',
  'RecursiveLoop',
];

const POLL_POLICIES: Record<string, string> = {
  SQS: 'service-role/AWSLambdaSQSQueueExecutionRole',
  Kinesis: 'service-role/AWSLambdaKinesisExecutionRole',
  DynamoDB: 'service-role/AWSLambdaDynamoDBExecutionRole',
  MSK: 'service-role/AWSLambdaMSKExecutionRole',
};

const GLOBAL_SECTIONS: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  LayerVersion: 'AWS::Serverless::LayerVersion',
  StateMachine: 'AWS::Serverless::StateMachine',
};

function hash(v: unknown): string {
  return createHash('sha1').update(JSON.stringify(v)).digest('hex').slice(0, 10);
}

function merge(global: TemplateValue, local: TemplateValue | undefined): TemplateValue {
  if (local === undefined) return structuredClone(global);
  if (isObject(global) && isObject(local)) {
    const out: TemplateObject = structuredClone(global);
    for (const [k, v] of Object.entries(local)) out[k] = k in out ? merge(out[k]!, v) : v;
    return out;
  }
  if (Array.isArray(global) && Array.isArray(local)) return [...structuredClone(global), ...local];
  return local;
}

function code(id: string, props: TemplateObject, x: Expansion): TemplateValue {
  if (props['InlineCode'] !== undefined) return { ZipFile: props['InlineCode'] };
  if (props['ImageUri'] !== undefined) return { ImageUri: props['ImageUri'] };
  return s3Uri(id, 'CodeUri', props, x, 'S3Bucket', 'S3Key', 'S3ObjectVersion');
}

/** An S3 URI property SAM resolves at transform time; a local path (a template not yet `sam package`d) is refused. */
function s3Uri(id: string, property: string, props: TemplateObject, x: Expansion, bucketKey: string, keyKey: string, versionKey: string): TemplateValue {
  const uri = props[property];
  if (typeof uri === 'string' && !/^s3:\/\/[^/]+\/.+$/.test(uri)) {
    // samtranslator 1.110, model/s3_utils/uri_parser.py (the words CloudFormation reports after "failed with:").
    x.errors.push(`Resource with id [${id}] is invalid. '${property}' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.`);
  }
  return s3Content(uri, bucketKey, keyKey, versionKey);
}

/** `s3://bucket/key` or `{ Bucket, Key, Version }` as a Lambda Code / layer Content object. */
function s3Content(uri: TemplateValue | undefined, bucketKey: string, keyKey: string, versionKey: string): TemplateValue {
  if (typeof uri === 'string') {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    return m ? { [bucketKey]: m[1]!, [keyKey]: m[2]! } : { [bucketKey]: '', [keyKey]: uri };
  }
  if (isObject(uri)) {
    const out: TemplateObject = { [bucketKey]: uri['Bucket'] ?? '', [keyKey]: uri['Key'] ?? '' };
    if (uri['Version'] !== undefined) out[versionKey] = uri['Version'];
    return out;
  }
  return {};
}

function tags(extra: TemplateValue | undefined): TemplateValue[] {
  const out: TemplateValue[] = [SAM_TAG];
  if (isObject(extra)) for (const [Key, Value] of Object.entries(extra)) out.push({ Key, Value });
  return out;
}

interface Expansion {
  resources: TemplateObject;
  /** Logical ids SAM renames (LayerVersion), old → new, for rewriting references. */
  renamed: Map<string, string>;
  /** Api events of functions that name no RestApiId: the implicit ServerlessRestApi's paths. */
  implicitApi: Array<{ functionId: string; eventId: string; path: string; method: string; condition?: TemplateValue }>;
  errors: string[];
}

function resource(type: string, properties: TemplateObject, condition?: TemplateValue): TemplateObject {
  return { Type: type, Properties: properties, ...(condition !== undefined ? { Condition: condition } : {}) };
}

function expandEvents(id: string, decl: TemplateObject, props: TemplateObject, x: Expansion, managed: TemplateValue[], o: ServerlessOptions): void {
  const events = props['Events'];
  if (!isObject(events)) return;
  const condition = decl['Condition'];
  const fnArn = { 'Fn::GetAtt': [id, 'Arn'] };
  const permission = (eventId: string, principal: string, sourceArn?: TemplateValue, suffix = '') => {
    x.resources[`${id}${eventId}Permission${suffix}`] = resource('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: id },
      Principal: principal,
      ...(sourceArn !== undefined ? { SourceArn: sourceArn } : {}),
    }, condition);
  };
  for (const [eventId, event] of Object.entries(events)) {
    if (!isObject(event)) continue;
    const type = String(event['Type'] ?? '');
    const p = isObject(event['Properties']) ? event['Properties'] : {};
    if (type === 'Schedule' || type === 'CloudWatchEvent' || type === 'EventBridgeRule') {
      const rule: TemplateObject = { Targets: [{ Arn: fnArn, Id: `${id}${eventId}LambdaTarget` }] };
      if (p['Schedule'] !== undefined) rule['ScheduleExpression'] = p['Schedule'];
      if (p['Pattern'] !== undefined) rule['EventPattern'] = p['Pattern'];
      if (p['EventBusName'] !== undefined) rule['EventBusName'] = p['EventBusName'];
      if (p['Name'] !== undefined) rule['Name'] = p['Name'];
      if (p['Enabled'] === false) rule['State'] = 'DISABLED';
      x.resources[`${id}${eventId}`] = resource('AWS::Events::Rule', rule, condition);
      permission(eventId, 'events.amazonaws.com', { 'Fn::GetAtt': [`${id}${eventId}`, 'Arn'] });
    } else if (type in POLL_POLICIES || type === 'MQ' || type === 'SelfManagedKafka' || type === 'DocumentDB') {
      const mapping: TemplateObject = { FunctionName: { Ref: id } };
      const source = p['Queue'] ?? p['Stream'] ?? p['Broker'] ?? p['Cluster'];
      if (source !== undefined) mapping['EventSourceArn'] = source;
      for (const k of ['BatchSize', 'StartingPosition', 'Enabled', 'MaximumBatchingWindowInSeconds', 'FilterCriteria']) if (p[k] !== undefined) mapping[k] = p[k]!;
      x.resources[`${id}${eventId}`] = resource('AWS::Lambda::EventSourceMapping', mapping, condition);
      const policy = POLL_POLICIES[type];
      if (policy) managed.push(`arn:${o.partition}:iam::aws:policy/${policy}`);
    } else if (type === 'SNS') {
      x.resources[`${id}${eventId}`] = resource('AWS::SNS::Subscription', { Endpoint: fnArn, Protocol: 'lambda', TopicArn: p['Topic'] ?? '' }, condition);
      permission(eventId, 'sns.amazonaws.com', p['Topic']);
    } else if (type === 'S3') {
      permission(eventId, 's3.amazonaws.com', undefined);
    } else if (type === 'Api' && p['RestApiId'] === undefined) {
      const method = String(p['Method'] ?? 'any').toLowerCase();
      x.implicitApi.push({ functionId: id, eventId, path: String(p['Path'] ?? '/'), method, ...(condition !== undefined ? { condition } : {}) });
    } else if (type === 'Api') {
      permission(eventId, 'apigateway.amazonaws.com', undefined, 'Prod');
    } else {
      permission(eventId, `${type.toLowerCase()}.amazonaws.com`);
    }
  }
}

function expandFunction(id: string, decl: TemplateObject, props: TemplateObject, x: Expansion, o: ServerlessOptions): void {
  const fn: TemplateObject = { Code: code(id, props, x) };
  for (const k of FUNCTION_PASSTHROUGH) if (props[k] !== undefined) fn[k] = props[k]!;
  if (props['Tracing'] !== undefined) fn['TracingConfig'] = { Mode: props['Tracing'] };
  if (isObject(props['DeadLetterQueue'])) fn['DeadLetterConfig'] = { TargetArn: props['DeadLetterQueue']['TargetArn'] ?? '' };
  const managed: TemplateValue[] = [];
  expandEvents(id, decl, props, x, managed, o);
  if (props['Role'] !== undefined) {
    fn['Role'] = props['Role'];
  } else {
    const policies = rolePolicies(id, props['Policies'], o.managedArn);
    const basic = `arn:${o.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`;
    const arns: TemplateValue[] = [basic];
    if (props['Tracing'] !== undefined) arns.push(`arn:${o.partition}:iam::aws:policy/AWSXrayWriteOnlyAccess`);
    if (props['VpcConfig'] !== undefined) arns.push(`arn:${o.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole`);
    arns.push(...policies.managed, ...managed);
    const role: TemplateObject = {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] } }],
      },
      ManagedPolicyArns: arns,
      Tags: [SAM_TAG],
    };
    if (policies.inline.length > 0) role['Policies'] = policies.inline;
    if (props['PermissionsBoundary'] !== undefined) role['PermissionsBoundary'] = props['PermissionsBoundary'];
    if (props['RolePath'] !== undefined) role['Path'] = props['RolePath'];
    x.resources[`${id}Role`] = resource('AWS::IAM::Role', role, decl['Condition']);
    fn['Role'] = { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
  }
  fn['Tags'] = tags(props['Tags']);
  const out: TemplateObject = { ...decl, Type: 'AWS::Lambda::Function', Properties: fn };
  x.resources[id] = out;
  if (typeof props['AutoPublishAlias'] === 'string') {
    const version = `${id}Version${hash(fn)}`;
    x.resources[version] = { ...resource('AWS::Lambda::Version', { FunctionName: { Ref: id } }, decl['Condition']), DeletionPolicy: 'Retain' };
    x.resources[`${id}Alias${props['AutoPublishAlias']}`] = resource(
      'AWS::Lambda::Alias',
      { Name: props['AutoPublishAlias'], FunctionName: { Ref: id }, FunctionVersion: { 'Fn::GetAtt': [version, 'Version'] } },
      decl['Condition'],
    );
  }
}

function expandApi(id: string, decl: TemplateObject, props: TemplateObject, x: Expansion, body?: TemplateValue): void {
  const api: TemplateObject = {};
  if (body !== undefined || props['DefinitionBody'] !== undefined) api['Body'] = body ?? props['DefinitionBody']!;
  else if (props['DefinitionUri'] !== undefined) api['BodyS3Location'] = s3Uri(id, 'DefinitionUri', props, x, 'Bucket', 'Key', 'Version');
  if (props['Name'] !== undefined) api['Name'] = props['Name'];
  if (props['EndpointConfiguration'] !== undefined) api['EndpointConfiguration'] = props['EndpointConfiguration'];
  const stage = typeof props['StageName'] === 'string' ? props['StageName'] : 'Prod';
  const deployment = `${id}Deployment${hash(api)}`;
  x.resources[id] = { ...decl, Type: 'AWS::ApiGateway::RestApi', Properties: api };
  x.resources[deployment] = resource('AWS::ApiGateway::Deployment', { RestApiId: { Ref: id }, StageName: 'Stage' }, decl['Condition']);
  x.resources[`${id}${stage}Stage`] = resource('AWS::ApiGateway::Stage', { DeploymentId: { Ref: deployment }, RestApiId: { Ref: id }, StageName: stage }, decl['Condition']);
}

function implicitApi(x: Expansion): void {
  if (x.implicitApi.length === 0) return;
  const paths: TemplateObject = {};
  for (const e of x.implicitApi) {
    const path = (paths[e.path] ??= {}) as TemplateObject;
    path[e.method === 'any' ? 'x-amazon-apigateway-any-method' : e.method] = {
      'x-amazon-apigateway-integration': {
        httpMethod: 'POST',
        type: 'aws_proxy',
        uri: { 'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${e.functionId}.Arn}/invocations` },
      },
      responses: {},
    };
    x.resources[`${e.functionId}${e.eventId}PermissionProd`] = resource('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: e.functionId },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: {
        'Fn::Sub': [
          `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${e.method === 'any' ? '*' : e.method.toUpperCase()}${e.path}`,
          { __ApiId__: { Ref: 'ServerlessRestApi' }, __Stage__: '*' },
        ],
      },
    }, e.condition);
  }
  expandApi('ServerlessRestApi', {}, {}, x, { info: { version: '1.0', title: { Ref: 'AWS::StackName' } }, paths, swagger: '2.0' });
}

function simpleTable(decl: TemplateObject, props: TemplateObject): TemplateObject {
  const key = isObject(props['PrimaryKey']) ? props['PrimaryKey'] : { Name: 'id', Type: 'String' };
  const types: Record<string, string> = { String: 'S', Number: 'N', Binary: 'B' };
  const table: TemplateObject = {
    AttributeDefinitions: [{ AttributeName: key['Name'] ?? 'id', AttributeType: types[String(key['Type'])] ?? 'S' }],
    KeySchema: [{ AttributeName: key['Name'] ?? 'id', KeyType: 'HASH' }],
  };
  if (props['ProvisionedThroughput'] !== undefined) table['ProvisionedThroughput'] = props['ProvisionedThroughput'];
  else table['BillingMode'] = 'PAY_PER_REQUEST';
  for (const k of ['TableName', 'SSESpecification', 'PointInTimeRecoverySpecification']) if (props[k] !== undefined) table[k] = props[k]!;
  if (isObject(props['Tags'])) table['Tags'] = Object.entries(props['Tags']).map(([Key, Value]) => ({ Key, Value }));
  return { ...decl, Type: 'AWS::DynamoDB::Table', Properties: table };
}

function layer(id: string, decl: TemplateObject, props: TemplateObject, x: Expansion): void {
  const content: TemplateObject = { Content: s3Uri(id, 'ContentUri', props, x, 'S3Bucket', 'S3Key', 'S3ObjectVersion') };
  for (const k of ['LayerName', 'Description', 'CompatibleRuntimes', 'CompatibleArchitectures', 'LicenseInfo']) if (props[k] !== undefined) content[k] = props[k]!;
  const newId = `${id}${hash(content)}`;
  x.renamed.set(id, newId);
  x.resources[newId] = { ...decl, Type: 'AWS::Lambda::LayerVersion', DeletionPolicy: props['RetentionPolicy'] === 'Delete' ? 'Delete' : 'Retain', Properties: content };
}

function application(decl: TemplateObject, props: TemplateObject): TemplateObject {
  // An application of the Serverless Application Repository: SAM asks the repository for its template, which
  // xacct does not emulate; it stays as it is, a placeholder.
  if (typeof props['Location'] !== 'string') return decl;
  const stack: TemplateObject = { TemplateURL: props['Location'] };
  if (props['Parameters'] !== undefined) stack['Parameters'] = props['Parameters'];
  if (props['NotificationARNs'] !== undefined) stack['NotificationARNs'] = props['NotificationARNs'];
  if (props['TimeoutInMinutes'] !== undefined) stack['TimeoutInMinutes'] = props['TimeoutInMinutes'];
  stack['Tags'] = tags(props['Tags']);
  return { ...decl, Type: 'AWS::CloudFormation::Stack', Properties: stack };
}

/** Rewrites Ref/GetAtt/DependsOn/Sub names of renamed resources. */
function rename(v: TemplateValue, renamed: Map<string, string>): TemplateValue {
  if (renamed.size === 0) return v;
  const name = (s: string) => renamed.get(s) ?? s;
  if (Array.isArray(v)) return v.map((x) => rename(x, renamed));
  if (!isObject(v)) return v;
  const out: TemplateObject = {};
  for (const [k, child] of Object.entries(v)) {
    if (k === 'Ref' && typeof child === 'string') out[k] = name(child);
    else if (k === 'Fn::GetAtt' && Array.isArray(child) && typeof child[0] === 'string') out[k] = [name(child[0]), ...child.slice(1).map((c) => rename(c, renamed))];
    else if (k === 'Fn::GetAtt' && typeof child === 'string') out[k] = child.replace(/^[^.]+/, name);
    else if (k === 'DependsOn') out[k] = typeof child === 'string' ? name(child) : Array.isArray(child) ? child.map((c) => (typeof c === 'string' ? name(c) : c)) : child;
    else if (k === 'Fn::Sub') {
      const sub = (s: TemplateValue) => (typeof s === 'string' ? s.replace(/\$\{([^}.!]+)(\.[^}]*)?\}/g, (m, n: string, a: string | undefined) => (renamed.has(n) ? `\${${name(n)}${a ?? ''}}` : m)) : s);
      out[k] = Array.isArray(child) ? [sub(child[0]!), ...child.slice(1).map((c) => rename(c, renamed))] : sub(child);
    } else out[k] = rename(child, renamed);
  }
  return out;
}

/** The template with every AWS::Serverless resource expanded and Globals removed; throws InvalidServerlessDocument. */
export function expandServerless(template: TemplateObject, o: ServerlessOptions): TemplateObject {
  const globals = isObject(template['Globals']) ? template['Globals'] : {};
  const x: Expansion = { resources: {}, renamed: new Map(), implicitApi: [], errors: [] };
  const resources = isObject(template['Resources']) ? template['Resources'] : {};
  for (const [id, raw] of Object.entries(resources)) {
    if (!isObject(raw)) continue;
    const type = String(raw['Type']);
    const section = Object.keys(GLOBAL_SECTIONS).find((s) => GLOBAL_SECTIONS[s] === type);
    const local = isObject(raw['Properties']) ? raw['Properties'] : {};
    const props = (section && globals[section] !== undefined ? merge(globals[section]!, local) : local) as TemplateObject;
    if (type === 'AWS::Serverless::Function') expandFunction(id, raw, props, x, o);
    else if (type === 'AWS::Serverless::Api') expandApi(id, raw, props, x);
    else if (type === 'AWS::Serverless::SimpleTable') x.resources[id] = simpleTable(raw, props);
    else if (type === 'AWS::Serverless::LayerVersion') layer(id, raw, props, x);
    else if (type === 'AWS::Serverless::Application') x.resources[id] = application(raw, props);
    else x.resources[id] = raw;
  }
  implicitApi(x);
  if (x.errors.length > 0) throw new InvalidServerlessDocument(x.errors);
  const out: TemplateObject = { ...template };
  delete out['Globals'];
  out['Resources'] = rename(x.resources, x.renamed);
  if (out['Outputs'] !== undefined) out['Outputs'] = rename(out['Outputs'], x.renamed);
  return out;
}
