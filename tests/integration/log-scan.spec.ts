import { describe, expect, it } from 'vitest';
import { scanLog } from '../helpers/log-scan';

const allowedEmails = /@(?:demo\.)?portail-pdp\.invalid$/i;
const clean = [
	'{"level":"info","time":"2026-11-23T17:20:00.000Z","msg":"request","requestId":"0b5e1c1e-3a4e-4b8e-9a51-1f6b2d1c9e11","method":"POST","route":"/rendez-vous/coordonnees","status":303,"ms":12}',
	'{"level":"info","time":"2026-11-23T17:20:01.000Z","msg":"outbox run","sent":2,"failed":0,"at":1795454401000}',
	'{"level":"warn","msg":"login","staff":"agent.69@demo.portail-pdp.invalid"}'
].join('\n');

describe('scanLog', () => {
	it('finds nothing in a clean log (ids, counts, ISO and millisecond times, allowed addresses)', () => {
		expect(
			scanLog(clean, {
				names: ['Santoni', 'Marie-Ève'],
				nirs: ['2 55 08 14 168 025 38'],
				allowedEmails,
				now: Date.parse('2026-11-23T17:20:00Z')
			})
		).toEqual([]);
	});

	it('finds a planted e-mail address, masked in the report', () => {
		const findings = scanLog(`${clean}\n{"msg":"x","to":"lucia@example.org"}`, { allowedEmails });
		expect(findings).toEqual([{ kind: 'email', line: 4, masked: 'l***************g' }]);
	});

	it('finds a planted NIR, with or without spaces, 13 or 15 digits, Corsican département', () => {
		for (const nir of [
			'255081416802538',
			'2 55 08 14 168 025 38',
			'2550814168025',
			'1 85 05 2A 006 084 00'
		]) {
			const findings = scanLog(`{"msg":"x","v":"${nir}"}`, {
				now: Date.parse('2026-11-23T17:20:00Z')
			});
			expect(
				findings.map((f) => f.kind),
				nir
			).toEqual(['nir']);
		}
	});

	it('finds a listed NIR even when written with other separators', () => {
		expect(
			scanLog('value=2.55.08.14.168.025.38', { nirs: ['2 55 08 14 168 025 38'] }).map((f) => f.kind)
		).toContain('nir');
	});

	it('finds a planted name as a whole word, whatever its case, accents included', () => {
		const findings = scanLog(
			'{"msg":"booked for SANTONI"}\n{"msg":"Marie-Ève"}\n{"msg":"Santonistes"}',
			{ names: ['Santoni', 'Marie-Ève'] }
		);
		expect(findings.map((f) => [f.kind, f.line])).toEqual([
			['name', 1],
			['name', 2]
		]);
	});
});
