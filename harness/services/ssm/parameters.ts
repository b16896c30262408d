/**
 * Parameter Store: PutParameter, GetParameter, GetParameters, DeleteParameter.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html (and the others')
 * IAM: ssm:<Operation> on the parameter's ARN (GetParameters: ssm:GetParameters on each parameter named, so one
 * refused name refuses the call). SecureString values are encrypted by KMS as the caller, through SSM
 * (kms:ViaService ssm.<region>.amazonaws.com, encryption context {"PARAMETER_ARN": <arn>}), and decrypted the same
 * way for WithDecryption: whoever may not use the key cannot write or read the value, in KMS's words.
 * https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html
 * Known deviations: a SecureString without KeyId (the AWS managed key aws/ssm, which the emulated KMS does not
 * hold) is kept unencrypted and read back as is; names are checked for length only (not for AWS's reserved "aws"/"ssm"
 * prefixes or hierarchy depth); no tags, tiers, labels, policies or history.
 */
import type { DecryptCommandInput, DecryptCommandOutput, EncryptCommandInput, EncryptCommandOutput } from '@aws-sdk/client-kms';
import type { Parameter } from '@aws-sdk/client-ssm';
import { isAwsError } from '../../core/errors.js';
import { bool, str } from '../params.js';
import type { AuthCheck, OperationContext, Out } from '../types.js';
import { fromKms, ParameterAlreadyExists, ParameterNotFound, ValidationException } from './errors.js';
import type { SsmOperation } from './operation-names.js';
import { findParameter, parameterAddress, parameterArn, parametersStore, SERVICE, type ParameterRecord, type ParameterType } from './store.js';

const NAME = { required: true, min: 1, max: 2048 } as const;
const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];

function callerAccount(ctx: OperationContext): string {
  return ctx.principal.account ?? '';
}

interface Named {
  arn: string;
  account: string;
  region: string;
  name: string;
  found?: ParameterRecord;
}

/** `byArn`: reads take a name or an ARN; PutParameter takes only a name ("You can't enter the ARN", its API reference). */
function named(ctx: OperationContext, id: string, byArn = true): Named {
  const address = byArn ? parameterAddress(id, ctx.region, callerAccount(ctx)) : { account: callerAccount(ctx), region: ctx.region, name: id };
  const found = findParameter(ctx.world, address);
  return { ...address, arn: found?.ARN ?? parameterArn(address.region, address.account, address.name), found };
}

const check = (action: string, p: Named): AuthCheck => ({ action: `${SERVICE}:${action}`, resource: p.arn, resourceAccount: p.account });

function via(ctx: OperationContext) {
  return { via: { calledVia: 'ssm.amazonaws.com', viaService: `ssm.${ctx.region}.amazonaws.com` } };
}

/** KMS called as the caller through SSM; its refusals are SSM's answer. Internal calls pass the SDK's typed input. */
async function kms<I, O>(ctx: OperationContext, operation: string, input: I): Promise<O> {
  try {
    return await ctx.invoke<O>('kms', operation, input, via(ctx));
  } catch (e) {
    throw isAwsError(e) ? fromKms(e) : e;
  }
}

async function decrypted(ctx: OperationContext, p: ParameterRecord, withDecryption: boolean): Promise<string> {
  if (p.Type !== 'SecureString' || !withDecryption || p.KeyId === undefined) return p.Value;
  const out = await kms<DecryptCommandInput, Out<DecryptCommandOutput>>(ctx, 'Decrypt', {
    CiphertextBlob: Buffer.from(p.Value, 'base64'),
    EncryptionContext: { PARAMETER_ARN: p.ARN },
  });
  return Buffer.from(out.Plaintext!).toString('utf8');
}

async function shape(ctx: OperationContext, p: ParameterRecord, withDecryption: boolean): Promise<Parameter> {
  return {
    Name: p.Name,
    Type: p.Type,
    Value: await decrypted(ctx, p, withDecryption),
    Version: p.Version,
    LastModifiedDate: p.LastModifiedDate,
    ARN: p.ARN,
    DataType: p.DataType,
  };
}

interface PutResolved extends Named {
  type: ParameterType;
  value: string;
}

const PutParameter: SsmOperation<'PutParameter', PutResolved> = {
  resolve(ctx, input) {
    const p = named(ctx, str('ValidationException', input, 'Name', NAME), false);
    const value = str('ValidationException', input, 'Value', { required: true, min: 0, max: 8192 });
    const type = (input.Type as ParameterType | undefined) ?? p.found?.Type;
    if (type === undefined) throw ValidationException('A parameter type is required when you create a parameter.');
    if (!TYPES.includes(type)) throw ValidationException(`1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`);
    if (p.found && !(bool(input, 'Overwrite') ?? false)) throw ParameterAlreadyExists();
    return { ...p, type, value };
  },
  authorize: (_ctx, _input, p) => check('PutParameter', p),
  async handler(ctx, input, p) {
    const keyId = p.type === 'SecureString' ? (input.KeyId ?? undefined) : undefined;
    let value = p.value;
    if (keyId !== undefined) {
      const out = await kms<EncryptCommandInput, Out<EncryptCommandOutput>>(ctx, 'Encrypt', {
        KeyId: keyId,
        Plaintext: Buffer.from(value, 'utf8'),
        EncryptionContext: { PARAMETER_ARN: p.arn },
      });
      value = Buffer.from(out.CiphertextBlob!).toString('base64');
    }
    const record: ParameterRecord = {
      Name: p.name,
      ARN: p.arn,
      account: p.account,
      region: p.region,
      Type: p.type,
      Value: value,
      KeyId: keyId,
      Description: input.Description ?? p.found?.Description,
      DataType: input.DataType ?? 'text',
      Version: (p.found?.Version ?? 0) + 1,
      LastModifiedDate: ctx.now(),
    };
    parametersStore(ctx.world.account(p.account)!, p.region).parameters.set(p.found?.Name ?? p.name, record);
    return { Version: record.Version, Tier: 'Standard' };
  },
};

const GetParameter: SsmOperation<'GetParameter', Named> = {
  resolve: (ctx, input) => named(ctx, str('ValidationException', input, 'Name', NAME)),
  authorize: (_ctx, _input, p) => check('GetParameter', p),
  async handler(ctx, input, p) {
    if (!p.found) throw ParameterNotFound();
    return { Parameter: await shape(ctx, p.found, bool(input, 'WithDecryption') ?? false) };
  },
};

const GetParameters: SsmOperation<'GetParameters', Array<Named & { id: string }>> = {
  resolve(ctx, input) {
    const names = input.Names ?? [];
    if (names.length < 1 || names.length > 10) {
      throw ValidationException(`1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length ${names.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10'}`);
    }
    return [...new Set(names)].map((id) => ({ ...named(ctx, id), id }));
  },
  authorize: (_ctx, _input, ps) => ps.map((p) => check('GetParameters', p)),
  async handler(ctx, input, ps) {
    const withDecryption = bool(input, 'WithDecryption') ?? false;
    const Parameters: Parameter[] = [];
    const InvalidParameters: string[] = [];
    for (const p of ps) {
      if (p.found) Parameters.push(await shape(ctx, p.found, withDecryption));
      else InvalidParameters.push(p.id);
    }
    return { Parameters, InvalidParameters };
  },
};

const DeleteParameter: SsmOperation<'DeleteParameter', Named> = {
  resolve: (ctx, input) => named(ctx, str('ValidationException', input, 'Name', NAME)),
  authorize: (_ctx, _input, p) => check('DeleteParameter', p),
  handler(ctx, _input, p) {
    if (!p.found) throw ParameterNotFound();
    parametersStore(ctx.world.account(p.found.account)!, p.found.region).parameters.delete(p.found.Name);
    return {};
  },
};

export const parameterOperations = { PutParameter, GetParameter, GetParameters, DeleteParameter };
