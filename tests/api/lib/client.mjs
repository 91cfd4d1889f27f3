// A small HTTP client for the pvf API that keeps a session (cookie + CSRF token) and checks every
// response against docs/openapi.yaml: the status must be documented for the operation, the
// content type must be one the spec lists, and a JSON body must match the schema.
import assert from 'node:assert/strict';

import { JSON_TYPE } from './spec.mjs';

// Fills "{name}" segments of a path template.
export function fillPath(template, params = {}) {
  return template.replace(/\{([^}]+)\}/g, (_, name) => {
    if (!(name in params)) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(params[name]));
  });
}

function queryString(query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Records which operations were called and with which statuses, for the coverage check.
export class Coverage {
  constructor() {
    this.calls = new Map();  // "GET /path" -> Set of statuses
  }
  add(method, template, status) {
    const key = `${method.toUpperCase()} ${template}`;
    if (!this.calls.has(key)) this.calls.set(key, new Set());
    this.calls.get(key).add(status);
  }
  statuses(method, template) {
    return this.calls.get(`${method.toUpperCase()} ${template}`) ?? new Set();
  }
}

export class Client {
  // `api` is the base URL ".../api/v1".
  constructor(api, contract, coverage, label = 'anonymous') {
    this.api = api;
    this.contract = contract;
    this.coverage = coverage;
    this.label = label;
    this.cookie = null;
    this.csrf = null;
    this.user = null;
    this.setCookie = null;
  }

  // Signs in and keeps the cookie and CSRF token.
  async login(username, password) {
    this.label = username;
    const res = await this.call('POST', '/session', { body: { username, password }, expect: 200 });
    const cookies = res.headers.getSetCookie ? res.headers.getSetCookie() : [res.headers.get('set-cookie')];
    const session = cookies.find((c) => c && c.startsWith('pvf_session='));
    assert.ok(session, `POST /session as ${username} set no pvf_session cookie (Set-Cookie: ${JSON.stringify(cookies)})`);
    this.setCookie = session;
    this.cookie = session.split(';')[0];
    this.csrf = res.body.csrf_token;
    this.user = res.body.user;
    return this;
  }

  // Calls one documented operation and checks the response against the spec.
  //   params: path parameters; query: query parameters; body: a JSON value to send;
  //   raw + contentType: a body sent as it is (malformed JSON, CSV);
  //   csrf: false to leave the X-CSRF-Token header out, or a string to send instead;
  //   expect: the status the caller expects (asserted, with the body in the message);
  //   code: the error code expected in an Error body.
  async call(method, template, opts = {}) {
    const { params, query, body, raw, contentType, csrf = true, expect, code, headers: extra } = opts;
    const url = `${this.api}${fillPath(template, params)}${queryString(query)}`;
    const headers = { accept: '*/*', ...(extra ?? {}) };
    if (this.cookie) headers.cookie = this.cookie;
    const write = !['GET', 'HEAD'].includes(method.toUpperCase());
    if (write && csrf !== false) {
      const token = typeof csrf === 'string' ? csrf : this.csrf;
      if (token) headers['x-csrf-token'] = token;
    }
    let payload;
    if (raw !== undefined) {
      payload = raw;
      headers['content-type'] = contentType ?? JSON_TYPE;
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = JSON_TYPE;
    }
    // What we send when we expect success must itself follow the documented request schema.
    if (body !== undefined && raw === undefined && expect >= 200 && expect < 300) {
      const problems = this.contract.checkRequest(method, template, JSON_TYPE, body);
      assert.deepEqual(problems, [], `request we send is not what the spec documents`);
    }

    const res = await fetch(url, { method: method.toUpperCase(), headers, body: payload, redirect: 'manual' });
    const ctype = res.headers.get('content-type') ?? '';
    const buf = Buffer.from(await res.arrayBuffer());
    let parsed;
    if (ctype.startsWith(JSON_TYPE)) {
      try {
        parsed = JSON.parse(buf.toString('utf8'));
      } catch (e) {
        assert.fail(`${method} ${template} as ${this.label}: invalid JSON body (${e.message}): ${buf.toString('utf8').slice(0, 300)}`);
      }
    } else if (ctype.startsWith('text/')) {
      parsed = buf.toString('utf8');
    } else {
      parsed = buf.length ? buf : '';
    }
    this.coverage?.add(method, template, res.status);
    const result = { status: res.status, headers: res.headers, contentType: ctype, body: parsed, bytes: buf, url };
    const show = () =>
      `${method} ${url} as ${this.label} -> ${res.status} ${ctype}\n${
        Buffer.isBuffer(parsed) ? `<${parsed.length} bytes>` : typeof parsed === 'string' ? parsed.slice(0, 800) : JSON.stringify(parsed).slice(0, 1500)
      }`;
    if (expect !== undefined) assert.equal(res.status, expect, `expected ${expect}: ${show()}`);
    const problems = this.contract.checkResponse(method, template, res.status, ctype, buf.length ? parsed : undefined);
    assert.deepEqual(problems, [], `response does not follow openapi.yaml: ${show()}`);
    if (code !== undefined) assert.equal(parsed?.error?.code, code, `expected error code ${code}: ${show()}`);
    return result;
  }

  // A request to a URL that is not a documented operation (unknown paths, wrong methods).
  async raw(method, pathAndQuery, { body, headers: extra } = {}) {
    const headers = { accept: '*/*', ...(extra ?? {}) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && !['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.api}${pathAndQuery}`, { method, headers, body, redirect: 'manual' });
    const ctype = res.headers.get('content-type') ?? '';
    const text = await res.text();
    let parsed = text;
    if (ctype.startsWith(JSON_TYPE)) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // left as text; the caller's schema check reports it
      }
    }
    return { status: res.status, headers: res.headers, contentType: ctype, body: parsed };
  }
}

// Server-Sent Events text -> [{event, data}] (data lines joined, parsed as JSON).
export function parseEvents(text) {
  const events = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (!block.trim()) continue;
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const m = /^([a-z]+):\s?(.*)$/.exec(line);
      if (!m) continue;
      if (m[1] === 'event') event = m[2];
      if (m[1] === 'data') data.push(m[2]);
    }
    events.push({ event, data: data.length ? JSON.parse(data.join('\n')) : null });
  }
  return events;
}
