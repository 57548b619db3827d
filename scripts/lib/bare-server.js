#!/usr/bin/env node
// The bench's reference (ADR 046): a bare node:http server that answers each path with the very
// bytes and headers the portal sent for it (recorded by scripts/bench.js into a JSON file), and
// does nothing else. What it serves per second is what this machine can serve at all; the
// portal's information pages are measured against it, side by side, in the same run.
// Started with fork(): it sends its port (an ephemeral one) to its parent once listening.
//   node scripts/lib/bare-server.js <recorded.json>
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const [file = ''] = process.argv.slice(2);
/** @type {Record<string, { status: number, headers: Record<string, string>, body: string }>} */
const recorded = JSON.parse(readFileSync(file, 'utf8'));
const answers = new Map(
	Object.entries(recorded).map(([path, { status, headers, body }]) => [
		path,
		{ status, headers, body: Buffer.from(body, 'base64') }
	])
);
const server = createServer((request, response) => {
	const answer = answers.get(request.url ?? '');
	if (!answer) {
		response.writeHead(404);
		response.end();
		return;
	}
	response.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
	response.end(answer.body);
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
	const address = server.address();
	process.send?.(typeof address === 'object' && address ? address.port : 0);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
