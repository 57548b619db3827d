#!/usr/bin/env node
// `npm start`: builds the portal if the build is missing or older than the sources, then
// serves the production build on http://localhost:3000 with demo data (unless DEMO_DATA is set).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const built = join(root, 'build', 'handler.js');

function newest(path) {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p));
const stale = !existsSync(built) || sources.some((p) => existsSync(p) && newest(p) > statSync(built).mtimeMs);
if (stale) {
	console.log('Building the portal (first start or sources changed)…');
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const env = {
	...process.env,
	DEMO_DATA: process.env.DEMO_DATA ?? '1',
	PORT: process.env.PORT ?? '3000',
	ORIGIN: process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? '3000'}`
};
console.log(`Portail PDP on ${env.ORIGIN} (demo data: ${env.DEMO_DATA === '1' ? 'on' : 'off'})`);
// scripts/serve.js = node build + security headers on static files (docs/security.md).
const server = spawn(process.execPath, ['scripts/serve.js'], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
