// Checks tool arguments against the same JSON Schema the tool advertises in tools/list, so the
// schema an agent reads and the checks it meets cannot drift apart. Only the keywords our
// schemas use are implemented; each failure names the path ("arguments.limit must be …").

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  enum?: unknown[];
  default?: unknown;
  [keyword: string]: unknown;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const fits = (actual: string, wanted: string) => actual === wanted || (wanted === 'number' && actual === 'integer');

/** A loop, not types.some(closure): arguments are checked on every tools/call. */
function fitsAny(actual: string, wanted: string[]): boolean {
  for (let i = 0; i < wanted.length; i++) if (fits(actual, wanted[i])) return true;
  return false;
}

function shown(value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 60)}…` : json;
}

/** The first problem with `value` under `schema`, as a sentence, or undefined when it fits. */
export function checkSchema(schema: JsonSchema, value: unknown, path: string): string | undefined {
  const { type } = schema;
  if (type !== undefined && !(typeof type === 'string' ? fits(typeOf(value), type) : fitsAny(typeOf(value), type))) {
    const types = Array.isArray(type) ? type : [type];
    return `${path} must be ${types.map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`)).join(' or ')}, got ${shown(value)}`;
  }
  if (schema.enum && !schema.enum.includes(value)) return `${path} must be one of ${schema.enum.map(shown).join(', ')}, got ${shown(value)}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${path} must be ≥ ${schema.minimum}, got ${value}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${path} must be ≤ ${schema.maximum}, got ${value}`;
  }
  if (typeof value === 'string' && schema.minLength !== undefined && value.length < schema.minLength) {
    return `${path} must have at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${path} must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${path} must have at most ${schema.maxItems} items, got ${value.length}`;
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const problem = checkSchema(schema.items, value[i], `${path}[${i}]`);
        if (problem) return problem;
      }
    }
  }
  if (typeOf(value) === 'object') return checkObject(schema, value as Record<string, unknown>, path);
  return undefined;
}

function checkObject(schema: JsonSchema, value: Record<string, unknown>, path: string): string | undefined {
  for (const name of schema.required ?? []) if (value[name] === undefined) return `${path}.${name} is required`;
  const properties = schema.properties ?? {};
  for (const name in value) {
    const property = Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : undefined;
    const rule = property ?? schema.additionalProperties;
    if (rule === false) {
      const known = Object.keys(properties);
      return `${path} has an unknown property '${name}'${known.length ? ` (expected ${known.join(', ')})` : ''}`;
    }
    if (rule && rule !== true) {
      const problem = checkSchema(rule, value[name], `${path}.${name}`);
      if (problem) return problem;
    }
  }
  return undefined;
}
