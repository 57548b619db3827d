#!/usr/bin/env node
// Starts the production build for the e2e suite on a fresh, throwaway database.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

const file = process.env.DATABASE_URL ?? 'tests/.tmp/e2e-4173.db';
for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
mkdirSync(dirname(file), { recursive: true });

// scripts/serve.js = node build + security headers on static files (docs/security.md).
const server = spawn(process.execPath, ['scripts/serve.js'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
