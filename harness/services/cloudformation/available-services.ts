/**
 * Which services the emulator speaks: a resource type (or a TemplateURL) needing a service that is not registered
 * is reported as unsupported rather than failing inside the request path.
 */
import { serviceCatalog } from '../registry.js';

export function hasService(name: string): boolean {
  return serviceCatalog().has(name);
}
