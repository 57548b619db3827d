import { describe, expect, it } from 'vitest';
import { createLogger, createPino, safePath } from './log';

function capture(level = 'debug') {
	const lines: Record<string, unknown>[] = [];
	const instance = createPino(level, {
		write: (line: string) => void lines.push(JSON.parse(line))
	});
	return { lines, logger: createLogger(() => instance) };
}

describe('logger', () => {
	it('writes one JSON object per call with an ISO time, a level label and the message', () => {
		const { lines, logger } = capture();
		logger.info('request', { requestId: 'abc', status: 200, ms: 3 });
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({
			level: 'info',
			msg: 'request',
			requestId: 'abc',
			status: 200,
			ms: 3
		});
		expect(String(lines[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	});

	it('drops lines below the configured level', () => {
		const { lines, logger } = capture('warn');
		logger.debug('d');
		logger.info('i');
		logger.warn('w');
		logger.error('e');
		expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
	});

	it('redacts personal fields whatever the caller passes', () => {
		const { lines, logger } = capture();
		logger.warn('oops', {
			nom: 'Santoni',
			email: 'lucia@example.org',
			nir: '2550814168025',
			recipient: 'a@b.fr',
			text: 'Bonjour Lucia',
			outboxId: 3
		});
		const line = JSON.stringify(lines[0]);
		expect(line).not.toMatch(/Santoni|lucia@example|2550814168025|a@b\.fr|Bonjour/);
		expect(lines[0]).toMatchObject({ outboxId: 3, nom: '[redacted]', email: '[redacted]' });
	});

	it('logs URL-like fields without query string nor token-looking segments', () => {
		const { lines, logger } = capture();
		logger.info('x', {
			url: '/rendez-vous/gerer/abcdefghijklmnopqrstuvwxyz234567?confirmation=1&email=a@b.fr'
		});
		expect(lines[0]!.url).toBe('/rendez-vous/gerer/:token');
		expect(safePath('https://portail.example/questionnaire/question/2?x=y#z')).toBe(
			'/questionnaire/question/2'
		);
		expect(safePath(42)).toBe('[invalid]');
	});
});

describe('error fields', () => {
	it('mask quoted input, e-mail addresses and long numbers that an error message may carry', () => {
		const { lines, logger } = capture();
		logger.error('unhandled error', {
			error: `SyntaxError: Unexpected token 'l', "lucia@exam"... is not valid JSON`
		});
		logger.error('unhandled error', {
			error: 'Error: no account for jean.lefevre@example.org, NIR 2 55 08 14 168 025 38'
		});
		logger.error('unhandled error', {
			error: 'SqliteError: UNIQUE constraint failed: demandes.manage_token_hash'
		});
		expect(lines.map((l) => l.error)).toEqual([
			'SyntaxError: Unexpected token "…", "…"... is not valid JSON',
			'Error: no account for [email] NIR [number]',
			'SqliteError: UNIQUE constraint failed: demandes.manage_token_hash'
		]);
	});
});
