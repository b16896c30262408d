/**
 * Physical names CloudFormation generates for resources without an explicit name: the stack name, the logical
 * id and a random suffix, shortened to the type's length limit (S3 buckets in lower case).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html
 * Deviation: AWS shortens the stack-name and logical-id parts by its own proportions; we cut each to fit.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function suffix(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

export function generatedName(stackName: string, logicalId: string, opts: { max?: number; lowerCase?: boolean } = {}): string {
  const max = opts.max ?? 128;
  const tail = suffix(12);
  let stackPart = stackName;
  let logicalPart = logicalId;
  const room = max - tail.length - 2;
  if (stackPart.length + logicalPart.length > room) {
    const half = Math.floor(room / 2);
    if (stackPart.length > half && logicalPart.length > room - half) {
      stackPart = stackPart.slice(0, half);
      logicalPart = logicalPart.slice(0, room - half);
    } else if (stackPart.length > half) {
      stackPart = stackPart.slice(0, room - logicalPart.length);
    } else {
      logicalPart = logicalPart.slice(0, room - stackPart.length);
    }
  }
  const name = `${stackPart}-${logicalPart}-${tail}`;
  return opts.lowerCase ? name.toLowerCase() : name;
}
