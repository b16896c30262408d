/**
 * Names a decoder refuses as member names: the three that reach a prototype when a decoded value is assigned or
 * merged into an ordinary object (`obj.__proto__ = …`, `obj.constructor.prototype.x = …`).
 * No AWS service model names a member `__proto__`, `constructor` or `prototype` (AWS members are PascalCase in
 * the query and REST-XML services, and KMS's; CodePipeline's camelCase members are none of these), so refusing
 * them loses no valid request. AWS itself would ignore an unknown member; refusing instead is a deliberate
 * deviation, made so a decoded request can never carry one of these names into code that copies it.
 */
const RESERVED: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isReservedName(name: string): boolean {
  return RESERVED.has(name);
}
