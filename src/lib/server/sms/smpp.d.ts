/** The part of the `smpp` package (0.5, plain JavaScript) the portal uses (ADR 041). */
declare module 'smpp' {
	import type { EventEmitter } from 'node:events';
	import type { Server as NetServer } from 'node:net';

	export interface PDU {
		command: string;
		command_status: number;
		sequence_number: number;
		[field: string]: unknown;
		isResponse(): boolean;
		response(options?: Record<string, unknown>): PDU;
	}

	export interface Session extends EventEmitter {
		send(pdu: PDU, responseCallback?: (pdu: PDU) => void): boolean;
		bind_transceiver(options: Record<string, unknown>, callback: (pdu: PDU) => void): boolean;
		submit_sm(options: Record<string, unknown>, callback: (pdu: PDU) => void): boolean;
		deliver_sm(options: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
		enquire_link(options?: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
		unbind(options?: Record<string, unknown>, callback?: (pdu: PDU) => void): boolean;
		close(callback?: () => void): void;
		destroy(callback?: () => void): void;
		pause(): void;
		resume(): void;
	}

	export interface Server extends NetServer {
		sessions: Session[];
	}

	export interface ConnectOptions {
		host: string;
		port: number;
		tls?: boolean;
		auto_enquire_link_period?: number;
		rejectUnauthorized?: boolean;
		servername?: string;
	}

	export function connect(options: ConnectOptions, listener?: () => void): Session;
	export function createServer(
		options: Record<string, unknown>,
		listener: (session: Session) => void
	): Server;
}
