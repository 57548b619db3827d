import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';
import { REQUIRED_LEGAL_VARIABLES, legalInfo } from './legal';

const complete = {
	LEGAL_PUBLISHER: 'CGSS Exemple, organisme de droit privé, 1 rue A, 97100 Ville',
	LEGAL_PUBLICATION_DIRECTOR: 'Mme Directrice, directrice générale',
	LEGAL_HOST: 'Hébergeur SAS, 2 rue B, 75000 Paris, France, certifié HDS',
	LEGAL_DPO_CONTACT: 'dpo@cgss.example, 1 rue A, 97100 Ville',
	LEGAL_BACKUP_RETENTION: '35 jours',
	LEGAL_ACCESSIBILITY_CONTACT: 'accessibilite@cgss.example',
	LEGAL_ACCESSIBILITY_STATUS: 'non-conforme',
	LEGAL_ACCESSIBILITY_PLAN: 'https://cgss.example/schema-accessibilite'
};

describe('legalInfo (ADR 036): the legal pages never show a placeholder', () => {
	it('stops a production start without them, naming every missing variable', () => {
		const run = () => legalInfo(parseEnv({ NODE_ENV: 'production' }));
		expect(run).toThrow(/Invalid configuration/);
		for (const name of REQUIRED_LEGAL_VARIABLES) expect(run).toThrow(`${name}: required`);

		const { LEGAL_HOST: _host, ...withoutHost } = complete;
		let message = '';
		try {
			legalInfo(parseEnv({ NODE_ENV: 'production', ...withoutHost }));
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toContain('LEGAL_HOST: required in production');
		expect(message).not.toContain('LEGAL_PUBLISHER');
	});

	it('returns the configured values in production', () => {
		const info = legalInfo(
			parseEnv({ NODE_ENV: 'production', ...complete, LEGAL_REUSE: ' Licence Ouverte 2.0 ' })
		);
		expect(info).toEqual({
			publisher: complete.LEGAL_PUBLISHER,
			director: complete.LEGAL_PUBLICATION_DIRECTOR,
			host: complete.LEGAL_HOST,
			reuse: 'Licence Ouverte 2.0',
			dpo: complete.LEGAL_DPO_CONTACT,
			backupRetention: '35 jours',
			accessibilityContact: complete.LEGAL_ACCESSIBILITY_CONTACT,
			accessibilityStatus: 'non-conforme',
			accessibilityAudit: null,
			accessibilityPlan: complete.LEGAL_ACCESSIBILITY_PLAN
		});
	});

	it('a demo or a development run falls back to the fictitious values, field by field', () => {
		const demo = legalInfo(
			parseEnv({ NODE_ENV: 'production', DEMO_DATA: '1', LEGAL_HOST: 'Mon hébergeur' })
		);
		expect(demo.host).toBe('Mon hébergeur');
		expect(demo.publisher).toBeNull();
		expect(demo.accessibilityStatus).toBe('non-conforme');
		expect(legalInfo(parseEnv({ NODE_ENV: 'development' })).dpo).toBeNull();
	});

	it('rejects a bad value with a message naming the variable', () => {
		expect(() => parseEnv({ LEGAL_PUBLISHER: '  ' })).toThrow(/LEGAL_PUBLISHER/);
		expect(() => parseEnv({ LEGAL_HOST: 'x'.repeat(601) })).toThrow(/LEGAL_HOST/);
		expect(() => parseEnv({ LEGAL_ACCESSIBILITY_STATUS: 'conforme' })).toThrow(
			/LEGAL_ACCESSIBILITY_STATUS/
		);
	});

	it('an audited status needs the audit (who, when, rate)', () => {
		expect(() => parseEnv({ LEGAL_ACCESSIBILITY_STATUS: 'partiellement-conforme' })).toThrow(
			/LEGAL_ACCESSIBILITY_AUDIT/
		);
		const info = legalInfo(
			parseEnv({
				NODE_ENV: 'test',
				LEGAL_ACCESSIBILITY_STATUS: 'totalement-conforme',
				LEGAL_ACCESSIBILITY_AUDIT: 'Audit RGAA par Société X, mars 2027 : 100 %'
			})
		);
		expect(info.accessibilityStatus).toBe('totalement-conforme');
		expect(info.accessibilityAudit).toBe('Audit RGAA par Société X, mars 2027 : 100 %');
	});
});
