// Shared set-up of the measurement, benchmarking and linkage test files: start the demo server, sign every demo account in,
// look bodies up by code, and check that a set of documented operations was called with a
// success (each test file runs in its own process, so each keeps its own Coverage).
import { Client } from './client.mjs';
import { startServer } from './server.mjs';

export const DEMO = {
  admin: ['admin', 'admin-demo'],
  treasury_analyst: ['treasury', 'treasury-demo'],
  body_lead: ['bodylead', 'bodylead-demo'],
  assessor: ['assessor', 'assessor-demo'],
  viewer: ['viewer', 'viewer-demo'],
};
export const ROLES = Object.keys(DEMO);

// Starts `pvf serve --demo` and signs each role in: { server, as: {role: Client}, bodies: {code: Body} }.
export async function startDemo(contract, coverage) {
  const server = await startServer({ timeoutMs: 20000 });
  const as = {};
  try {
    for (const role of ROLES) as[role] = await new Client(server.api, contract, coverage).login(...DEMO[role]);
    const list = await as.viewer.call('GET', '/bodies', { expect: 200 });
    const bodies = Object.fromEntries(list.body.items.filter((b) => b.code).map((b) => [b.code, b]));
    return { server, as, bodies };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

export async function stopDemo(demo) {
  if (!demo?.server) return;
  const exit = await demo.server.stop();
  if (process.env.PVF_TEST_VERBOSE) console.log(demo.server.output(), exit);
}

export const isMeasurement = (op) => (op.tags ?? []).includes('measurement');
export const isBenchmarking = (op) => (op.tags ?? []).includes('benchmarking');
export const isLinkage = (op) => (op.tags ?? []).includes('linkage');

// Operations (chosen by `include(template, op)`) never answered with a documented success.
export function missingSuccesses(contract, coverage, include) {
  const missing = [];
  for (const { method, template, op } of contract.operations()) {
    if (!include(template, op)) continue;
    const got = coverage.statuses(method, template);
    const ok = Object.keys(op.responses).filter((s) => s.startsWith('2')).map(Number);
    if (!ok.some((s) => got.has(s))) missing.push(`${method} ${template} (got ${[...got].join(', ') || 'no call'})`);
  }
  return missing;
}
