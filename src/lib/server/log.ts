import { env } from '$lib/server/env';

type Level = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Fields a log line may carry: technical facts only, never a name, contact or answer. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

function write(level: Level, message: string, fields: LogFields = {}): void {
	if (rank[level] < rank[env().LOG_LEVEL]) return;
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields });
	if (level === 'error' || level === 'warn') process.stderr.write(line + '\n');
	else process.stdout.write(line + '\n');
}

/** Structured JSON-lines logger (one object per line on stdout/stderr). */
export const logger = {
	debug: (message: string, fields?: LogFields) => write('debug', message, fields),
	info: (message: string, fields?: LogFields) => write('info', message, fields),
	warn: (message: string, fields?: LogFields) => write('warn', message, fields),
	error: (message: string, fields?: LogFields) => write('error', message, fields)
};
