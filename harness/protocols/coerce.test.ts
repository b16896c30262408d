/**
 * Coercion of decoded wire values into the SDK's XCommandInput shapes, with the real schemas of the installed SDK
 * clients. Sources for the error wordings are in coerce-errors.ts (query: STS's MalformedInput recorded in
 * https://github.com/aws-azure-login/aws-azure-login/pull/30, boolean wordings probed by floci's SES tests; JSON:
 * Coral's SerializationException as kms.test.ts asserts it). The REST-XML factory here stands in for S3's own.
 */
import { AssumeRole$, AssumeRoleRequest$, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { CreateRole$, ListPolicies$, ListRoles$, type CreateRoleCommandInput, type ListRolesCommandInput } from '@aws-sdk/client-iam';
import { CreateStack$, type CreateStackCommandInput } from '@aws-sdk/client-cloudformation';
import { CreateGrant$, Encrypt$, GenerateDataKey$, ImportKeyMaterial$, type EncryptCommandInput } from '@aws-sdk/client-kms';
import { CreatePipeline$, type CreatePipelineCommandInput } from '@aws-sdk/client-codepipeline';
import { DeleteObjects$, ListObjectsV2$, PutBucketPolicy$, PutObject$, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { NormalizedSchema } from '@smithy/core/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsError } from '../core/errors.js';
import { coerceInput, type SchemaRef, type TypeProblem } from './coerce.js';
import { jsonTypeError, queryTypeError } from './coerce-errors.js';
import { inputSchemaOf, planOf } from './coerce-plan.js';
import { restXmlInput, type RestRequestParts } from './coerce-rest.js';
import { decodeQueryParams } from './query.js';

const query = <T>(schema: SchemaRef, pairs: Array<[string, string]>): T => coerceInput<T>(schema, decodeQueryParams(pairs), { wire: 'query', typeError: queryTypeError });
const json = <T>(schema: SchemaRef, body: unknown): T => coerceInput<T>(schema, body, { wire: 'json', typeError: jsonTypeError });

/** S3's wording is S3's (InvalidArgument naming the header or parameter, MalformedXML); this stands in for it. */
const restProblems: TypeProblem[] = [];
function s3TypeError(p: TypeProblem): AwsError {
  restProblems.push(p);
  if (p.expected === 'payload' || p.binding?.location === 'payload') {
    return new AwsError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  return new AwsError('InvalidArgument', 400, `Invalid ${p.binding?.name}`, { fields: { ArgumentName: p.binding?.name ?? '', ArgumentValue: String(p.value) } });
}
const rest = <T>(schema: SchemaRef, parts: Partial<RestRequestParts>): T =>
  restXmlInput<T>(schema, { headers: {}, query: [], labels: {}, body: Buffer.alloc(0), ...parts }, s3TypeError);

function caught(fn: () => unknown): { code: string; status: number; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return { code: e.code, status: e.status, message: e.message };
    throw e;
  }
  throw new Error('expected an AwsError');
}

const MALFORMED_INTEGER = { code: 'MalformedInput', status: 400, message: 'Invalid Argument.' };
const serialization = (message: string) => ({ code: 'SerializationException', status: 400, message });

/** Every object in the value has no prototype (arrays, Dates and Buffers aside). */
function prototypeFree(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(prototypeFree);
  if (value === null || typeof value !== 'object' || value instanceof Date || Buffer.isBuffer(value)) return true;
  return Object.getPrototypeOf(value) === null && Object.values(value).every(prototypeFree);
}

afterEach(() => {
  // Nothing a request names may land on Object.prototype.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  restProblems.length = 0;
});

describe('query protocol (STS, IAM, CloudFormation)', () => {
  it('types STS AssumeRole: DurationSeconds, PolicyArns, Tags, TransitiveTagKeys; unknown parameters dropped', () => {
    const input = query<AssumeRoleCommandInput>(AssumeRole$, [
      ['RoleArn', 'arn:aws:iam::111111111111:role/deploy'],
      ['RoleSessionName', 'pipeline'],
      ['DurationSeconds', '3600'],
      ['PolicyArns.member.1.arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
      ['PolicyArns.member.2.arn', 'arn:aws:iam::111111111111:policy/extra'],
      ['Tags.member.1.Key', 'team'],
      ['Tags.member.1.Value', 'build'],
      ['TransitiveTagKeys.member.1', 'team'],
      ['NotAMember', 'x'],
    ]);
    expect(input).toEqual({
      RoleArn: 'arn:aws:iam::111111111111:role/deploy',
      RoleSessionName: 'pipeline',
      DurationSeconds: 3600,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::111111111111:policy/extra' }],
      Tags: [{ Key: 'team', Value: 'build' }],
      TransitiveTagKeys: ['team'],
    });
    expect(Object.hasOwn(input, 'NotAMember')).toBe(false);
    expect(prototypeFree(input)).toBe(true);
  });

  it('reads the operation schema and its input structure alike, from one cached plan', () => {
    const pairs: Array<[string, string]> = [['RoleArn', 'a'], ['RoleSessionName', 's']];
    expect(query(AssumeRole$, pairs)).toEqual(query(AssumeRoleRequest$, pairs));
    expect(planOf(inputSchemaOf(AssumeRole$))).toBe(planOf(AssumeRoleRequest$));
    expect(planOf(NormalizedSchema.of(AssumeRoleRequest$))).toBe(planOf(AssumeRoleRequest$));
  });

  it('refuses integers that are not strict 32-bit decimal digits with MalformedInput', () => {
    for (const bad of ['1e3', '900.0', ' 900', '0x384', '99999999999', '2147483648', '+5', 'abc']) {
      expect(caught(() => query(AssumeRole$, [['DurationSeconds', bad]])), bad).toEqual(MALFORMED_INTEGER);
    }
    expect(query<AssumeRoleCommandInput>(AssumeRole$, [['DurationSeconds', '-2147483648']]).DurationSeconds).toBe(-2147483648);
    // An empty value is no value, as the handlers read it today.
    expect(Object.hasOwn(query(AssumeRole$, [['DurationSeconds', '']]), 'DurationSeconds')).toBe(false);
  });

  it('types IAM CreateRole and ListRoles MaxItems', () => {
    expect(
      query<CreateRoleCommandInput>(CreateRole$, [
        ['RoleName', 'deploy'],
        ['AssumeRolePolicyDocument', '{}'],
        ['MaxSessionDuration', '7200'],
        ['Tags.member.1.Key', 'k'],
        ['Tags.member.1.Value', 'v'],
      ]),
    ).toEqual({ RoleName: 'deploy', AssumeRolePolicyDocument: '{}', MaxSessionDuration: 7200, Tags: [{ Key: 'k', Value: 'v' }] });
    expect(query<ListRolesCommandInput>(ListRoles$, [['MaxItems', '10']])).toEqual({ MaxItems: 10 });
    expect(caught(() => query(ListRoles$, [['MaxItems', 'abc']]))).toEqual(MALFORMED_INTEGER);
    expect(caught(() => query(ListRoles$, [['MaxItems', '1e2']]))).toEqual(MALFORMED_INTEGER);
  });

  it('reads booleans as xsd:boolean and words the refusals as AWS does', () => {
    expect(query(ListPolicies$, [['OnlyAttached', 'true']])).toEqual({ OnlyAttached: true });
    expect(query(ListPolicies$, [['OnlyAttached', '0']])).toEqual({ OnlyAttached: false });
    expect(caught(() => query(ListPolicies$, [['OnlyAttached', 'TRUE']]))).toEqual({
      code: 'MalformedInput',
      status: 400,
      message: 'boolean must follow xsd1.1 definition',
    });
    expect(caught(() => query(ListPolicies$, [['OnlyAttached', '']]))).toEqual({ code: 'MalformedInput', status: 400, message: 'missing value for boolean type' });
  });

  it('answers a list where a string belongs with the validation wording, and a scalar where a list belongs with MalformedInput', () => {
    expect(caught(() => query(CreateRole$, [['RoleName.member.1', 'x']]))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: `1 validation error detected: Value '["x"]' at 'roleName' failed to satisfy constraint: Member must be a string`,
    });
    expect(caught(() => query(AssumeRole$, [['Tags.member.1.Key.member.1', 'x']]))).toEqual({
      code: 'ValidationError',
      status: 400,
      message: `1 validation error detected: Value '["x"]' at 'tags.1.member.key' failed to satisfy constraint: Member must be a string`,
    });
    expect(caught(() => query(AssumeRole$, [['PolicyArns', 'arn:aws:iam::aws:policy/x']]))).toEqual(MALFORMED_INTEGER);
    // `PolicyArns=` is how the query protocol sends an empty list.
    expect(query(AssumeRole$, [['PolicyArns', '']])).toEqual({ PolicyArns: [] });
  });

  it('types CloudFormation CreateStack: Parameters, Capabilities, Tags, booleans and TimeoutInMinutes', () => {
    expect(
      query<CreateStackCommandInput>(CreateStack$, [
        ['StackName', 'app'],
        ['TemplateBody', '{}'],
        ['Parameters.member.1.ParameterKey', 'Env'],
        ['Parameters.member.1.ParameterValue', 'prod'],
        ['Parameters.member.2.ParameterKey', 'Old'],
        ['Parameters.member.2.UsePreviousValue', 'true'],
        ['Capabilities.member.1', 'CAPABILITY_IAM'],
        ['Capabilities.member.2', 'CAPABILITY_NAMED_IAM'],
        ['Tags.member.1.Key', 'k'],
        ['Tags.member.1.Value', 'v'],
        ['DisableRollback', 'false'],
        ['TimeoutInMinutes', '30'],
      ]),
    ).toEqual({
      StackName: 'app',
      TemplateBody: '{}',
      Parameters: [{ ParameterKey: 'Env', ParameterValue: 'prod' }, { ParameterKey: 'Old', UsePreviousValue: true }],
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      Tags: [{ Key: 'k', Value: 'v' }],
      DisableRollback: false,
      TimeoutInMinutes: 30,
    });
  });

  it('never carries __proto__ or constructor into the output', () => {
    const wire = decodeQueryParams([['RoleArn', 'a'], ['RoleSessionName', 's']]);
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "RoleArn": "a"}') as Record<string, unknown>;
    const input = coerceInput<Record<string, unknown>>(AssumeRole$, { ...wire, ...hostile }, { wire: 'query', typeError: queryTypeError });
    expect(Object.keys(input)).toEqual(['RoleArn', 'RoleSessionName']);
    expect(Object.getPrototypeOf(input)).toBeNull();
  });
});

describe('query and XML wire names from the model (xmlName, xmlFlattened, renamed list members)', () => {
  // A schema in the SDK's static format: structure [3, namespace, name, traits, member names, member schemas].
  const Item = [3, 'test', 'Item', 0, ['Name'], [[0, { xmlName: 'name' }]]] as const;
  const Wrapped = [1, 'test', 'Wrapped', 0, [() => Item, { xmlName: 'item' }]] as const;
  const Input = [
    3,
    'test',
    'Input',
    0,
    ['Flat', 'Renamed', 'When'],
    [
      [64 | 0, { xmlFlattened: 1, xmlName: 'FlatItem' }],
      [() => Wrapped, 0],
      [5, 0],
    ],
  ] as unknown as SchemaRef;

  it('reads flattened lists, renamed items and members, and date-time timestamps from query parameters', () => {
    const input = query(Input, [
      ['FlatItem.2', 'b'],
      ['FlatItem.1', 'a'],
      ['Renamed.item.1.name', 'x'],
      ['When', '2030-01-02T03:04:05Z'],
    ]);
    expect(input).toEqual({ Flat: ['a', 'b'], Renamed: [{ Name: 'x' }], When: new Date('2030-01-02T03:04:05Z') });
    expect(caught(() => query(Input, [['When', 'tomorrow']]))).toEqual(MALFORMED_INTEGER);
  });
});

describe('JSON 1.1 protocol (KMS, CodePipeline)', () => {
  it('types KMS Encrypt: base64 Plaintext into bytes, EncryptionContext into a map without prototype, GrantTokens', () => {
    const body = JSON.parse('{"KeyId":"alias/a","Plaintext":"aGVsbG8=","EncryptionContext":{"__proto__":"x","constructor":"y","k":"v"},"GrantTokens":["t"],"Extra":1}') as unknown;
    const input = json<EncryptCommandInput>(Encrypt$, body);
    expect(Buffer.isBuffer(input.Plaintext)).toBe(true);
    expect(Buffer.from(input.Plaintext!).toString()).toBe('hello');
    expect(input.GrantTokens).toEqual(['t']);
    const context = input.EncryptionContext!;
    expect(Object.getPrototypeOf(context)).toBeNull();
    expect(Object.keys(context)).toEqual(['__proto__', 'constructor', 'k']);
    expect(context['__proto__']).toBe('x');
    expect(Object.hasOwn(input, 'Extra')).toBe(false);
    expect(prototypeFree(input)).toBe(true);
  });

  it('types KMS CreateGrant Constraints maps and GenerateDataKey NumberOfBytes, and ImportKeyMaterial ValidTo from epoch seconds', () => {
    expect(
      json(CreateGrant$, {
        KeyId: 'k',
        GranteePrincipal: 'arn:aws:iam::222222222222:role/r',
        Operations: ['Decrypt'],
        Constraints: { EncryptionContextSubset: { a: 'b' }, EncryptionContextEquals: { c: 'd' } },
        GrantTokens: ['g1', 'g2'],
        DryRun: false,
      }),
    ).toEqual({
      KeyId: 'k',
      GranteePrincipal: 'arn:aws:iam::222222222222:role/r',
      Operations: ['Decrypt'],
      Constraints: { EncryptionContextSubset: { a: 'b' }, EncryptionContextEquals: { c: 'd' } },
      GrantTokens: ['g1', 'g2'],
      DryRun: false,
    });
    expect(json(GenerateDataKey$, { KeyId: 'k', NumberOfBytes: 32 })).toEqual({ KeyId: 'k', NumberOfBytes: 32 });
    expect(json(ImportKeyMaterial$, { KeyId: 'k', ValidTo: 1893456000 })).toEqual({ KeyId: 'k', ValidTo: new Date('2030-01-01T00:00:00Z') });
  });

  it('refuses mistyped members with SerializationException worded by the JSON token found', () => {
    const cases: Array<[unknown, string]> = [
      ['32', 'STRING_VALUE can not be converted to an Integer'],
      [true, 'TRUE_VALUE can not be converted to an Integer'],
      [[32], 'Start of list found where not expected'],
      [{ n: 32 }, 'Start of structure or map found where not expected.'],
    ];
    for (const [value, message] of cases) expect(caught(() => json(GenerateDataKey$, { KeyId: 'k', NumberOfBytes: value }))).toEqual(serialization(message));
    expect(caught(() => json(Encrypt$, { KeyId: 7 }))).toEqual(serialization('NUMBER_VALUE can not be converted to a String'));
    expect(caught(() => json(Encrypt$, { KeyId: 'k', Plaintext: 'not base64!' }))).toEqual(serialization('STRING_VALUE can not be converted to a Blob'));
    expect(caught(() => json(Encrypt$, { KeyId: 'k', EncryptionContext: ['a'] }))).toEqual(serialization('Start of list found where not expected'));
    expect(caught(() => json(Encrypt$, { KeyId: 'k', EncryptionContext: { a: 1 } }))).toEqual(serialization('NUMBER_VALUE can not be converted to a String'));
    expect(caught(() => json(Encrypt$, { KeyId: 'k', GrantTokens: 't' }))).toEqual(serialization('STRING_VALUE can not be converted to a List'));
    expect(caught(() => json(Encrypt$, { KeyId: 'k', GrantTokens: [null] }))).toEqual(serialization('NULL_VALUE can not be converted to a String'));
    expect(caught(() => json(CreateGrant$, { KeyId: 'k', DryRun: 'false' }))).toEqual(serialization('STRING_VALUE can not be converted to a Boolean'));
    expect(caught(() => json(ImportKeyMaterial$, { KeyId: 'k', ValidTo: 'soon' }))).toEqual(serialization('STRING_VALUE can not be converted to a Timestamp'));
  });

  it('reads null members as absent', () => {
    expect(json(Encrypt$, { KeyId: 'k', EncryptionContext: null, GrantTokens: null })).toEqual({ KeyId: 'k' });
  });

  it('types CodePipeline CreatePipeline through nested structures, lists and maps, dropping unknown members', () => {
    const pipeline = {
      name: 'p',
      roleArn: 'arn:aws:iam::111111111111:role/pipeline',
      artifactStore: { type: 'S3', location: 'artifacts', encryptionKey: { id: 'arn:aws:kms:us-east-1:111111111111:key/k', type: 'KMS' }, color: 'blue' },
      stages: [
        {
          name: 'Deploy',
          actions: [
            {
              name: 'cfn',
              actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
              runOrder: 1,
              configuration: { ActionMode: 'CREATE_UPDATE', StackName: 'app' },
              inputArtifacts: [{ name: 'build' }],
              roleArn: 'arn:aws:iam::222222222222:role/action',
            },
          ],
        },
      ],
      version: 1,
    };
    const input = json<CreatePipelineCommandInput>(CreatePipeline$, { pipeline, tags: [{ key: 'k', value: 'v' }] });
    const { color: _dropped, ...artifactStore } = pipeline.artifactStore;
    expect(input).toEqual({ pipeline: { ...pipeline, artifactStore }, tags: [{ key: 'k', value: 'v' }] });
    expect(prototypeFree(input)).toBe(true);
    const badRunOrder = { ...pipeline, stages: [{ ...pipeline.stages[0]!, actions: [{ ...pipeline.stages[0]!.actions[0]!, runOrder: '1' }] }] };
    expect(caught(() => json(CreatePipeline$, { pipeline: badRunOrder }))).toEqual(serialization('STRING_VALUE can not be converted to an Integer'));
  });
});

describe('REST-XML bindings from the model (S3)', () => {
  it('types PutObject from labels, headers (ContentLength, Expires http-date, BucketKeyEnabled, retain-until date-time), x-amz-meta-* and the body', () => {
    const body = Buffer.from('hello');
    const input = rest<PutObjectCommandInput>(PutObject$, {
      labels: { Bucket: 'artifacts', Key: 'pipe/build.zip' },
      headers: {
        'content-length': '5',
        'content-type': 'application/zip',
        expires: 'Wed, 21 Oct 2015 07:28:00 GMT',
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-bucket-key-enabled': 'true',
        'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00.000Z',
        'x-amz-meta-owner': 'build',
        'x-amz-meta-__proto__': 'p',
        'x-amz-unknown': 'dropped',
      },
      body,
    });
    const { Metadata, ...typed } = input;
    expect(typed).toEqual({
      Bucket: 'artifacts',
      Key: 'pipe/build.zip',
      ContentLength: 5,
      ContentType: 'application/zip',
      Expires: new Date('2015-10-21T07:28:00Z'),
      ServerSideEncryption: 'aws:kms',
      BucketKeyEnabled: true,
      ObjectLockRetainUntilDate: new Date('2030-01-01T00:00:00Z'),
      Body: body,
    });
    // Metadata keys are the caller's names: `__proto__` is an ordinary key of a map without prototype.
    expect(Object.getPrototypeOf(Metadata)).toBeNull();
    expect(Object.entries(Metadata!)).toEqual([['owner', 'build'], ['__proto__', 'p']]);
    expect(input.Body).toBe(body);
    expect(prototypeFree(input)).toBe(true);
  });

  it('hands each mistyped header to the service with its name, never passing the raw value through', () => {
    const cases: Array<[string, string, TypeProblem['expected']]> = [
      ['content-length', 'five', 'number'],
      ['expires', '2015-10-21', 'timestamp'],
      ['x-amz-server-side-encryption-bucket-key-enabled', 'yes', 'boolean'],
      ['x-amz-object-lock-retain-until-date', 'Wed, 21 Oct 2015 07:28:00 GMT', 'timestamp'],
    ];
    for (const [header, value, expected] of cases) {
      expect(caught(() => rest(PutObject$, { labels: { Bucket: 'b', Key: 'k' }, headers: { [header]: value } }))).toEqual({
        code: 'InvalidArgument',
        status: 400,
        message: `Invalid ${header}`,
      });
      expect(restProblems.pop()).toMatchObject({ expected, value, binding: { location: 'header', name: header } });
    }
  });

  it('types ListObjectsV2 query parameters (max-keys, fetch-owner) and refuses a max-keys that is not an integer', () => {
    expect(
      rest(ListObjectsV2$, {
        labels: { Bucket: 'b' },
        query: [['list-type', '2'], ['max-keys', '1000'], ['fetch-owner', 'true'], ['prefix', 'a/'], ['max-keys', '5']],
      }),
    ).toEqual({ Bucket: 'b', MaxKeys: 1000, FetchOwner: true, Prefix: 'a/' });
    expect(caught(() => rest(ListObjectsV2$, { labels: { Bucket: 'b' }, query: [['max-keys', '1.5']] }))).toEqual({ code: 'InvalidArgument', status: 400, message: 'Invalid max-keys' });
    expect(restProblems.pop()).toMatchObject({ expected: 'number', value: '1.5', path: ['MaxKeys'], binding: { location: 'query', name: 'max-keys' } });
  });

  it('takes PutBucketPolicy\'s payload as a string', () => {
    const policy = '{"Version":"2012-10-17","Statement":[]}';
    expect(rest(PutBucketPolicy$, { labels: { Bucket: 'b' }, body: Buffer.from(policy) })).toEqual({ Bucket: 'b', Policy: policy });
  });

  it('reads DeleteObjects\' XML payload: a one-element Objects list is a list, Quiet a boolean', () => {
    const one = '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a.txt</Key></Object><Quiet>true</Quiet></Delete>';
    expect(rest(DeleteObjects$, { labels: { Bucket: 'b' }, body: Buffer.from(one), headers: { 'x-amz-bypass-governance-retention': 'false' } })).toEqual({
      Bucket: 'b',
      BypassGovernanceRetention: false,
      Delete: { Objects: [{ Key: 'a.txt' }], Quiet: true },
    });
    const two = '<Delete><Object><Key>a</Key><VersionId>1</VersionId></Object><Object><Key>b</Key></Object><__proto__x/></Delete>';
    const input = rest<{ Delete: { Objects: unknown[] } }>(DeleteObjects$, { labels: { Bucket: 'b' }, body: Buffer.from(two) });
    expect(input.Delete.Objects).toEqual([{ Key: 'a', VersionId: '1' }, { Key: 'b' }]);
    expect(prototypeFree(input)).toBe(true);
  });

  it('refuses an XML payload that does not parse or does not fit, through the service\'s factory', () => {
    const malformed = { code: 'MalformedXML', status: 400, message: 'The XML you provided was not well-formed or did not validate against our published schema' };
    for (const body of ['<Delete><Object>', '<!DOCTYPE x><Delete/>', '<Delete><__proto__/></Delete>', '<Delete><Quiet>maybe</Quiet></Delete>', '<Delete><Object><Key><a/></Key></Object></Delete>']) {
      expect(caught(() => rest(DeleteObjects$, { labels: { Bucket: 'b' }, body: Buffer.from(body) })), body).toEqual(malformed);
    }
    expect(restProblems.at(-1)).toMatchObject({ expected: 'string', path: ['Delete', 'Objects', 1, 'Key'], binding: { location: 'payload', name: 'Delete' } });
  });
});
