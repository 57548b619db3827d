#!/usr/bin/env node
// `npm start`: builds the portal if the build is missing or older than the sources, then
// serves the production build on http://localhost:3000 with demo data (unless DEMO_DATA is set).
import { spawn } from 'node:child_process';
import { buildIfStale, root } from './lib/portal.js';

buildIfStale('Building the portal (first start or sources changed)…');

const env = {
	...process.env,
	DEMO_DATA: process.env.DEMO_DATA ?? '1',
	PORT: process.env.PORT ?? '3000',
	ORIGIN: process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? '3000'}`
};
console.log(`Portail PDP on ${env.ORIGIN} (demo data: ${env.DEMO_DATA === '1' ? 'on' : 'off'})`);
// scripts/serve.js = node build + security headers on static files (docs/security.md).
const server = spawn(process.execPath, ['scripts/serve.js'], { cwd: root, env, stdio: 'inherit' });
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM']))
	process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
