import { describe, expect, it } from 'vitest';
import { segmentCount, toGsm7 } from '$lib/sms/gsm7';
import { LINK_TOKEN } from '$lib/server/mail/seal';
import { suiviMail, suiviSms, type SuiviMessageInput } from './messages';

const input: SuiviMessageInput = {
	locale: 'fr',
	reference: 'PDP-7KQ2M9XZ',
	prenom: 'Josiane',
	departementName: 'La Réunion',
	organismeName: 'CGSS La Réunion',
	timeZone: 'Indian/Reunion',
	url: `https://portail-pdp.example/suivi/${LINK_TOKEN}`,
	expiresAt: new Date('2027-07-24T10:00:00Z'),
	reminder: false,
	isDemo: false
};
const token = 'a'.repeat(32);

describe('follow-up messages', () => {
	it('writes the e-mail with the link, its end date in the département, and no health word', () => {
		const mail = suiviMail(input);
		expect(mail.subject).toBe('Où en êtes-vous ? Quelques questions du service social');
		expect(mail.text).toContain('Bonjour Josiane,');
		expect(mail.text).toContain('PDP-7KQ2M9XZ');
		expect(mail.text).toContain(input.url);
		expect(mail.text).toContain('samedi 24 juillet 2027');
		expect(suiviMail({ ...input, reminder: true }).text).toContain('il est encore temps');
		expect(suiviMail({ ...input, locale: 'en' }).subject).toBe(
			'How are things going? A few questions from the social service'
		);
	});

	it('fits the SMS in one segment with a short public URL, without the name', () => {
		const text = toGsm7(suiviSms(input).replace(LINK_TOKEN, token));
		expect(text).toContain(`https://portail-pdp.example/suivi/${token}`);
		expect(text).not.toContain('Josiane');
		expect(segmentCount(text)).toBe(1);
		expect(
			segmentCount(toGsm7(suiviSms({ ...input, reminder: true }).replace(LINK_TOKEN, token)))
		).toBe(1);
	});
});
