// Starts the real pvf server for a test run: `pvf serve --demo` on a fresh temporary database and
// a free loopback port, waits for /api/v1/health, and stops it again (also when the test fails or
// the process exits).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { repoRoot } from './spec.mjs';

export function pvfBinary() {
  return process.env.PVF_BIN ? path.resolve(process.env.PVF_BIN) : path.join(repoRoot, 'build', 'pvf');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startServer({ timeoutMs = 20000 } = {}) {
  const bin = pvfBinary();
  if (!existsSync(bin))
    throw new Error(`pvf binary not found at ${bin}: build it first (cmake --build build) or set PVF_BIN`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pvf-api-test-'));
  const db = path.join(dir, 'pvf.db');
  const port = await freePort();
  const args = ['serve', '--demo', '--db', db, '--port', String(port)];
  const web = path.join(repoRoot, 'web', 'dist');
  if (existsSync(web)) args.push('--web', web);

  const child = spawn(bin, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 200000) output = output.slice(-100000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const killOnExit = () => {
    if (exited === null) child.kill('SIGKILL');
  };
  // Interrupted (Ctrl-C, a CI timeout): stop the server too, then exit as interrupted.
  const onSignal = (signal) => {
    killOnExit();
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // the server may still hold the file for a moment; the OS cleans tmp eventually
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', killOnExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const base = `http://127.0.0.1:${port}`;
  const server = {
    base,
    api: `${base}/api/v1`,
    port,
    db,
    args,
    output: () => output,
    async stop() {
      process.off('exit', killOnExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (exited === null) {
        child.kill('SIGTERM');
        for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
        if (exited === null) {
          child.kill('SIGKILL');
          for (let i = 0; i < 20 && exited === null; i++) await sleep(100);
        }
      }
      rmSync(dir, { recursive: true, force: true });
      return exited;
    },
  };

  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (exited !== null) {
      await server.stop();
      throw new Error(`pvf ${args.join(' ')} exited (${JSON.stringify(exited)}) before it was healthy:\n${output}`);
    }
    try {
      const res = await fetch(`${server.api}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return server;
      lastError = `health answered ${res.status}`;
    } catch (e) {
      lastError = e.message;
    }
    await sleep(150);
  }
  await server.stop();
  throw new Error(`pvf did not become healthy within ${timeoutMs} ms (${lastError}):\n${output}`);
}
