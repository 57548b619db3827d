#!/usr/bin/env node
// Starts the production build for the e2e suite on a fresh, throwaway database. The server's
// stdout and stderr go to E2E_LOG (truncated at start), which the suite scans for personal data
// after the run (tests/e2e/log-check.teardown.ts); stderr is also shown.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const file = process.env.DATABASE_URL ?? 'tests/.tmp/e2e-4173.db';
// A SQLite file is removed for a fresh start; a PostgreSQL database is created fresh (and
// dropped after the run) by scripts/e2e-pg.ts.
if (!/^postgres(ql)?:\/\//i.test(file)) {
	for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
	mkdirSync(dirname(file), { recursive: true });
}

const logFile = process.env.E2E_LOG ?? file.replace(/\.db$/, '') + '.log';
mkdirSync(dirname(logFile), { recursive: true });
const log = openSync(logFile, 'w');

// scripts/serve.js = node build + security headers on static files (docs/security.md).
const server = spawn(process.execPath, ['scripts/serve.js'], {
	stdio: ['ignore', 'pipe', 'pipe'],
	env: process.env
});
server.stdout.on('data', (chunk) => writeSync(log, chunk));
server.stderr.on('data', (chunk) => {
	writeSync(log, chunk);
	process.stderr.write(chunk);
});
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM']))
	process.on(signal, () => server.kill(signal));
server.on('exit', (code) => {
	closeSync(log);
	process.exit(code ?? 0);
});
