/**
 * Test helpers: a real SMTP server (the `smtp-server` package) on loopback that records what
 * it receives, and a minimal MIME reader to check what a person would read.
 */
import { afterEach } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { parseEnv } from '../../src/lib/server/env';
import { createTransport } from '../../src/lib/server/mail/transport';

// ------------------------------------------------------------------ a real SMTP server

export interface Received {
	from: string;
	to: string[];
	raw: string;
}

export interface SmtpOptions {
	port?: number;
	/** Reply to RCPT TO for these local parts with this code. */
	reject?: Record<string, number>;
	/** Delay before answering DATA (to observe runs in flight). */
	delayMs?: number;
}

const servers: SMTPServer[] = [];

export async function startSmtp(options: SmtpOptions = {}) {
	const received: Received[] = [];
	const stats = { connections: 0, open: 0, maxOpen: 0 };
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onConnect(_session, callback) {
			stats.connections++;
			stats.open++;
			stats.maxOpen = Math.max(stats.maxOpen, stats.open);
			callback();
		},
		onClose() {
			stats.open--;
		},
		onRcptTo(address: SMTPServerAddress, _session, callback) {
			const code = options.reject?.[address.address.split('@')[0] ?? ''];
			if (code)
				return callback(
					Object.assign(new Error(`Rejected ${address.address}`), { responseCode: code })
				);
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				setTimeout(() => {
					received.push({
						from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
						to: session.envelope.rcptTo.map((r) => r.address),
						raw: Buffer.concat(chunks).toString('utf8')
					});
					callback();
				}, options.delayMs ?? 0);
			});
		}
	});
	server.on('error', () => undefined);
	await new Promise<void>((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	servers.push(server);
	const port = (server.server.address() as AddressInfo).port;
	const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return { port, received, stats, close };
}

afterEach(async () => {
	await Promise.all(
		servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve())))
	);
});

/** A transport made the way the server makes it, from the environment. */
export function transportTo(port: number) {
	const transport = createTransport(parseEnv({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port) }));
	if (!transport) throw new Error('expected a transport');
	return transport;
}

// ------------------------------------------------------------------ minimal MIME reading

export interface MimePart {
	headers: Map<string, string>;
	body: Buffer;
}

function qpDecode(text: string): Buffer {
	const clean = text.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < clean.length; i++) {
		const hex = clean.slice(i + 1, i + 3);
		if (clean[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
			bytes.push(parseInt(hex, 16));
			i += 2;
		} else bytes.push(clean.charCodeAt(i));
	}
	return Buffer.from(bytes);
}

/** RFC 2047 encoded words (adjacent ones joined before decoding: a character may span two). */
function decodeWords(value: string): string {
	return value.replace(/(?:=\?[^?]+\?[BbQq]\?[^?]*\?=\s*)+/g, (run) => {
		const words = [...run.matchAll(/=\?[^?]+\?([BbQq])\?([^?]*)\?=/g)];
		const bytes = words.map(([, enc, text]) =>
			enc!.toUpperCase() === 'B' ? Buffer.from(text!, 'base64') : qpDecode(text!.replace(/_/g, ' '))
		);
		return Buffer.concat(bytes).toString('utf8') + (/\s$/.test(run) ? ' ' : '');
	});
}

function splitPart(raw: string): { headers: Map<string, string>; body: string } {
	const at = raw.indexOf('\r\n\r\n');
	const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
	const headers = new Map<string, string>();
	for (const line of head.split('\r\n')) {
		const colon = line.indexOf(':');
		headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	return { headers, body: raw.slice(at + 4) };
}

export function decodeBody(headers: Map<string, string>, body: string): Buffer {
	const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
	if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
	if (encoding === 'quoted-printable') return qpDecode(body);
	return Buffer.from(body, 'utf8');
}

/** Headers and leaf parts of a message (multipart flattened), bodies decoded. */
export function parseMessage(raw: string): {
	headers: Map<string, string>;
	subject: string;
	parts: MimePart[];
} {
	const top = splitPart(raw);
	const leaves = (part: { headers: Map<string, string>; body: string }): MimePart[] => {
		const type = part.headers.get('content-type') ?? 'text/plain';
		const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
		if (!type.toLowerCase().startsWith('multipart/') || !boundary) {
			return [{ headers: part.headers, body: decodeBody(part.headers, part.body) }];
		}
		const sections = part.body.split(`--${boundary}`).slice(1);
		return sections
			.filter((s) => !s.startsWith('--'))
			.flatMap((s) => leaves(splitPart(s.replace(/^\r\n/, '').replace(/\r\n$/, ''))));
	};
	return {
		headers: top.headers,
		subject: decodeWords(top.headers.get('subject') ?? ''),
		parts: leaves(top)
	};
}

export function textOf(message: ReturnType<typeof parseMessage>): string {
	const part = message.parts.find((p) =>
		(p.headers.get('content-type') ?? '').startsWith('text/plain')
	);
	return part ? part.body.toString('utf8') : '';
}
