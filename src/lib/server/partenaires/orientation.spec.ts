import { describe, expect, it } from 'vitest';
import { orientationEcho, orientationForm, orientationPage } from './orientation';

const page = (query: string) =>
	orientationPage(new URL(`https://portail.example/professionnels/orienter${query}`));

describe('the orientation page', () => {
	it('pre-selects nobody as "who orients" without ?type= (source statistics stay honest)', () => {
		expect(page('').prefill.type).toBeUndefined();
		expect(page('?type=').prefill.type).toBeUndefined();
		expect(page('?departement=974').prefill).toEqual({ type: undefined, departement: '974' });
	});

	it('pre-selects the type of a link that says it', () => {
		expect(page('?type=medecin-travail').prefill.type).toBe('medecin_travail');
	});
});

describe('the orientation form', () => {
	it('refuses a missing "who orients" with its own message', () => {
		for (const type of [undefined, '']) {
			const parsed = orientationForm.schema.safeParse({ type });
			expect(parsed.success).toBe(false);
			if (!parsed.success)
				expect(orientationForm.issues(parsed.error).type).toBe('partenaires:errors.type');
		}
	});

	it('echoes neither the honeypot nor the token, and bounds the rest', () => {
		expect(
			orientationEcho({ nom: 'N'.repeat(400), motif: 'm'.repeat(900), website: 'x', token: 't' })
				.values
		).toEqual({ nom: 'N'.repeat(300), motif: 'm'.repeat(600) });
	});
});
