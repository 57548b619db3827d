import { describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { demandes, outbox, suivis } from '$lib/server/db/schema';
import { newManageToken, type BookingService } from '$lib/server/booking/service';
import { linkKey } from '$lib/server/mail/link-key';
import { unsealToken } from '$lib/server/mail/seal';
import {
	answerOnline,
	onlineForm,
	phoneForm,
	recordByPhone,
	suiviOfLink
} from '$lib/server/suivi/answer';
import { runSuivis } from '$lib/server/suivi/job';
import { SUIVI_CONSENT_VERSION, SUIVI_VERSION } from '$lib/suivi/situation';
import { personalDataExport } from '$lib/server/booking/personal-data';
import type { Db } from '$lib/server/db/index';
import { bookingWorld } from '../helpers/booking';
import { sampleContact } from '../fixtures/contact';

const T0 = new Date('2026-11-23T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const DUE = new Date(T0.getTime() + 185 * DAY);

async function book(service: BookingService, suiviConsent: boolean) {
	const slot = (await service.freeSlots('974', 'telephone'))[0]!;
	const outcome = await service.book({
		departementCode: '974',
		source: 'medecin_traitant',
		contact: sampleContact,
		share: null,
		locale: 'fr',
		token: newManageToken(),
		agendaId: slot.agendaId,
		start: slot.start,
		suiviConsent
	});
	if (!outcome.ok) throw new Error('booking failed');
	return outcome.demande;
}

/** A closed demande with consent whose follow-up was sent: its link's token. */
async function sent(db: Db, service: BookingService) {
	const demande = await book(service, true);
	await db
		.update(demandes)
		.set({ status: 'cloturee', closedAt: T0, outcome: 'formation_reconversion' })
		.where(eq(demandes.id, demande.id));
	await runSuivis(db, { months: 6, baseUrl: 'https://portail.example', isDemo: false }, DUE);
	const [row] = await db
		.select()
		.from(outbox)
		.where(and(eq(outbox.demandeId, demande.id), like(outbox.dedupeKey, '%:suivi')));
	return { demande, token: unsealToken(row!.sealedToken!, linkKey())! };
}

const answer = onlineForm.schema.parse({
	arret: 'oui_avec_projet',
	emploi: 'non',
	formation: 'en_attente',
	recherche: 'cap_emploi',
	autres: [],
	comment: '  Je commence une formation en mars.  ',
	rappel: 'oui'
});

describe('answering the follow-up', () => {
	it('takes one answer through the link, opens the callback asked for, then the link is spent', async () => {
		const { db, service } = await bookingWorld(T0);
		const { demande, token } = await sent(db, service);
		const now = new Date(DUE.getTime() + DAY);
		expect(await suiviOfLink(db, 'not-a-token', now)).toMatchObject({ ok: false, status: 404 });
		expect(await suiviOfLink(db, newManageToken(), now)).toMatchObject({ ok: false, status: 404 });
		expect(await suiviOfLink(db, token, now)).toMatchObject({ ok: true, value: { open: true } });

		expect(await answerOnline(db, service, token, answer, now)).toEqual({
			ok: true,
			value: { callback: true }
		});
		const row = (await db.select().from(suivis).where(eq(suivis.demandeId, demande.id)))[0]!;
		expect(row).toMatchObject({
			channel: 'online',
			answeredAt: now,
			version: SUIVI_VERSION,
			arret: 'oui_avec_projet',
			emploi: 'non',
			formation: 'en_attente',
			recherche: 'cap_emploi',
			invalidite: 'non',
			retraite: false,
			autre: false,
			comment: 'Je commence une formation en mars.',
			wantsCallback: true,
			sealedToken: null
		});
		const [callback] = await db
			.select()
			.from(demandes)
			.where(eq(demandes.id, row.callbackDemandeId!));
		expect(callback).toMatchObject({
			kind: 'rappel',
			status: 'nouvelle',
			departementCode: '974',
			source: 'medecin_traitant',
			email: sampleContact.email,
			suiviConsentAt: null
		});

		// Spent: a second post is refused and changes nothing.
		expect(await suiviOfLink(db, token, now)).toMatchObject({ ok: true, value: { open: false } });
		const again = await answerOnline(db, service, token, { ...answer, arret: 'non' }, now);
		expect(again).toMatchObject({ ok: false, status: 409 });
		expect((await db.select().from(suivis))[0]?.arret).toBe('oui_avec_projet');
		expect(await db.select().from(demandes).where(eq(demandes.kind, 'rappel'))).toHaveLength(1);

		// The person's data download holds the consent and the answer.
		const row2 = (await db.select().from(demandes).where(eq(demandes.id, demande.id)))[0]!;
		expect((await personalDataExport(db, row2, now)).suivi).toMatchObject({
			consentAt: T0.toISOString(),
			consentVersion: SUIVI_CONSENT_VERSION,
			consentWithdrawnAt: null,
			answeredAt: now.toISOString(),
			answer: { channel: 'online', arret: 'oui_avec_projet', wantsCallback: true }
		});
	});

	it('refuses an expired link, without storing anything', async () => {
		const { db, service } = await bookingWorld(T0);
		const { token } = await sent(db, service);
		const late = new Date(DUE.getTime() + 60 * DAY);
		expect(await suiviOfLink(db, token, late)).toMatchObject({ ok: true, value: { open: false } });
		expect(await answerOnline(db, service, token, answer, late)).toMatchObject({
			ok: false,
			status: 409
		});
		expect((await db.select().from(suivis))[0]?.answeredAt).toBeNull();
	});

	it('refuses bad or tampered answers with the field to correct', () => {
		const parse = (values: Record<string, unknown>) => onlineForm.schema.safeParse(values);
		const issues = (values: Record<string, unknown>) => {
			const parsed = parse(values);
			return parsed.success ? [] : parsed.error.issues.map((i) => [i.path[0], i.message]);
		};
		expect(issues({})).toEqual([
			['arret', 'suivi:errors.arret'],
			['emploi', 'suivi:errors.emploi']
		]);
		expect(issues({ arret: 'non', emploi: 'non', invalidite: 'categorie_9' })).toEqual([
			['invalidite', 'suivi:errors.form']
		]);
		expect(issues({ arret: 'non', emploi: 'non', autres: ['vacances'] })).toEqual([
			['autres', 'suivi:errors.form']
		]);
		expect(issues({ arret: 'non', emploi: 'non', comment: 'x'.repeat(1001) })).toEqual([
			['comment', 'suivi:errors.commentTooLong']
		]);
		expect(parse({ arret: 'non', emploi: 'creation' }).data).toMatchObject({
			formation: 'non',
			recherche: 'non',
			invalidite: 'non',
			autres: [],
			rappel: 'non'
		});
	});

	it('lets staff record a follow-up obtained by phone, once, even without a link', async () => {
		const { db, service } = await bookingWorld(T0);
		const demande = await book(service, false);
		const form = phoneForm.schema.parse({
			arret: 'non',
			emploi: 'autre_employeur',
			autres: ['autre']
		});
		expect(await recordByPhone(db, { demandeId: demande.id }, 1, form, DUE)).toMatchObject({
			ok: true
		});
		expect((await db.select().from(suivis))[0]).toMatchObject({
			channel: 'telephone',
			recordedBy: 1,
			answeredAt: DUE,
			emploi: 'autre_employeur',
			autre: true,
			tokenHash: null
		});
		expect(await recordByPhone(db, { demandeId: demande.id }, 1, form, DUE)).toMatchObject({
			ok: false,
			status: 409,
			reason: 'suivi:staff.alreadyAnswered'
		});
	});
});
