// Loads docs/openapi.yaml and validates requests and responses against it with Ajv (JSON Schema
// draft 2020-12, the dialect of OpenAPI 3.1).
//
// Every `#/components/schemas/X` reference is rewritten to `pvf-openapi#/$defs/X`, and the
// components are registered with Ajv once as the schema `pvf-openapi`, so a response schema that
// is a $ref, or an inline schema holding $refs, compiles as it is written in the spec.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..');
export const specPath = path.join(repoRoot, 'docs', 'openapi.yaml');

export const JSON_TYPE = 'application/json';
export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const SPEC_ID = 'pvf-openapi';

export function loadSpec(file = specPath) {
  const text = readFileSync(file, 'utf8');
  const doc = YAML.parse(text, { prettyErrors: true, uniqueKeys: true });
  return doc;
}

// Deep copy with component references rewritten for Ajv.
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        out[k] = `${SPEC_ID}#/$defs/${v.slice('#/components/schemas/'.length)}`;
      } else {
        out[k] = rewriteRefs(v);
      }
    }
    return out;
  }
  return node;
}

// Resolves a `#/components/...` reference (responses, parameters, requestBodies) in the spec.
export function resolveRef(spec, obj) {
  let seen = 0;
  while (obj && typeof obj === 'object' && typeof obj.$ref === 'string') {
    if (!obj.$ref.startsWith('#/')) throw new Error(`external $ref not supported: ${obj.$ref}`);
    let target = spec;
    for (const part of obj.$ref.slice(2).split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target = target?.[key];
    }
    if (target === undefined) throw new Error(`unresolved $ref ${obj.$ref}`);
    obj = target;
    if (++seen > 20) throw new Error('$ref loop');
  }
  return obj;
}

export function makeAjv(spec) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  // OpenAPI-only annotations that may appear inside schemas.
  ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
  ajv.addSchema({ $id: SPEC_ID, $defs: rewriteRefs(spec.components?.schemas ?? {}) });
  return ajv;
}

function mediaTypeOf(contentType) {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function formatErrors(errors) {
  return (errors ?? [])
    .slice(0, 12)
    .map((e) => `  ${e.instancePath || '(root)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`)
    .join('\n');
}

export class Contract {
  constructor(spec = loadSpec()) {
    this.spec = spec;
    this.ajv = makeAjv(spec);
    this.cache = new Map();
  }

  // The operation object for a method and a path template ("/assessments/{id}").
  operation(method, template) {
    const item = this.spec.paths?.[template];
    if (!item) throw new Error(`path ${template} is not in openapi.yaml`);
    const op = item[method.toLowerCase()];
    if (!op) throw new Error(`${method.toUpperCase()} ${template} is not in openapi.yaml`);
    return op;
  }

  // Every (method, template) the spec documents.
  operations() {
    const out = [];
    for (const [template, item] of Object.entries(this.spec.paths ?? {})) {
      for (const m of METHODS) if (item[m]) out.push({ method: m.toUpperCase(), template, op: item[m] });
    }
    return out;
  }

  compile(key, schema) {
    if (!this.cache.has(key)) this.cache.set(key, this.ajv.compile(rewriteRefs(schema)));
    return this.cache.get(key);
  }

  // The documented response for a status, or null.
  response(method, template, status) {
    const op = this.operation(method, template);
    const r = op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`];
    return r ? resolveRef(this.spec, r) : null;
  }

  // Checks one response: the status is documented, the content type is one of the documented
  // media types, and a JSON body matches the schema. Returns a list of problems (empty = ok).
  checkResponse(method, template, status, contentType, body) {
    const where = `${method.toUpperCase()} ${template} -> ${status}`;
    const resp = this.response(method, template, status);
    if (!resp) return [`${where}: status ${status} is not documented`];
    const content = resp.content ?? {};
    const media = mediaTypeOf(contentType);
    if (Object.keys(content).length === 0) {
      if (body !== undefined && body !== null && body !== '')
        return [`${where}: documented with no body but got ${media || 'a body'}: ${String(body).slice(0, 200)}`];
      return [];
    }
    if (!(media in content))
      return [`${where}: content type '${contentType}' is not documented (documented: ${Object.keys(content).join(', ')})`];
    const schema = content[media].schema;
    if (!schema) return [];
    if (media === JSON_TYPE) {
      const validate = this.compile(`res ${where} ${media}`, schema);
      if (!validate(body)) return [`${where}: body does not match the schema:\n${formatErrors(validate.errors)}`];
      return [];
    }
    if (schema.type === 'string' && !schema.contentMediaType && typeof body !== 'string')
      return [`${where}: expected a text body`];
    return [];
  }

  // Checks a JSON request body against the documented requestBody schema.
  checkRequest(method, template, mediaType, body) {
    const where = `${method.toUpperCase()} ${template} request`;
    const op = this.operation(method, template);
    if (!op.requestBody) return body === undefined ? [] : [`${where}: the operation documents no request body`];
    const rb = resolveRef(this.spec, op.requestBody);
    const content = rb.content?.[mediaType];
    if (!content) return [`${where}: media type ${mediaType} is not documented`];
    if (mediaType !== JSON_TYPE || !content.schema) return [];
    const validate = this.compile(`req ${where} ${mediaType}`, content.schema);
    if (!validate(body)) return [`${where}: body does not match the schema:\n${formatErrors(validate.errors)}`];
    return [];
  }

  // Validates a value against a named component schema; returns problems.
  checkSchema(name, value) {
    const validate = this.compile(`schema ${name}`, { $ref: `#/components/schemas/${name}` });
    return validate(value) ? [] : [`${name}: ${formatErrors(validate.errors)}`];
  }
}
