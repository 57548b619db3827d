import { describe, expect, it } from 'vitest';
import { MOTIF_MAX, orientationErrors, orientationSchema } from './orientation';

const valid = {
	type: 'medecin-traitant',
	proNom: 'Dr Claire Martin',
	proStructure: 'Cabinet des Lilas',
	proEmail: 'c.martin@cabinet.example',
	proTelephone: '',
	nom: 'Dupont',
	prenom: 'Jeanne',
	email: '',
	telephone: '06 12 34 56 78',
	departement: '69',
	motif: 'Arrêt long, inquiète pour son poste.',
	accord: 'oui',
	website: ''
};

function errorsOf(input: Record<string, unknown>): Record<string, string> {
	const parsed = orientationSchema.safeParse(input);
	expect(parsed.success).toBe(false);
	return parsed.success ? {} : orientationErrors(parsed.error);
}

describe('orientation form schema', () => {
	it('accepts a complete form and normalises it', () => {
		const parsed = orientationSchema.parse(valid);
		expect(parsed).toMatchObject({
			type: 'medecin_traitant',
			proNom: 'Dr Claire Martin',
			proEmail: 'c.martin@cabinet.example',
			proTelephone: undefined,
			email: undefined,
			telephone: '0612345678',
			departement: '69',
			accord: 'oui'
		});
	});

	it('requires the agreement, a reason, the professional e-mail and one way to reach the person', () => {
		expect(errorsOf({ ...valid, accord: undefined })).toEqual({
			accord: 'partenaires:errors.accord'
		});
		expect(errorsOf({ ...valid, accord: 'non' })).toEqual({ accord: 'partenaires:errors.accord' });
		expect(errorsOf({ ...valid, motif: '   ' })).toEqual({ motif: 'partenaires:errors.motif' });
		expect(errorsOf({ ...valid, proEmail: '' })).toEqual({
			proEmail: 'partenaires:errors.proEmail'
		});
		expect(errorsOf({ ...valid, telephone: '', email: '' })).toEqual({
			email: 'partenaires:errors.reachable',
			telephone: 'partenaires:errors.reachable'
		});
	});

	it('applies the booking form rules, with this form’s messages', () => {
		expect(errorsOf({ ...valid, nom: '', prenom: '', proNom: '' })).toEqual({
			nom: 'partenaires:errors.nom',
			prenom: 'partenaires:errors.prenom',
			proNom: 'partenaires:errors.proNom'
		});
		expect(errorsOf({ ...valid, nom: 'Robert; DROP TABLE' })).toEqual({
			nom: 'partenaires:errors.nameChars'
		});
		expect(errorsOf({ ...valid, prenom: 'J'.repeat(81) })).toEqual({
			prenom: 'partenaires:errors.nameTooLong'
		});
		expect(errorsOf({ ...valid, telephone: '12' })).toEqual({
			telephone: 'partenaires:errors.telephone'
		});
		expect(errorsOf({ ...valid, email: 'pas-une-adresse' })).toEqual({
			email: 'partenaires:errors.email'
		});
		expect(errorsOf({ ...valid, proEmail: 'a@b' })).toEqual({
			proEmail: 'partenaires:errors.email'
		});
		expect(errorsOf({ ...valid, departement: '20' })).toEqual({
			departement: 'partenaires:errors.departement'
		});
		expect(errorsOf({ ...valid, type: 'moi_meme' })).toEqual({ type: 'partenaires:errors.type' });
		expect(errorsOf({ ...valid, website: 'http://spam.example' })).toEqual({
			website: 'partenaires:errors.honeypot'
		});
	});

	it('bounds the reason and the organisation', () => {
		expect(orientationSchema.safeParse({ ...valid, motif: 'a'.repeat(MOTIF_MAX) }).success).toBe(
			true
		);
		expect(errorsOf({ ...valid, motif: 'a'.repeat(MOTIF_MAX + 1) })).toEqual({
			motif: 'partenaires:errors.motifTooLong'
		});
		expect(errorsOf({ ...valid, proStructure: 's'.repeat(121) })).toEqual({
			proStructure: 'partenaires:errors.structureTooLong'
		});
	});

	it('every message key exists in both languages', async () => {
		const fr = (await import('../i18n/locales/partenaires/fr.json')).default.errors as Record<
			string,
			string
		>;
		const en = (await import('../i18n/locales/partenaires/en.json')).default.errors as Record<
			string,
			string
		>;
		const keys = new Set<string>();
		for (const input of [
			{
				...valid,
				accord: 'x',
				motif: '',
				proEmail: '',
				telephone: '',
				email: '',
				nom: '',
				prenom: '',
				proNom: '',
				type: '',
				departement: '',
				website: 'x'
			},
			{
				...valid,
				nom: '1',
				prenom: 'J'.repeat(81),
				telephone: '1'.repeat(30),
				email: `${'a'.repeat(250)}@b.fr`,
				motif: 'a'.repeat(600),
				proStructure: 's'.repeat(200)
			}
		]) {
			for (const key of Object.values(errorsOf(input)))
				keys.add(key.replace('partenaires:errors.', ''));
		}
		expect(keys.size).toBeGreaterThan(10);
		for (const key of keys) {
			expect(fr[key], key).toBeTruthy();
			expect(en[key], key).toBeTruthy();
		}
	});
});
