/**
 * "Send the person their personal link" (ADR 024 consequences, docs/backoffice.md), over a real
 * migrated SQLite file and a real local SMTP server: the person of an orientation (whose manage
 * link nobody held) receives a fresh link at an address the conseiller confirmed with them.
 */
import { describe, expect, it } from 'vitest';
import { addStaff as addStaffAt } from '../fixtures/staff';
import { eq } from 'drizzle-orm';
import { seedDemoData } from '$lib/server/db/seed';
import { auditLog, demandeEvents, demandes, outbox, type StaffRole } from '$lib/server/db/schema';
import { BookingService, newManageToken, noBookingEvents } from '$lib/server/booking/service';
import { OutboxWorker, type MailLogger } from '$lib/server/mail/worker';
import { LINK_TOKEN, renderMail } from '$lib/server/mail/seal';
import { linkKey } from '$lib/server/mail/link-key';
import { historyOf } from '$lib/server/staff/actions';
import { sendPersonalLink } from '$lib/server/staff/personal-link';
import { runRetention } from '$lib/server/retention';
import type { Db } from '$lib/server/db/index';
import { testDb } from '../helpers/db';
import { parseMessage, startSmtp, textOf, transportTo } from '../helpers/smtp';

const T0 = new Date('2026-11-23T09:00:00Z');
const MAIL = { baseUrl: 'https://portail.example', isDemo: false };
const FROM = 'Portail PDP <ne-pas-repondre@portail-pdp.example>';
const silent: MailLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const CONFIRMED = 'jeanne.dupont@example.org';

const addStaff = (db: Db, name: string, role: StaffRole, departements: string[]) =>
	addStaffAt(db, name, role, departements, T0);

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	await db.delete(outbox);
	const service = new BookingService(db, noBookingEvents, () => T0);
	// An orientation: the professional's form key is only the request key; the manage token
	// is drawn by the server and given to nobody (ADR 024).
	const serverToken = newManageToken();
	const { demande } = await service.requestCallback({
		departementCode: '69',
		source: 'employeur',
		contact: {
			nom: 'Dupont',
			prenom: 'Jeanne',
			email: 'jeanne@employeur-tape.example',
			telephone: '0612345678',
			nir: null,
			message: 'Arrêt long.'
		},
		share: null,
		locale: 'fr',
		token: serverToken,
		requestKey: newManageToken(),
		sansCreneau: false,
		orienteur: {
			type: 'employeur',
			nom: 'Marc Patron',
			structure: 'Entreprise Dupuis',
			email: 'rh@dupuis.example',
			telephone: null
		}
	});
	const agent = await addStaff(db, 'Agathe', 'agent', ['69']);
	const foreigner = await addStaff(db, 'Remi', 'agent', ['974']);
	const snapshot = async () => ({
		demande: (await db.select().from(demandes).where(eq(demandes.id, demande.id)))[0],
		events: (await db.select().from(demandeEvents)).length,
		audit: (await db.select().from(auditLog)).length,
		outbox: (await db.select().from(outbox)).length
	});
	return { db, service, demande, serverToken, agent, foreigner, snapshot };
}

describe('send the person their personal link', () => {
	it('replaces the manage token, mails the new link sealed, and writes an event and an audit line', async () => {
		const { db, service, demande, serverToken, agent } = await setup();
		expect((await service.findByToken(serverToken))?.id).toBe(demande.id);

		expect(
			await sendPersonalLink(
				db,
				agent,
				demande.reference,
				`  ${CONFIRMED.toUpperCase()} `,
				MAIL,
				T0
			)
		).toEqual({ ok: true });

		// The older link is dead; the demande now carries the confirmed address.
		expect(await service.findByToken(serverToken)).toBeUndefined();
		const row = (await db.select().from(demandes).where(eq(demandes.id, demande.id)))[0]!;
		expect(row.email).toBe(CONFIRMED);
		expect(row.status).toBe(demande.status);

		// The queued mail: the link written with LINK_TOKEN, the token only sealed.
		const queued = await db.select().from(outbox);
		expect(queued).toHaveLength(1);
		const mail = queued[0]!;
		expect(mail).toMatchObject({ recipient: CONFIRMED, demandeId: demande.id });
		expect(mail.sealedToken).not.toBeNull();
		expect(mail.text).toContain(`https://portail.example/rendez-vous/gerer/${LINK_TOKEN}`);
		expect(mail.text.match(/[a-z2-7]{32}/g) ?? []).toEqual([]);
		const rendered = renderMail(mail, linkKey())!.text;
		const newToken = rendered.match(/\/rendez-vous\/gerer\/([a-z2-7]{32})/)![1]!;
		expect(newToken).not.toBe(serverToken);
		expect((await service.findByToken(newToken))?.id).toBe(demande.id);

		// Event in the history and an audit line, neither holding the address.
		const history = await historyOf(db, demande.id);
		expect(history.at(-1)).toMatchObject({
			type: 'lien_envoye',
			from: null,
			to: null,
			note: null,
			authorName: 'Agathe'
		});
		const audits = await db
			.select()
			.from(auditLog)
			.where(eq(auditLog.demandeReference, demande.reference));
		const line = audits.find((a) => a.action === 'demande_lien_envoye');
		expect(line).toMatchObject({ userId: agent.user.id, departementCode: '69' });
		expect(JSON.stringify(line)).not.toMatch(/@|dupont|jeanne/i);

		// Through a real SMTP server: the person receives the working link, in their language.
		const smtp = await startSmtp();
		const worker = new OutboxWorker(db, transportTo(smtp.port), {
			from: FROM,
			now: () => T0,
			logger: silent,
			devLog: false
		});
		expect(await worker.runOnce()).toMatchObject({ sent: 1, failed: 0 });
		const received = parseMessage(smtp.received.find((m) => m.to.includes(CONFIRMED))!.raw);
		expect(received.subject).toBe(
			`Votre lien personnel pour suivre votre demande (${demande.reference})`
		);
		const text = textOf(received);
		expect(text).toContain(`https://portail.example/rendez-vous/gerer/${newToken}`);
		expect(text).toContain('Bonjour Jeanne Dupont,');
		expect(text).toContain('à votre demande, lors de votre échange avec le service social');
		expect(text).toContain('Rhône');
		// Nothing about the orientation itself: not the reason, not the professional.
		expect(text).not.toMatch(/Arrêt long|Patron|Dupuis/);
		// Once sent, the row holds no working token any more (ADR 025).
		const sent = (await db.select().from(outbox))[0]!;
		expect(sent.sealedToken).toBeNull();
		expect(sent.text).not.toContain(newToken);
	});

	it('a second sending kills the first link', async () => {
		const { db, service, demande, agent } = await setup();
		expect(await sendPersonalLink(db, agent, demande.reference, CONFIRMED, MAIL, T0)).toEqual({
			ok: true
		});
		const first = renderMail((await db.select().from(outbox))[0]!, linkKey())!.text.match(
			/gerer\/([a-z2-7]{32})/
		)![1]!;
		expect(await sendPersonalLink(db, agent, demande.reference, CONFIRMED, MAIL, T0)).toEqual({
			ok: true
		});
		const mails = await db.select().from(outbox);
		const second = renderMail(mails[1]!, linkKey())!.text.match(/gerer\/([a-z2-7]{32})/)![1]!;
		expect(await service.findByToken(first)).toBeUndefined();
		expect((await service.findByToken(second))?.id).toBe(demande.id);
	});

	it("another département's demande is not found, and nothing changes", async () => {
		const { db, service, demande, serverToken, foreigner, snapshot } = await setup();
		const before = await snapshot();
		expect(await sendPersonalLink(db, foreigner, demande.reference, CONFIRMED, MAIL, T0)).toEqual({
			ok: false,
			reason: 'not_found',
			status: 404
		});
		expect(
			await sendPersonalLink(db, foreigner, 'PDP-ZZZZZZZZ', CONFIRMED, MAIL, T0)
		).toMatchObject({
			ok: false,
			reason: 'not_found'
		});
		expect(await snapshot()).toEqual(before);
		expect((await service.findByToken(serverToken))?.id).toBe(demande.id);
	});

	it('a bad address is refused, and nothing changes', async () => {
		const { db, service, demande, serverToken, agent, snapshot } = await setup();
		const before = await snapshot();
		for (const bad of [
			'',
			'pas-une-adresse',
			'a@b@c.example',
			'x@example.org, y@example.org',
			`${'a'.repeat(250)}@example.org`
		]) {
			expect(await sendPersonalLink(db, agent, demande.reference, bad, MAIL, T0)).toEqual({
				ok: false,
				reason: 'invalid_email',
				status: 400
			});
		}
		expect(await snapshot()).toEqual(before);
		expect((await service.findByToken(serverToken))?.id).toBe(demande.id);
	});

	it('works on a closed demande, and refuses an anonymised one', async () => {
		const { db, demande, agent, snapshot } = await setup();
		await db
			.update(demandes)
			.set({ status: 'cloturee', closedAt: T0, outcome: 'sans_suite' })
			.where(eq(demandes.id, demande.id));
		expect(await sendPersonalLink(db, agent, demande.reference, CONFIRMED, MAIL, T0)).toEqual({
			ok: true
		});
		expect((await db.select().from(demandes).where(eq(demandes.id, demande.id)))[0]!.status).toBe(
			'cloturee'
		);

		// The retention job anonymises it (here a month after its closing).
		const policy = { draftTtlDays: 30, demandesMonths: 1, auditMonths: 12, sentMailDays: 30 };
		await runRetention(db, new Date('2027-01-04T09:00:00Z'), policy);
		expect(
			(await db.select().from(demandes).where(eq(demandes.id, demande.id)))[0]!.anonymisedAt
		).not.toBeNull();
		const before = await snapshot();
		expect(await sendPersonalLink(db, agent, demande.reference, CONFIRMED, MAIL, T0)).toEqual({
			ok: false,
			reason: 'anonymised',
			status: 409
		});
		expect(await snapshot()).toEqual(before);
	});
});
