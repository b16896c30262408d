/**
 * Loading users' TypeScript (scenario files, a `--stacks` module) when xacct itself runs compiled from dist/: the
 * tsx loader is registered on first need. Running from the sources, tsx is already active.
 */
import { COMPILED } from '../runtime.js';

let active = !COMPILED;

export async function ensureTypeScript(file: string): Promise<void> {
  if (active || !/\.[cm]?tsx?$/.test(file)) return;
  const { register } = await import('tsx/esm/api');
  register();
  active = true;
}
