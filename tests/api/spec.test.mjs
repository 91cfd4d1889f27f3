// Static checks of docs/openapi.yaml (no server needed): it is well formed, every reference
// resolves, every schema compiles, response objects are closed (`additionalProperties: false`),
// writes carry the CSRF header, and the operations and roles are exactly those of the API
// outline (docs/api-outline.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { Contract, METHODS, repoRoot, resolveRef } from './lib/spec.mjs';

const contract = new Contract();
const spec = contract.spec;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Query parameters the server takes beyond the outline's table.
const EXTRA_QUERY = { 'POST /bodies/import': ['filename'] };

function walk(node, visit, where = '#') {
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, visit, `${where}/${i}`));
  else if (node && typeof node === 'object') {
    visit(node, where);
    for (const [k, v] of Object.entries(node)) walk(v, visit, `${where}/${k}`);
  }
}

// The operations of the outline's table: "| GET /assessments?body_id=... | roles | ... |".
function outlineOperations() {
  const text = readFileSync(path.join(repoRoot, 'docs', 'api-outline.md'), 'utf8');
  const ops = [];
  for (const line of text.split('\n')) {
    const m = /^\|\s*(GET|POST|PUT|PATCH|DELETE)\s+(\S+)\s*\|\s*([^|]*)\|/.exec(line);
    if (!m) continue;
    const [pathPart, queryPart] = m[2].split('?');
    const query = queryPart ? [...queryPart.matchAll(/([a-z_]+)=/g)].map((q) => q[1]) : [];
    const rolesText = m[3].trim();
    const roles = rolesText === 'public' ? ['public'] : rolesText === 'signed in' ? ['signed_in'] : rolesText.split(',').map((r) => r.trim());
    ops.push({ method: m[1], template: pathPart, query, roles });
  }
  return ops;
}

describe('openapi.yaml', () => {
  test('is OpenAPI 3.1 with info, servers and the session cookie scheme', () => {
    assert.match(spec.openapi, /^3\.1\.\d+$/);
    assert.ok(spec.info?.title && spec.info?.version && spec.info?.description);
    assert.equal(spec.servers?.[0]?.url, '/api/v1');
    const scheme = spec.components.securitySchemes.sessionCookie;
    assert.deepEqual({ type: scheme.type, in: scheme.in, name: scheme.name }, { type: 'apiKey', in: 'cookie', name: 'pvf_session' });
    assert.deepEqual(spec.security, [{ sessionCookie: [] }]);
  });

  test('every $ref resolves', () => {
    const bad = [];
    walk(spec, (node, where) => {
      if (typeof node.$ref === 'string') {
        try {
          resolveRef(spec, { $ref: node.$ref });
        } catch (e) {
          bad.push(`${where}: ${e.message}`);
        }
      }
    });
    assert.deepEqual(bad, []);
  });

  test('declares the documented component schemas', () => {
    const names = ['User', 'Body', 'BodyInput', 'Assessment', 'AssessmentDetail', 'Rating', 'RatingInput', 'Comment', 'Action',
      'Framework', 'FrameworkSummary', 'Scorecard', 'ScorecardView', 'Comparison', 'AuditEntry', 'Error',
      // benchmarking (issue 4)
      'Job', 'BenchmarkModels', 'BenchmarkVariable', 'VariableRef', 'BenchmarkSpec', 'BenchmarkSummary', 'Benchmark',
      'DeaResult', 'MalmquistRow', 'NeighboursRequest', 'NeighboursResult'];
    for (const n of names) assert.ok(spec.components.schemas[n], `components/schemas/${n} is missing`);
  });

  test('every schema compiles under JSON Schema 2020-12 (strict)', () => {
    for (const name of Object.keys(spec.components.schemas)) {
      assert.doesNotThrow(() => contract.compile(`schema ${name}`, { $ref: `#/components/schemas/${name}` }), name);
    }
    for (const { method, template, op } of contract.operations()) {
      for (const [status, r] of Object.entries(op.responses)) {
        for (const [media, c] of Object.entries(resolveRef(spec, r).content ?? {}))
          if (c.schema) assert.doesNotThrow(() => contract.compile(`res ${method} ${template} -> ${status} ${media}`, c.schema));
      }
    }
  });

  test('object schemas are closed and their required properties exist', () => {
    const bad = [];
    walk(spec.components.schemas, (node, where) => {
      if (node.type === 'object' && node.properties) {
        if (node.additionalProperties !== false) bad.push(`${where}: additionalProperties is not false`);
        for (const r of node.required ?? []) if (!(r in node.properties)) bad.push(`${where}: required '${r}' is not a property`);
      }
    }, '#/components/schemas');
    for (const { method, template, op } of contract.operations()) {
      for (const [status, r] of Object.entries(op.responses)) {
        const schema = resolveRef(spec, r).content?.['application/json']?.schema;
        if (schema) walk(schema, (node, where) => {
          if (node.type === 'object' && node.properties && node.additionalProperties !== false)
            bad.push(`${method} ${template} ${status}${where.slice(1)}: additionalProperties is not false`);
        });
      }
    }
    assert.deepEqual(bad, []);
  });

  test('every operation is documented: id, summary, tag, roles, path parameters, 2xx, 401 and CSRF on writes', () => {
    const ids = new Set();
    const bad = [];
    for (const { method, template, op } of contract.operations()) {
      const where = `${method} ${template}`;
      if (!op.operationId || ids.has(op.operationId)) bad.push(`${where}: missing or duplicate operationId`);
      ids.add(op.operationId);
      if (!op.summary) bad.push(`${where}: no summary`);
      if (!op.tags?.length) bad.push(`${where}: no tag`);
      const roles = op['x-pvf-roles'];
      if (!Array.isArray(roles) || !roles.length) bad.push(`${where}: no x-pvf-roles`);
      const params = (op.parameters ?? []).map((p) => resolveRef(spec, p));
      for (const [, name] of template.matchAll(/\{([^}]+)\}/g))
        if (!params.some((p) => p.in === 'path' && p.name === name && p.required)) bad.push(`${where}: path parameter ${name} not declared`);
      const statuses = Object.keys(op.responses ?? {});
      if (!statuses.some((s) => s.startsWith('2'))) bad.push(`${where}: no success response`);
      const isPublic = roles?.includes('public');
      if (!isPublic && !statuses.includes('401')) bad.push(`${where}: 401 not documented`);
      if (isPublic && !(Array.isArray(op.security) && op.security.length === 0)) bad.push(`${where}: public but not security: []`);
      const csrf = params.some((p) => p.in === 'header' && p.name === 'X-CSRF-Token' && p.required);
      const needsCsrf = WRITES.has(method) && !isPublic;
      if (needsCsrf && !csrf) bad.push(`${where}: write without the X-CSRF-Token header parameter`);
      if (!needsCsrf && csrf) bad.push(`${where}: X-CSRF-Token on an operation that does not need it`);
      if (needsCsrf && !statuses.includes('403')) bad.push(`${where}: 403 (csrf_failed) not documented`);
      if (roles && !isPublic && !roles.includes('signed_in') && !statuses.includes('403')) bad.push(`${where}: role-limited but 403 not documented`);
      if (op.requestBody && !statuses.includes('422')) bad.push(`${where}: takes a body but 422 not documented`);
      for (const [s, r] of Object.entries(op.responses ?? {})) {
        const resolved = resolveRef(spec, r);
        if (!resolved.description) bad.push(`${where} ${s}: no description`);
        if (s >= '400' && resolved.content?.['application/json']?.schema?.$ref !== '#/components/schemas/Error')
          bad.push(`${where} ${s}: error response is not the Error schema`);
      }
    }
    assert.deepEqual(bad, []);
  });

  test('exports document CSV and XLSX media types', () => {
    for (const template of ['/assessments/{id}/scorecard', '/scorecards']) {
      const content = contract.response('GET', template, 200).content;
      assert.deepEqual(Object.keys(content).sort(), ['application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv']);
      const fmt = contract.operation('GET', template).parameters.map((p) => resolveRef(spec, p)).find((p) => p.name === 'format');
      assert.deepEqual(fmt.schema.enum, ['json', 'csv', 'xlsx']);
    }
  });

  test('operations, query parameters and roles match docs/api-outline.md exactly', () => {
    const outline = outlineOperations();
    assert.ok(outline.length >= 20, `parsed only ${outline.length} operations from the outline`);
    const inSpec = contract.operations().map((o) => `${o.method} ${o.template}`).sort();
    const inOutline = outline.map((o) => `${o.method} ${o.template}`).sort();
    assert.deepEqual(inSpec, inOutline);
    for (const o of outline) {
      const op = contract.operation(o.method, o.template);
      assert.deepEqual([...op['x-pvf-roles']].sort(), [...o.roles].sort(), `roles of ${o.method} ${o.template}`);
      const query = (op.parameters ?? []).map((p) => resolveRef(spec, p)).filter((p) => p.in === 'query').map((p) => p.name);
      // The outline's query parameters, plus documented server extras.
      const extras = EXTRA_QUERY[`${o.method} ${o.template}`] ?? [];
      assert.deepEqual([...query].sort(), [...o.query, ...extras].sort(), `query parameters of ${o.method} ${o.template}`);
    }
    for (const item of Object.values(spec.paths)) for (const k of Object.keys(item)) assert.ok(METHODS.includes(k) || k === 'parameters', k);
  });
});
