import { existsSync, readFileSync } from 'node:fs';
import { scanLog } from '../helpers/log-scan';
import { E2E_LOG } from './env';
import { allowedLogEmails, testPersons } from './persons';

/**
 * After the whole e2e run: the server's log (stdout and stderr, LOG_LEVEL=info, written by
 * scripts/e2e-server.js) must hold no e-mail address but the allowed ones, no NIR-like number
 * and none of the test persons' names (ADR 018). Fails the run otherwise.
 */
export default function checkServerLog(): void {
	if (!existsSync(E2E_LOG))
		throw new Error(
			`No server log at ${E2E_LOG}: was the e2e server started by scripts/e2e-server.js?`
		);
	const log = readFileSync(E2E_LOG, 'utf8');
	if (!log.includes('"msg":"request"'))
		throw new Error(`${E2E_LOG} has no access-log line: is LOG_LEVEL=info?`);
	const findings = scanLog(log, {
		names: [...testPersons.names, ...testPersons.emails],
		nirs: testPersons.nirs,
		allowedEmails: allowedLogEmails
	});
	if (findings.length > 0) {
		const lines = findings.slice(0, 20).map((f) => `  line ${f.line}: ${f.kind} ${f.masked}`);
		throw new Error(`Personal data in the server log ${E2E_LOG}:\n${lines.join('\n')}`);
	}
}
