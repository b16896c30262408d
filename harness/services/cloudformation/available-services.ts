/**
 * Which services the emulator speaks right now: a resource type (or a TemplateURL) needing a service that is not
 * registered is reported as unsupported rather than failing inside the request path.
 */
import { serviceRegistry } from '../registry.js';

let names: ReadonlySet<string> | undefined;

export function hasService(name: string): boolean {
  names ??= new Set(serviceRegistry().keys());
  return names.has(name);
}
