import { describe, expect, it } from 'vitest';
import { segmentCount, toGsm7 } from '$lib/sms/gsm7';
import { LINK_TOKEN } from '$lib/server/mail/seal';
import {
	cancellationSms,
	confirmationSms,
	moveSms,
	reminderSms,
	serviceCancellationSms,
	type RendezVousSmsInput
} from './templates';

const input: RendezVousSmsInput = {
	locale: 'fr',
	reference: 'PDP-7KQ2M9XZ',
	mode: 'telephone',
	start: new Date('2026-12-01T06:30:00Z'),
	timeZone: 'Indian/Reunion',
	organismeName: 'CGSS La Réunion',
	isDemo: false
};
/** A public URL of a realistic length, with a manage link as the outbox stores it. */
const manage = `https://portail-pdp.example.fr/g/${LINK_TOKEN}`;
const rebook = 'https://portail-pdp.example.fr/rendez-vous';

describe('SMS texts', () => {
	it('says who sends, when, how and the reference, in the département’s time', () => {
		expect(confirmationSms(input, manage)).toBe(
			`CGSS La Réunion, service social : RDV par téléphone le mar. 1 déc. à 10 h 30. Réf. PDP-7KQ2M9XZ. Déplacer ou annuler : ${manage}`
		);
		expect(reminderSms({ ...input, locale: 'en' })).toBe(
			'CGSS La Réunion, social service: reminder, appointment by phone tomorrow Tue 1 Dec at 10:30. Ref. PDP-7KQ2M9XZ. Cannot come? See your confirmation SMS.'
		);
	});

	it('names the point d’accueil of an accueil rendez-vous', () => {
		expect(
			moveSms({ ...input, mode: 'accueil', pointAccueil: { name: 'Saint-Denis' } }, manage)
		).toContain("à l'accueil Saint-Denis");
	});

	it('marks a demo', () => {
		expect(cancellationSms({ ...input, isDemo: true }, rebook)).toMatch(/^\[DÉMO\] CGSS/);
	});

	it('fits one SMS for the reminder and the cancellation (French), two at most for any text', () => {
		// The longest organisme name and a 30-character public URL.
		const longest = { ...input, organismeName: 'Carsat Languedoc-Roussillon' };
		for (const locale of ['fr', 'en'] as const) {
			const at = { ...longest, locale };
			const texts = {
				confirmation: confirmationSms(at, manage),
				move: moveSms(at, manage),
				cancellation: cancellationSms(at, rebook),
				serviceCancellation: serviceCancellationSms(at, rebook),
				reminder: reminderSms(at)
			};
			for (const [name, text] of Object.entries(texts)) {
				const sent = toGsm7(text.replace(LINK_TOKEN, 'a'.repeat(32)));
				// Every character has a GSM 7-bit form (no '?' put in).
				expect(sent.split('?').length, name).toBe(text.split('?').length);
				const single = locale === 'fr' && (name === 'reminder' || name === 'cancellation');
				expect(segmentCount(sent), `${locale} ${name}`).toBeLessThanOrEqual(single ? 1 : 2);
			}
		}
	});
});
