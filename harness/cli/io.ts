import { parseAccounts, type AccountSpec } from '../world/world.js';

/** Where CLI commands write: stdout for results, stderr for progress and errors. Tests pass their own. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
}

export const processIo: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

/** A user-facing failure: printed as one line without a stack trace, exit status 2 unless given. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/** `--accounts name=id,...` as account specs; a malformed list is a usage error saying what was expected. */
export function accountsOption(value: string): AccountSpec[] {
  try {
    return parseAccounts(value);
  } catch (e) {
    throw new UsageError(`--accounts: ${(e as Error).message} (expected e.g. pipeline=111111111111,target=222222222222)`);
  }
}
