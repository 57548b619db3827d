import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDate } from '$lib/format/datetime';
import { describe, expect, it } from 'vitest';
import { prepareItems } from '$lib/booking/prepare';
import { createI18n } from '$lib/server/i18n';
import { locales, type Locale } from '$lib/i18n/config';
import { resources, type Messages } from '$lib/i18n/resources';
import {
	callbackAckMail,
	cancellationMail,
	confirmationMail,
	departementNotificationMail,
	formatInstant,
	moveMail,
	reminderMail,
	type MailContent,
	type RendezVousMailInput
} from './templates';

function flatKeys(messages: Messages, prefix = ''): string[] {
	return Object.entries(messages).flatMap(([key, value]) =>
		typeof value === 'string' ? [prefix + key] : flatKeys(value, `${prefix}${key}.`)
	);
}
const mailKeys = flatKeys(resources.fr.mail).map((k) => k.replace(/_(one|other)$/, ''));

/** Every placeholder filled, no key path shown instead of a text. */
function expectFullyTranslated(mail: MailContent): void {
	for (const text of [mail.subject, mail.text]) {
		expect(text).not.toMatch(/\{\{|\}\}|mail:/);
		for (const key of mailKeys) expect(text, key).not.toContain(key);
	}
}

const rebookUrl = 'https://portail-pdp.example/rendez-vous';

function icsField(ics: string | undefined, name: string): string | undefined {
	const unfolded = (ics ?? '').replace(/\r\n[ \t]/g, '');
	return unfolded
		.split('\r\n')
		.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))
		?.replace(/^[^:]*:/, '');
}

const reunion = (locale: Locale, over: Partial<RendezVousMailInput> = {}): RendezVousMailInput => ({
	locale,
	reference: 'PDP-7KQ2M9XZ',
	prenom: 'Marie-Ange',
	nom: 'Payet',
	mode: 'telephone',
	// 10:30 in La Réunion (UTC+4, no DST)
	start: new Date('2026-12-01T06:30:00Z'),
	end: new Date('2026-12-01T07:15:00Z'),
	timeZone: 'Indian/Reunion',
	departementName: 'La Réunion',
	organismeName: 'CGSS La Réunion',
	manageUrl: 'https://portail-pdp.example/rendez-vous/gerer/abcdefghijklmnopqrstuvwxyz234567',
	isDemo: false,
	now: new Date('2026-11-24T09:00:00Z'),
	email: 'marie-ange@example.org',
	departementMailbox: 'service-social-974@cgss.example',
	...over
});

describe('formatInstant', () => {
	it('gives the dates of the pages ($lib/format/datetime): English is en-GB on both', () => {
		for (const zone of ['Europe/Paris', 'Indian/Reunion', 'America/Cayenne']) {
			for (const locale of ['fr', 'en'] as const) {
				const instant = new Date('2026-12-01T13:30:00Z');
				expect(formatInstant(instant, zone, locale).date).toBe(
					formatDate(instant.toISOString(), locale, zone)
				);
			}
		}
		expect(formatDate('2026-12-01T13:30:00.000Z', 'en', 'Europe/Paris')).toBe(
			formatInstant(new Date('2026-12-01T13:30:00Z'), 'Europe/Paris', 'en').date
		);
	});

	it('no mail module builds its own date formatter', () => {
		const dir = fileURLToPath(new URL('.', import.meta.url));
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')))
			expect(readFileSync(`${dir}/${file}`, 'utf8'), file).not.toMatch(/Intl\.DateTimeFormat/);
	});

	it('formats date, time and zone on the département wall clock', () => {
		expect(formatInstant(new Date('2026-12-01T06:30:00Z'), 'Indian/Reunion', 'fr')).toEqual({
			date: 'mardi 1 décembre 2026',
			time: '10 h 30',
			zone: 'heure de La Réunion'
		});
		expect(formatInstant(new Date('2026-12-01T06:30:00Z'), 'Indian/Reunion', 'en')).toEqual({
			date: 'Tuesday, 1 December 2026',
			time: '10:30',
			zone: 'Réunion Time'
		});
		// Same instant, other side of the world: the day changes too.
		expect(formatInstant(new Date('2026-12-01T02:00:00Z'), 'America/Cayenne', 'fr')).toMatchObject({
			date: 'lundi 30 novembre 2026',
			time: '23 h'
		});
		expect(formatInstant(new Date('2026-07-01T07:00:00Z'), 'Europe/Paris', 'fr').time).toBe('9 h');
	});
});

describe('confirmationMail', () => {
	it('in French: date, time and zone, phone instructions, what to prepare, manage link and .ics', () => {
		const mail = confirmationMail(reunion('fr'));
		expectFullyTranslated(mail);
		expect(mail.subject).toBe(
			'Votre rendez-vous du mardi 1 décembre 2026 est confirmé (PDP-7KQ2M9XZ)'
		);
		expect(mail.subject).not.toContain('Payet');
		expect(mail.text).toContain('Bonjour Marie-Ange Payet,');
		expect(mail.text).toContain('Date : mardi 1 décembre 2026 à 10 h 30 (heure de La Réunion)');
		expect(mail.text).toContain('Comment : par téléphone');
		expect(mail.text).toContain('Durée prévue : 45 minutes');
		expect(mail.text).toContain('Numéro de votre demande : PDP-7KQ2M9XZ');
		expect(mail.text).toContain('vous appellera au numéro que vous avez donné');
		expect(mail.text).toContain('arrêt de travail');
		expect(mail.text).toContain('employeur');
		expect(mail.text).toContain('Les questions que vous voulez poser');
		// The same "À préparer" list as the confirmation page (one source, ADR 037).
		const { t } = createI18n('fr');
		for (const key of prepareItems('telephone')) expect(mail.text).toContain(`- ${t(key)}`);
		expect(mail.text).toContain('effacer vos données');
		expect(mail.text).toContain(reunion('fr').manageUrl);
		expect(mail.text).toContain('CGSS La Réunion – La Réunion');
		expect(mail.text).not.toMatch(/DÉMO|démonstration/);
		expect(icsField(mail.ics, 'UID')).toBe('PDP-7KQ2M9XZ@portail-pdp');
		expect(icsField(mail.ics, 'METHOD')).toBe('REQUEST');
		expect(icsField(mail.ics, 'SEQUENCE')).toBe('0');
		expect(icsField(mail.ics, 'DTSTART')).toBe('20261201T063000Z');
		expect(icsField(mail.ics, 'DTEND')).toBe('20261201T071500Z');
		expect(icsField(mail.ics, 'SUMMARY')).toBe(
			'Rendez-vous avec le service social (par téléphone)'
		);
	});

	it('in English, complete', () => {
		const mail = confirmationMail(reunion('en'));
		expectFullyTranslated(mail);
		expect(mail.subject).toBe(
			'Your appointment on Tuesday, 1 December 2026 is confirmed (PDP-7KQ2M9XZ)'
		);
		expect(mail.text).toContain('Hello Marie-Ange Payet,');
		expect(mail.text).toContain('Date: Tuesday, 1 December 2026 at 10:30 (Réunion Time)');
		expect(mail.text).toContain('How: by phone');
		expect(mail.text).toContain('sick leave');
		expect(mail.text).toContain('employer');
		expect(mail.text).toContain('delete your data');
		expect(mail.text).not.toMatch(/Bonjour|rendez-vous avec|Numéro/);
		expect(icsField(mail.ics, 'SUMMARY')).toBe('Appointment with the social service (by phone)');
	});

	it('for a visio says the adviser sends the link; for an accueil gives the address', () => {
		const visio = confirmationMail(reunion('fr', { mode: 'visio' }));
		expect(visio.text).toContain('vous enverra le lien de la visio');
		expect(visio.text).not.toContain('vous appellera');
		const accueil = confirmationMail(
			reunion('fr', {
				mode: 'accueil',
				pointAccueil: {
					name: 'Agence de Saint-Denis',
					address: '12 rue de Paris, 97400 Saint-Denis'
				}
			})
		);
		expect(accueil.text).toContain('Agence de Saint-Denis\n12 rue de Paris, 97400 Saint-Denis');
		expect(icsField(accueil.ics, 'LOCATION')).toBe(
			'Agence de Saint-Denis\\, 12 rue de Paris\\, 97400 Saint-Denis'
		);
		const en = confirmationMail(reunion('en', { mode: 'visio' }));
		expect(en.text).toContain('will send you the video call link');
	});

	it('says so when it is a demo', () => {
		const mail = confirmationMail(reunion('fr', { isDemo: true }));
		expect(mail.subject.startsWith('[DÉMO] ')).toBe(true);
		expect(mail.text.split('\n')[0]).toContain('site de démonstration');
		expect(confirmationMail(reunion('en', { isDemo: true })).subject.startsWith('[DEMO] ')).toBe(
			true
		);
	});
});

describe('moveMail, cancellationMail, reminderMail', () => {
	it('a move updates the same calendar event with a higher SEQUENCE and shows the old date', () => {
		const mail = moveMail({
			...reunion('fr'),
			sequence: 1,
			previousStart: new Date('2026-11-30T05:00:00Z')
		});
		expectFullyTranslated(mail);
		expect(mail.subject).toContain('a changé : mardi 1 décembre 2026');
		expect(mail.text).toContain(
			'Ancienne date : lundi 30 novembre 2026 à 9 h (heure de La Réunion)'
		);
		expect(icsField(mail.ics, 'UID')).toBe('PDP-7KQ2M9XZ@portail-pdp');
		expect(icsField(mail.ics, 'SEQUENCE')).toBe('1');
		expect(icsField(mail.ics, 'METHOD')).toBe('REQUEST');
		expect(() => moveMail({ ...reunion('fr'), sequence: 0 })).toThrow(RangeError);
		expectFullyTranslated(moveMail({ ...reunion('en'), sequence: 2 }));
	});

	it('a cancellation removes the event (METHOD:CANCEL)', () => {
		for (const locale of locales) {
			const mail = cancellationMail({ ...reunion(locale), sequence: 2, rebookUrl });
			expectFullyTranslated(mail);
			// Like the service's cancellation mail: the link to book again, on its own line.
			expect(mail.text.split('\n')).toContain(rebookUrl);
			expect(mail.subject).toContain('PDP-7KQ2M9XZ');
			expect(icsField(mail.ics, 'METHOD')).toBe('CANCEL');
			expect(icsField(mail.ics, 'STATUS')).toBe('CANCELLED');
			expect(icsField(mail.ics, 'SEQUENCE')).toBe('2');
		}
		expect(cancellationMail({ ...reunion('fr'), sequence: 1, rebookUrl }).subject).toBe(
			'Votre rendez-vous du mardi 1 décembre 2026 est annulé (PDP-7KQ2M9XZ)'
		);
	});

	it('a reminder gives date, time and how to cancel, without .ics', () => {
		const fr = reminderMail(reunion('fr'));
		expectFullyTranslated(fr);
		expect(fr.subject).toBe(
			'Rappel : votre rendez-vous du mardi 1 décembre 2026 à 10 h 30 (PDP-7KQ2M9XZ)'
		);
		expect(fr.text).toContain('Vous ne pouvez pas venir ?');
		expect(fr.ics).toBeUndefined();
		const en = reminderMail(reunion('en'));
		expectFullyTranslated(en);
		expect(en.subject).toBe(
			'Reminder: your appointment on Tuesday, 1 December 2026 at 10:30 (PDP-7KQ2M9XZ)'
		);
	});
});

describe('callbackAckMail', () => {
	const input = {
		reference: 'PDP-ABCDEFGH',
		prenom: 'Jean',
		manageUrl: 'https://portail-pdp.example/rendez-vous/gerer/tok',
		departementName: 'Rhône'
	};

	it('explains the callback, with a variant when no slot was free within 14 days', () => {
		const plain = callbackAckMail({ ...input, locale: 'fr', sansCreneau: false });
		const none = callbackAckMail({ ...input, locale: 'fr', sansCreneau: true });
		expectFullyTranslated(plain);
		expectFullyTranslated(none);
		expect(plain.text).toContain('Bonjour Jean,');
		expect(plain.text).toContain('va vous appeler au numéro que vous avez donné');
		expect(plain.text).not.toContain('14 prochains jours');
		expect(none.text).toContain("Aucun rendez-vous n'était libre dans les 14 prochains jours");
		expect(none.text).toContain('Département : Rhône');
		expect(none.text).toContain(input.manageUrl);
		expect(none.ics).toBeUndefined();
		const en = callbackAckMail({ ...input, locale: 'en', sansCreneau: true });
		expectFullyTranslated(en);
		expect(en.text).toContain('No appointment was free in the next 14 days');
	});
});

describe('departementNotificationMail', () => {
	it('is in French and gives the reference, the slot and the back-office link only', () => {
		const mail = departementNotificationMail({
			reference: 'PDP-7KQ2M9XZ',
			kind: 'rendez_vous',
			event: 'nouvelle',
			mode: 'visio',
			start: new Date('2026-12-01T06:30:00Z'),
			timeZone: 'Indian/Reunion',
			departementName: 'La Réunion',
			backOfficeUrl: 'https://portail-pdp.example/agents/demandes/PDP-7KQ2M9XZ'
		});
		expectFullyTranslated(mail);
		expect(mail.subject).toBe('Portail PDP – nouvelle demande PDP-7KQ2M9XZ');
		expect(mail.text).toContain('Une nouvelle demande PDP-7KQ2M9XZ (rendez-vous) vous attend.');
		expect(mail.text).toContain(
			'Rendez-vous en visio (appel vidéo) : mardi 1 décembre 2026 à 10 h 30 (heure de La Réunion)'
		);
		expect(mail.text).toContain('https://portail-pdp.example/agents/demandes/PDP-7KQ2M9XZ');
		expect(mail.ics).toBeUndefined();
	});

	it('covers every event, and an erased demande gets no link', () => {
		const common = {
			reference: 'PDP-ABCDEFGH',
			kind: 'rappel',
			timeZone: 'Europe/Paris',
			departementName: 'Rhône',
			backOfficeUrl: 'https://x.example/agents/d/1'
		} as const;
		const subjects = (['nouvelle', 'deplacee', 'annulee', 'effacee'] as const).map((event) => {
			const mail = departementNotificationMail({ ...common, event });
			expectFullyTranslated(mail);
			expect(mail.text).toContain('PDP-ABCDEFGH');
			expect(mail.text.includes('https://x.example/agents/d/1')).toBe(event !== 'effacee');
			return mail.subject;
		});
		expect(new Set(subjects).size).toBe(4);
	});
});
