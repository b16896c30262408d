/**
 * XML building shared by the query and REST-XML protocols (fast-xml-parser's builder).
 * Values: Date -> ISO 8601 with milliseconds (as AWS's query services write them), boolean -> true/false,
 * arrays -> repeated <member> (query) or a caller-chosen element name; an object marked with `xmlMap` -> the query
 * protocol's map, repeated <entry><key>…</key><value>…</value></entry> (SNS's topic Attributes).
 */
import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false });

export function toXml(root: string, body: unknown, attrs: Record<string, string> = {}): string {
  const node: Record<string, unknown> = { ...prepare(body, 'member') as Record<string, unknown> };
  for (const [k, v] of Object.entries(attrs)) node[`@_${k}`] = v;
  return '<?xml version="1.0" encoding="UTF-8"?>' + builder.build({ [root]: node });
}

const XML_MAP = Symbol('xml map');

/**
 * Marks a string map of an output as a map for the XML encoder. The object stays the plain record the SDK types it
 * as (the mark is a symbol, invisible to JSON and to internal callers).
 */
export function xmlMap<T extends Record<string, string>>(map: T): T {
  Object.defineProperty(map, XML_MAP, { value: true });
  return map;
}

/** Converts a plain value into the builder's shape; lists become {member: [...]}. */
export function prepare(value: unknown, listItem: string): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && XML_MAP in value) {
    return { entry: Object.entries(value as Record<string, string>).map(([key, v]) => ({ key, value: v })) };
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return { [listItem]: value.map((v) => prepare(v, listItem)) };
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object') {
    // Defined, not assigned: a map key `__proto__` from a request stays an ordinary member of the output.
    const entries: Array<[string, unknown]> = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = prepare(v, listItem);
      if (p !== undefined) entries.push([k, p]);
    }
    return Object.fromEntries(entries);
  }
  if (typeof value === 'string') return value;
  return String(value);
}
