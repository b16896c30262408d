/**
 * aws_lambda_function -> Lambda CreateFunction
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function).
 * The code is stored as given, never run: `filename` (a local zip, read relative to the configuration),
 * `s3_bucket`/`s3_key`/`s3_object_version`, or `image_uri`. The execution role is passed to Lambda with the
 * caller's iam:PassRole, and Lambda checks it can assume it (harness/services/lambda/execution-role.ts).
 * Deviations: VPC, layers, dead-letter, tracing, file systems, snap start and logging settings are accepted and not
 * applied; `publish` creates no version.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateFunctionCommand, type CreateFunctionCommandInput, type CreateFunctionCommandOutput } from '@aws-sdk/client-lambda';
import { block, num, reqStr, str, stringMap } from '../args.js';
import type { ResourceMapper } from '../types.js';

export const awsLambdaFunction: ResourceMapper = {
  type: 'aws_lambda_function',
  schema: {
    function_name: 'value',
    role: 'value',
    handler: 'value',
    runtime: 'value',
    description: 'value',
    timeout: 'value',
    memory_size: 'value',
    package_type: 'value',
    filename: 'value',
    s3_bucket: 'value',
    s3_key: 'value',
    s3_object_version: 'value',
    image_uri: 'value',
    source_code_hash: 'ignored',
    publish: 'ignored',
    architectures: 'ignored',
    layers: 'ignored',
    kms_key_arn: 'ignored',
    reserved_concurrent_executions: 'ignored',
    tags: 'value',
    environment: { block: { variables: 'value' } },
    vpc_config: 'ignored',
    tracing_config: 'ignored',
    dead_letter_config: 'ignored',
    ephemeral_storage: 'ignored',
    logging_config: 'ignored',
    file_system_config: 'ignored',
    image_config: 'ignored',
    snap_start: 'ignored',
  },
  required: ['function_name', 'role'],
  computed: ['arn', 'id', 'invoke_arn', 'qualified_arn', 'version', 'last_modified', 'source_code_size', 'code_sha256'],
  async create(args, ctx) {
    const name = reqStr(args, 'function_name');
    const filename = str(args, 'filename');
    const input: CreateFunctionCommandInput = {
      FunctionName: name,
      Role: reqStr(args, 'role'),
      Handler: str(args, 'handler'),
      Runtime: str(args, 'runtime') as CreateFunctionCommandInput['Runtime'],
      Description: str(args, 'description'),
      Timeout: num(args, 'timeout'),
      MemorySize: num(args, 'memory_size'),
      PackageType: str(args, 'package_type') as CreateFunctionCommandInput['PackageType'],
      Code: {
        ...(filename !== undefined ? { ZipFile: readFileSync(resolve(ctx.baseDir, filename)) } : {}),
        S3Bucket: str(args, 's3_bucket'),
        S3Key: str(args, 's3_key'),
        S3ObjectVersion: str(args, 's3_object_version'),
        ImageUri: str(args, 'image_uri'),
      },
      Tags: stringMap(args, 'tags'),
    };
    const environment = block(args, 'environment');
    const variables = environment ? stringMap(environment, 'variables') : undefined;
    if (variables) input.Environment = { Variables: variables };
    const out = (await ctx.clients.lambda.send(new CreateFunctionCommand(input))) as CreateFunctionCommandOutput;
    const arn = out.FunctionArn!;
    return {
      arn,
      id: name,
      invoke_arn: `arn:${ctx.partition}:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
      qualified_arn: `${arn}:$LATEST`,
      version: '$LATEST',
      last_modified: out.LastModified ?? '',
      source_code_size: out.CodeSize ?? 0,
      code_sha256: out.CodeSha256 ?? '',
    };
  },
};
