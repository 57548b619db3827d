import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server, type Session } from 'smpp';
import { afterEach } from 'vitest';
import type { SmppSettings } from '$lib/server/sms/transport';

/**
 * A real SMPP 3.4 server on loopback (the `smpp` package's server side), standing for the
 * operator's gateway in integration tests: it binds transceivers, answers submit_sm with a
 * message id and sends delivery receipts (deliver_sm) back on the same connection.
 */

export interface SmppReceived {
	to: string;
	from: string;
	text: string;
	messageId: string;
	registeredDelivery: number;
}

export interface SmppServerOptions {
	port?: number;
	systemId?: string;
	password?: string;
	/** Receipt `stat:` sent after each accepted message (none when undefined). */
	receipt?: 'DELIVRD' | 'UNDELIV' | 'EXPIRED';
	/** Delay of the receipts (ms). */
	receiptDelayMs?: number;
	/** TLS from the start with this test certificate (tests/helpers/tls/, for 127.0.0.1). */
	tls?: boolean;
}

/** The test gateway's certificate (self-signed, for 127.0.0.1 and localhost, tests only). */
export const testGatewayCertificate = readFileSync(
	new URL('./tls/gateway-test.crt', import.meta.url),
	'utf8'
);

/** A delivery receipt as SMPP 3.4 appendix B writes it. */
function sendReceipt(session: Session, messageId: string, stat: string): void {
	const delivered = stat === 'DELIVRD' ? '001' : '000';
	session.deliver_sm({
		source_addr: '33612345678',
		destination_addr: 'CGSS974',
		esm_class: 0x04,
		short_message: `id:${messageId} sub:001 dlvrd:${delivered} submit date:2612010930 done date:2612010931 stat:${stat} err:000 text:`
	});
}

const servers: { server: Server; drop: () => void }[] = [];

export async function startSmpp(options: SmppServerOptions = {}) {
	const received: SmppReceived[] = [];
	const stats = { binds: 0, enquireLinks: 0, open: 0 };
	/** What the next submissions meet, in order: a status code, or 'cut' (connection dropped, no reply). */
	const next: (number | 'cut')[] = [];
	const sessions = new Set<Session>();
	let nextId = 1000;
	const tlsOptions = options.tls
		? {
				key: readFileSync(new URL('./tls/gateway-test.key', import.meta.url)),
				cert: testGatewayCertificate
			}
		: {};
	const server = smpp.createServer(tlsOptions, (session: Session) => {
		sessions.add(session);
		stats.open++;
		session.on('close', () => {
			sessions.delete(session);
			stats.open--;
		});
		session.on('error', () => undefined);
		session.on('bind_transceiver', (pdu: PDU) => {
			stats.binds++;
			const ok =
				pdu.system_id === (options.systemId ?? 'portail') &&
				pdu.password === (options.password ?? 'secret');
			session.send(pdu.response(ok ? {} : { command_status: 0x0e }));
			if (!ok) session.close();
		});
		session.on('enquire_link', (pdu: PDU) => {
			stats.enquireLinks++;
			session.send(pdu.response());
		});
		session.on('unbind', (pdu: PDU) => {
			session.send(pdu.response());
			session.close();
		});
		session.on('submit_sm', (pdu: PDU) => {
			const fate = next.shift();
			if (fate === 'cut') return session.destroy();
			if (fate !== undefined && fate !== 0) {
				session.send(pdu.response({ command_status: fate }));
				return;
			}
			const messageId = String(nextId++);
			const body = (pdu.message_payload ?? pdu.short_message) as { message?: string } | string;
			received.push({
				to: String(pdu.destination_addr),
				from: String(pdu.source_addr),
				text: typeof body === 'string' ? body : (body.message ?? ''),
				messageId,
				registeredDelivery: Number(pdu.registered_delivery)
			});
			session.send(pdu.response({ message_id: messageId }));
			const stat = options.receipt;
			if (stat && Number(pdu.registered_delivery) & 1) {
				setTimeout(() => sendReceipt(session, messageId, stat), options.receiptDelayMs ?? 0);
			}
		});
	});
	/** Sends the receipt of `messageId` on the open connections (as a gateway does on a new bind). */
	const receiptNow = (messageId: string, stat: 'DELIVRD' | 'UNDELIV' | 'EXPIRED') => {
		for (const session of sessions) sendReceipt(session, messageId, stat);
	};
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	/** Drops every open connection (the server keeps listening). */
	const dropConnections = () => {
		for (const session of sessions) session.destroy();
	};
	servers.push({ server, drop: dropConnections });
	const close = () =>
		new Promise<void>((resolve) => {
			dropConnections();
			server.close(() => resolve());
		});
	return { port, received, stats, next, dropConnections, receiptNow, close };
}

afterEach(async () => {
	await Promise.all(
		servers.splice(0).map(
			({ server, drop }) =>
				new Promise<void>((resolve) => {
					drop();
					server.close(() => resolve());
				})
		)
	);
});

/** Settings for the test gateway: loopback, short timeouts and keep-alive. */
export function smppTo(port: number, overrides: Partial<SmppSettings> = {}): SmppSettings {
	return {
		host: '127.0.0.1',
		port,
		tls: false,
		systemId: 'portail',
		password: 'secret',
		sourceAddr: 'CGSS974',
		ratePerSecond: 200,
		enquireLinkMs: 200,
		timeoutMs: 1000,
		reconnectMs: 50,
		...overrides
	};
}
