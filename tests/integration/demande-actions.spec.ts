import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { seedDemoData } from '$lib/server/db/seed';
import {
	auditLog,
	demandeEvents,
	demandes,
	outbox,
	rendezVous,
	staffDepartements,
	staffUsers,
	type StaffRole
} from '$lib/server/db/schema';
import {
	BookingService,
	newManageToken,
	type Contact,
	noBookingEvents
} from '$lib/server/booking/service';
import { OutboxWorker, type MailLogger } from '$lib/server/mail/worker';
import { scoreAnswers } from '$lib/scoring/score';
import {
	NOTE_MAX_LENGTH,
	addNote,
	assign,
	assignableStaff,
	cancelAndClose,
	cancelRendezVous,
	close,
	historyOf,
	recordAttendance,
	recordContactAttempt,
	reopen,
	takeCharge,
	unassign,
	type Actor
} from '$lib/server/staff/actions';
import { journalFilterCount, listJournal, parseJournalQuery } from '$lib/server/staff/journal';
import { listInbox, parseInboxQuery } from '$lib/server/staff/inbox';
import type { Db } from '$lib/server/db/index';
import { hashToken } from '$lib/server/tokens';
import { testDb } from '../helpers/db';
import { parseMessage, startSmtp, textOf, transportTo } from '../helpers/smtp';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';

// Monday 23 November 2026, 10:00 in Paris.
const T0 = new Date('2026-11-23T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const MAIL = { baseUrl: 'https://portail.example', isDemo: false };
const silent: MailLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const contact: Contact = {
	nom: 'Payet',
	prenom: 'Josiane',
	email: 'josiane.payet@example.org',
	telephone: '0692000000',
	nir: '285057800608431',
	message: 'Mal au dos depuis mon accident.'
};
const share = {
	questionnaireVersion: '2026.1',
	profile: sampleProfile,
	answers: sampleAnswers,
	result: scoreAnswers(sampleAnswers, 'salarie')
};

async function addStaff(
	db: Db,
	name: string,
	role: StaffRole,
	departements: string[],
	options: { disabled?: boolean; activated?: boolean } = {}
): Promise<Actor & { name: string }> {
	const [user] = await db
		.insert(staffUsers)
		.values({
			email: `${name.toLowerCase()}@example.org`,
			name,
			role,
			passwordHash: options.activated === false ? null : 'argon2-placeholder',
			createdAt: T0,
			disabledAt: options.disabled ? T0 : null
		})
		.returning();
	for (const code of departements)
		await db.insert(staffDepartements).values({ userId: user!.id, departementCode: code });
	return {
		user: { id: user!.id, role },
		departements: role === 'administrateur' ? ['01', '69', '974'] : departements,
		name
	};
}

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const service = new BookingService(db, noBookingEvents, () => T0);
	const book = async (
		departementCode = '69',
		options: { email?: string | null; locale?: string; slot?: number } = {}
	) => {
		const slot = (await service.freeSlots(departementCode, 'telephone'))[options.slot ?? 0]!;
		const outcome = await service.book({
			departementCode,
			source: 'medecin_traitant',
			contact: { ...contact, email: options.email === undefined ? contact.email : options.email },
			share,
			locale: options.locale ?? 'fr',
			token: newManageToken(),
			agendaId: slot.agendaId,
			start: slot.start
		});
		if (!outcome.ok) throw new Error('booking failed');
		return { demande: outcome.demande, rdv: outcome.rdv, slot };
	};
	const agent = await addStaff(db, 'Agathe', 'agent', ['69', '01']);
	const colleague = await addStaff(db, 'Camille', 'agent', ['69']);
	const foreigner = await addStaff(db, 'Rémi', 'agent', ['974']);
	const admin = await addStaff(db, 'Alix', 'administrateur', []);
	const responsable974 = await addStaff(db, 'Rose', 'responsable', ['974']);
	const state = async (reference: string) =>
		(await db.select().from(demandes).where(eq(demandes.reference, reference)))[0]!;
	const events = async (demandeId: number) =>
		await db.select().from(demandeEvents).where(eq(demandeEvents.demandeId, demandeId));
	const audits = async (reference: string) =>
		await db.select().from(auditLog).where(eq(auditLog.demandeReference, reference));
	return {
		db,
		service,
		book,
		agent,
		colleague,
		foreigner,
		admin,
		responsable974,
		state,
		events,
		audits
	};
}

/** One run of the outbox worker to the test's SMTP server, at T0. */
function sendOutbox(db: Db, port: number) {
	return new OutboxWorker(db, transportTo(port), {
		from: 'Portail PDP <ne-pas-repondre@portail-pdp.example>',
		now: () => T0,
		logger: silent,
		devLog: false
	}).runOnce();
}

/** Everything a refused action might have touched, to check that nothing changed. */
async function snapshot(db: Db, demandeId: number) {
	return {
		demande: (await db.select().from(demandes).where(eq(demandes.id, demandeId)))[0],
		rdv: await db.select().from(rendezVous).where(eq(rendezVous.demandeId, demandeId)),
		events: (await db.select().from(demandeEvents)).length,
		audit: (await db.select().from(auditLog)).length,
		outbox: (await db.select().from(outbox)).length
	};
}

describe('demande workflow (real SQLite)', () => {
	it('works a demande from nouvelle to cloturee, reopens and closes again; each action is an event and an audit line', async () => {
		const { db, book, agent, state, events, audits } = await setup();
		const { demande, rdv } = await book();
		const ref = demande.reference;
		expect((await state(ref)).status).toBe('nouvelle');

		expect(await takeCharge(db, agent, ref, T0)).toEqual({ ok: true });
		expect(await state(ref)).toMatchObject({ status: 'en_cours', assignedTo: agent.user.id });

		expect(
			await recordContactAttempt(
				db,
				agent,
				ref,
				{ channel: 'telephone', result: 'message_laisse', note: 'Rappeler jeudi' },
				T0
			)
		).toEqual({ ok: true });
		expect(await addNote(db, agent, ref, 'Dossier complet', T0)).toEqual({ ok: true });

		// Attendance only once the rendez-vous has started.
		expect(await recordAttendance(db, agent, ref, 'honore', T0)).toMatchObject({
			ok: false,
			reason: 'rdv_not_past',
			status: 409
		});
		// Closing while a confirmed rendez-vous is still to come is refused.
		expect(await close(db, agent, ref, { outcome: 'sans_suite', note: null }, T0)).toMatchObject({
			ok: false,
			reason: 'rdv_upcoming'
		});
		const after = new Date(rdv.startsAt.getTime() + 60 * 60 * 1000);
		expect(await recordAttendance(db, agent, ref, 'absent', after)).toEqual({ ok: true });
		expect(await recordAttendance(db, agent, ref, 'absent', after)).toMatchObject({
			ok: false,
			reason: 'attendance_same'
		});
		expect(await recordAttendance(db, agent, ref, 'honore', after)).toEqual({ ok: true });
		expect(
			(await db.select().from(rendezVous).where(eq(rendezVous.id, rdv.id)))[0]!.attendance
		).toBe('honore');

		expect(
			await close(
				db,
				agent,
				ref,
				{ outcome: 'emploi_poste_amenage', note: 'Reprise à mi-temps' },
				after
			)
		).toEqual({ ok: true });
		expect(await state(ref)).toMatchObject({
			status: 'cloturee',
			outcome: 'emploi_poste_amenage',
			closedAt: after
		});
		// Closed: only notes and reopening remain.
		expect(await close(db, agent, ref, { outcome: 'autre', note: null }, after)).toMatchObject({
			ok: false,
			reason: 'wrong_status',
			status: 409
		});
		expect(
			await recordContactAttempt(
				db,
				agent,
				ref,
				{ channel: 'sms', result: 'joint', note: null },
				after
			)
		).toMatchObject({ ok: false, reason: 'wrong_status' });
		expect(await takeCharge(db, agent, ref, after)).toMatchObject({
			ok: false,
			reason: 'wrong_status'
		});

		expect(await reopen(db, agent, ref, 'Nouvel arrêt', after)).toEqual({ ok: true });
		expect(await state(ref)).toMatchObject({ status: 'en_cours', outcome: null, closedAt: null });
		expect(await reopen(db, agent, ref, null, after)).toMatchObject({
			ok: false,
			reason: 'wrong_status'
		});
		expect(
			await close(db, agent, ref, { outcome: 'formation_reconversion', note: null }, after)
		).toEqual({ ok: true });
		expect(await state(ref)).toMatchObject({
			status: 'cloturee',
			outcome: 'formation_reconversion'
		});

		const history = await events(demande.id);
		expect(history.map((e) => e.type)).toEqual([
			'prise_en_charge',
			'tentative_contact',
			'note',
			'rdv_absent',
			'rdv_honore',
			'cloture',
			'reouverture',
			'cloture'
		]);
		expect(history.every((e) => e.userId === agent.user.id)).toBe(true);
		expect(history[1]).toMatchObject({
			from: 'telephone',
			to: 'message_laisse',
			note: 'Rappeler jeudi'
		});
		expect(history[4]).toMatchObject({ from: 'absent', to: 'honore' });
		expect(history[5]).toMatchObject({
			from: 'en_cours',
			to: 'emploi_poste_amenage',
			note: 'Reprise à mi-temps'
		});
		expect(history[6]).toMatchObject({
			from: 'emploi_poste_amenage',
			to: 'en_cours',
			note: 'Nouvel arrêt'
		});
		expect((await historyOf(db, demande.id)).map((h) => h.authorName)).toEqual(
			Array(8).fill('Agathe')
		);

		// One audit line per stored action, with technical details only (no note, no name, no outcome).
		const lines = await audits(ref);
		expect(lines.map((l) => l.action)).toEqual(history.map((e) => `demande_${e.type}`));
		for (const line of lines) {
			expect(line).toMatchObject({ userId: agent.user.id, departementCode: '69' });
			const text = JSON.stringify(line.details);
			for (const secret of [
				'Rappeler',
				'Dossier',
				'Reprise',
				'Payet',
				'Josiane',
				'amenage',
				'formation'
			])
				expect(text).not.toContain(secret);
		}
	});

	it('a contact attempt or an assignment moves a new demande to en cours; annulée stays annulée but can be closed', async () => {
		const { db, book, service, agent, colleague, state } = await setup();
		const first = (await book('69', { slot: 0 })).demande;
		expect(
			await recordContactAttempt(
				db,
				agent,
				first.reference,
				{ channel: 'email', result: 'non_joint', note: null },
				T0
			)
		).toEqual({ ok: true });
		expect(await state(first.reference)).toMatchObject({ status: 'en_cours', assignedTo: null });

		const second = (await book('69', { slot: 1 })).demande;
		expect(await assign(db, agent, second.reference, colleague.user.id, T0)).toEqual({ ok: true });
		expect(await state(second.reference)).toMatchObject({
			status: 'en_cours',
			assignedTo: colleague.user.id
		});
		expect(await assign(db, agent, second.reference, colleague.user.id, T0)).toMatchObject({
			ok: false,
			reason: 'already_assigned'
		});
		// Taking it over from a colleague is recorded with from → to.
		expect(await takeCharge(db, agent, second.reference, T0)).toEqual({ ok: true });
		const over = (
			await db
				.select()
				.from(demandeEvents)
				.where(
					and(eq(demandeEvents.demandeId, second.id), eq(demandeEvents.type, 'prise_en_charge'))
				)
		)[0]!;
		expect(over).toMatchObject({ from: String(colleague.user.id), to: String(agent.user.id) });

		// The person cancelled through their link: annulée; staff may still close it.
		const third = await book('69', { slot: 2 });
		const token = newManageToken();
		await db
			.update(demandes)
			.set({ manageTokenHash: hashToken(token) })
			.where(eq(demandes.id, third.demande.id));
		expect(await service.cancel(token)).toEqual({ ok: true });
		expect((await state(third.demande.reference)).status).toBe('annulee');
		expect(
			await recordContactAttempt(
				db,
				agent,
				third.demande.reference,
				{ channel: 'telephone', result: 'joint', note: null },
				T0
			)
		).toEqual({ ok: true });
		expect((await state(third.demande.reference)).status).toBe('annulee');
		expect(
			await close(db, agent, third.demande.reference, { outcome: 'sans_suite', note: null }, T0)
		).toEqual({ ok: true });
		expect((await state(third.demande.reference)).status).toBe('cloturee');
	});

	it('assigns only to an active staff member of the département, or an administrateur', async () => {
		const { db, book, agent, foreigner, admin, state } = await setup();
		const disabled = await addStaff(db, 'Denis', 'agent', ['69'], { disabled: true });
		const pending = await addStaff(db, 'Paula', 'agent', ['69'], { activated: false });
		const { demande } = await book('69');
		const before = await snapshot(db, demande.id);
		for (const id of [foreigner.user.id, disabled.user.id, pending.user.id, 999_999]) {
			expect(await assign(db, agent, demande.reference, id, T0)).toMatchObject({
				ok: false,
				reason: 'assignee_invalid',
				status: 409
			});
		}
		expect(await snapshot(db, demande.id)).toEqual(before);
		const names = (await assignableStaff(db, '69')).map((s) => s.name);
		expect(names).toEqual(expect.arrayContaining(['Agathe', 'Alix', 'Camille']));
		for (const name of ['Denis', 'Paula', 'Rémi', 'Rose']) expect(names).not.toContain(name);
		expect(await assign(db, agent, demande.reference, admin.user.id, T0)).toEqual({ ok: true });
		expect((await state(demande.reference)).assignedTo).toBe(admin.user.id);
	});

	it('IDOR: a staff member of another département can neither read nor change a demande (404, nothing stored)', async () => {
		const { db, book, foreigner, responsable974, agent, colleague } = await setup();
		const { demande, rdv } = await book('69');
		const before = await snapshot(db, demande.id);
		const later = new Date(rdv.startsAt.getTime() + DAY);
		for (const actor of [foreigner, responsable974]) {
			const outcomes = [
				takeCharge(db, actor, demande.reference, T0),
				assign(db, actor, demande.reference, actor.user.id, T0),
				recordContactAttempt(
					db,
					actor,
					demande.reference,
					{ channel: 'telephone', result: 'joint', note: null },
					T0
				),
				recordAttendance(db, actor, demande.reference, 'honore', later),
				addNote(db, actor, demande.reference, 'x', T0),
				close(db, actor, demande.reference, { outcome: 'autre', note: null }, later),
				reopen(db, actor, demande.reference, null, T0),
				cancelRendezVous(db, actor, demande.reference, 'x', MAIL, T0)
			];
			for (const outcome of outcomes)
				expect(await outcome).toEqual({ ok: false, reason: 'not_found', status: 404 });
		}
		// Tampered references: junk, lower case, another format.
		for (const reference of [
			'PDP-XXXXXXXX',
			demande.reference.toLowerCase(),
			`${demande.reference}'--`,
			''
		]) {
			expect(await addNote(db, agent, reference, 'x', T0)).toMatchObject({
				ok: false,
				reason: 'not_found'
			});
		}
		// An agent of 69 assigning to a staff member of 974 only (tampered assignee id).
		expect(await assign(db, agent, demande.reference, responsable974.user.id, T0)).toMatchObject({
			ok: false,
			reason: 'assignee_invalid'
		});
		expect(await snapshot(db, demande.id)).toEqual(before);
		// The 974 staff member's own scope does not list it either.
		expect(
			(
				await listInbox(
					db,
					foreigner.departements,
					parseInboxQuery(new URLSearchParams(), foreigner.departements),
					T0
				)
			).total
		).toBe(0);
		expect(colleague.departements).toContain('69');
	});

	it('notes: at most NOTE_MAX_LENGTH characters (400, nothing stored); a closed demande still takes notes', async () => {
		const { db, book, agent, events } = await setup();
		const { demande, rdv } = await book('69');
		expect(NOTE_MAX_LENGTH).toBe(2000);
		const before = await snapshot(db, demande.id);
		const long = 'x'.repeat(NOTE_MAX_LENGTH + 1);
		expect(await addNote(db, agent, demande.reference, long, T0)).toEqual({
			ok: false,
			reason: 'too_long',
			status: 400
		});
		expect(
			await recordContactAttempt(
				db,
				agent,
				demande.reference,
				{ channel: 'sms', result: 'joint', note: long },
				T0
			)
		).toMatchObject({ reason: 'too_long' });
		expect(await cancelRendezVous(db, agent, demande.reference, long, MAIL, T0)).toMatchObject({
			reason: 'too_long'
		});
		expect(await snapshot(db, demande.id)).toEqual(before);
		expect(await addNote(db, agent, demande.reference, 'x'.repeat(NOTE_MAX_LENGTH), T0)).toEqual({
			ok: true
		});
		const after = new Date(rdv.startsAt.getTime() + DAY);
		expect(await recordAttendance(db, agent, demande.reference, 'honore', after)).toEqual({
			ok: true
		});
		expect(
			await close(db, agent, demande.reference, { outcome: 'toujours_en_soins', note: null }, after)
		).toEqual({ ok: true });
		expect(await addNote(db, agent, demande.reference, 'Après clôture', after)).toEqual({
			ok: true
		});
		expect((await events(demande.id)).at(-1)).toMatchObject({
			type: 'note',
			note: 'Après clôture'
		});
	});

	it('attendance needs a confirmed rendez-vous (a callback request has none)', async () => {
		const { db, service, agent } = await setup();
		const { demande } = await service.requestCallback({
			departementCode: '69',
			source: 'moi_meme',
			contact,
			share: null,
			locale: 'fr',
			token: newManageToken(),
			sansCreneau: true
		});
		expect(await recordAttendance(db, agent, demande.reference, 'absent', T0)).toMatchObject({
			ok: false,
			reason: 'no_confirmed_rdv'
		});
		expect(await cancelRendezVous(db, agent, demande.reference, 'x', MAIL, T0)).toMatchObject({
			ok: false,
			reason: 'no_confirmed_rdv'
		});
	});
});

describe('inbox assignment filter and journal scope', () => {
	it('filters the inbox by assignee: me, nobody, anyone; shows the assignee name', async () => {
		const { db, book, agent, colleague } = await setup();
		const mine = (await book('69', { slot: 0 })).demande;
		const theirs = (await book('69', { slot: 1 })).demande;
		const nobody = (await book('69', { slot: 2 })).demande;
		await takeCharge(db, agent, mine.reference, T0);
		await assign(db, agent, theirs.reference, colleague.user.id, T0);
		const list = async (assigned?: string) =>
			(
				await listInbox(
					db,
					agent.departements,
					parseInboxQuery(new URLSearchParams(assigned ? { assigned } : {}), agent.departements),
					T0,
					agent.user.id
				)
			).rows;
		expect((await list('moi')).map((r) => r.reference)).toEqual([mine.reference]);
		expect((await list('personne')).map((r) => r.reference)).toEqual([nobody.reference]);
		expect((await list()).map((r) => r.reference).sort()).toEqual(
			[mine.reference, theirs.reference, nobody.reference].sort()
		);
		expect((await list()).find((r) => r.reference === theirs.reference)!.assigneeName).toBe(
			'Camille'
		);
		// Without a viewer, "mine" is nobody's.
		expect(
			(
				await listInbox(
					db,
					agent.departements,
					parseInboxQuery(new URLSearchParams({ assigned: 'moi' }), agent.departements),
					T0
				)
			).total
		).toBe(0);
	});

	it('a responsable sees the journal of their départements and staff only; an administrateur sees all', async () => {
		const { db, book, agent, foreigner, responsable974, admin } = await setup();
		const lyon = (await book('69')).demande;
		const reunion = (await book('974')).demande;
		await addNote(db, agent, lyon.reference, 'x', T0);
		await addNote(db, foreigner, reunion.reference, 'y', T0);
		// A login line of a 974 staff member (no département on the line itself).
		await db
			.insert(auditLog)
			.values({ at: T0, userId: foreigner.user.id, action: 'login_success' });
		const view = (
			actor: typeof agent & { user: { role: StaffRole } },
			query: Record<string, string> = {}
		) =>
			listJournal(
				db,
				{ role: actor.user.role, departements: actor.departements },
				parseJournalQuery(new URLSearchParams(query)),
				'Indian/Reunion'
			);
		const rose = (await view(responsable974)).rows;
		expect(rose.map((r) => r.demandeReference ?? r.action).sort()).toEqual(
			['login_success', reunion.reference].sort()
		);
		expect(rose.some((r) => r.demandeReference === lyon.reference)).toBe(false);
		expect(rose.find((r) => r.action === 'login_success')!.userName).toBe('Rémi');
		expect((await view(admin)).total).toBe(3);
		// Filters: action, reference (normalised), dates in the time zone, junk ignored.
		expect(
			(await view(admin, { reference: lyon.reference.toLowerCase() })).rows.map((r) => r.action)
		).toEqual(['demande_note']);
		expect((await view(admin, { action: 'login_success' })).total).toBe(1);
		expect((await view(admin, { from: '2026-11-24' })).total).toBe(0);
		expect((await view(admin, { from: '2026-11-23', to: '2026-11-23' })).total).toBe(3);
		const junk = parseJournalQuery(
			new URLSearchParams({
				action: 'drop table',
				reference: "' or 1=1",
				from: '2026-02-31',
				page: '-1'
			})
		);
		expect(junk).toEqual({
			action: undefined,
			reference: undefined,
			from: undefined,
			to: undefined,
			page: 1
		});
		expect(journalFilterCount(junk)).toBe(0);
	});
});

describe('back-office cancellation of a rendez-vous (real SMTP)', () => {
	it('frees the slot, keeps the demande to be worked and e-mails the person without health data', async () => {
		const smtp = await startSmtp();
		const { db, service, book, agent, state, events } = await setup();
		const { demande, rdv, slot } = await book('974', { locale: 'fr' });
		expect(await takeCharge(db, agent, demande.reference, T0)).toMatchObject({
			ok: false,
			status: 404
		}); // 974 is not the agent's
		const responsable = await addStaff(db, 'Rose-Marie', 'responsable', ['974']);
		const message =
			'Votre conseillère est absente ce jour-là. Nous vous proposons de reprendre un rendez-vous.';
		expect(await cancelRendezVous(db, responsable, demande.reference, message, MAIL, T0)).toEqual({
			ok: true,
			value: { mailed: true }
		});

		expect((await db.select().from(rendezVous).where(eq(rendezVous.id, rdv.id)))[0]).toMatchObject({
			status: 'annule',
			cancelledBy: 'service',
			cancelledAt: T0
		});
		expect((await state(demande.reference)).status).toBe('en_cours');
		expect((await events(demande.id)).map((e) => [e.type, e.note])).toEqual([
			['rdv_annule', message]
		]);
		// The slot can be booked again at once.
		expect(
			(await service.freeSlots('974', 'telephone')).some(
				(s) => s.start.getTime() === slot.start.getTime() && s.agendaId === slot.agendaId
			)
		).toBe(true);
		const again = await service.book({
			departementCode: '974',
			source: 'moi_meme',
			contact,
			share: null,
			locale: 'fr',
			token: newManageToken(),
			agendaId: slot.agendaId,
			start: slot.start
		});
		expect(again.ok).toBe(true);
		// Nothing left to cancel.
		expect(
			await cancelRendezVous(db, responsable, demande.reference, message, MAIL, T0)
		).toMatchObject({
			ok: false,
			reason: 'no_confirmed_rdv'
		});

		expect(await sendOutbox(db, smtp.port)).toMatchObject({ sent: 1, failed: 0 });
		const mail = smtp.received.find((m) => m.to.includes(contact.email!));
		expect(mail).toBeDefined();
		const parsed = parseMessage(mail!.raw);
		const text = textOf(parsed);
		expect(parsed.subject).toContain(demande.reference);
		expect(text).toContain('Bonjour Josiane Payet');
		expect(text).toContain(message);
		expect(text).toContain('https://portail.example/rendez-vous');
		expect(text).toContain('mardi 24 novembre 2026');
		expect(text).toContain('heure de La Réunion');
		const ics = parsed.parts
			.find((p) => (p.headers.get('content-type') ?? '').startsWith('text/calendar'))!
			.body.toString('utf8');
		expect(ics).toContain('METHOD:CANCEL');
		expect(ics).toContain(`UID:${demande.reference}@portail-pdp`);
		const all = parsed.subject + text + ics;
		for (const secret of [
			'accident',
			'dos',
			'285057800608431',
			'0692000000',
			share.result.level,
			'Modéré',
			'Élevé',
			'score',
			'questionnaire'
		]) {
			expect(all, secret).not.toContain(secret);
		}
	});

	it('writes in the person’s language, and says so when the person has no e-mail address', async () => {
		const { db, book, agent, admin } = await setup();
		const english = (await book('69', { locale: 'en', slot: 0 })).demande;
		expect(
			await cancelRendezVous(db, agent, english.reference, 'Sorry, the office is closed.', MAIL, T0)
		).toEqual({ ok: true, value: { mailed: true } });
		const queued = (await db.select().from(outbox).where(eq(outbox.demandeId, english.id)))[0]!;
		expect(queued.subject).toContain('cancelled');
		expect(queued.text).toContain('Sorry, the office is closed.');

		const silentPerson = (await book('69', { email: null, slot: 1 })).demande;
		const emails = async () =>
			(await db.select().from(outbox).where(eq(outbox.channel, 'email'))).length;
		const before = await emails();
		expect(
			await cancelRendezVous(db, admin, silentPerson.reference, 'Fermeture', MAIL, T0)
		).toEqual({
			ok: true,
			value: { mailed: false }
		});
		expect(await emails()).toBe(before);
		// Their mobile number is texted instead (ADR 041).
		expect(
			(await db.select().from(outbox).where(eq(outbox.channel, 'sms'))).at(-1)?.dedupeKey
		).toBe(`${silentPerson.reference}:sms:cancel`);
		// A past rendez-vous cannot be cancelled (record attendance instead).
		const past = await book('69', { slot: 2 });
		expect(
			await cancelRendezVous(
				db,
				agent,
				past.demande.reference,
				'x',
				MAIL,
				new Date(past.rdv.startsAt.getTime() + 1)
			)
		).toMatchObject({ ok: false, reason: 'rdv_past' });
	});
});

describe('unassign and « annuler le rendez-vous et clôturer » (ADR 039)', () => {
	it('unassigns: back to the common queue, status kept, history and audit written', async () => {
		const { db, book, agent, colleague, foreigner, state, events, audits } = await setup();
		const { demande } = await book('69');
		expect(await unassign(db, agent, demande.reference, T0)).toMatchObject({
			ok: false,
			reason: 'not_assigned',
			status: 409
		});
		expect((await takeCharge(db, agent, demande.reference, T0)).ok).toBe(true);
		// Another département's staff cannot even see it.
		expect(await unassign(db, foreigner, demande.reference, T0)).toMatchObject({ status: 404 });
		expect(await unassign(db, colleague, demande.reference, T0)).toEqual({ ok: true });
		expect(await state(demande.reference)).toMatchObject({ assignedTo: null, status: 'en_cours' });
		expect((await events(demande.id)).map((e) => [e.type, e.from, e.to])).toEqual([
			['prise_en_charge', null, String(agent.user.id)],
			['desassignation', String(agent.user.id), null]
		]);
		expect((await audits(demande.reference)).map((a) => a.action)).toContain(
			'demande_desassignation'
		);
		const history = await historyOf(db, demande.id);
		expect(history.at(-1)).toMatchObject({ type: 'desassignation', authorName: 'Camille' });
	});

	it('cancels the upcoming rendez-vous and closes in one step, with ONE e-mail saying both', async () => {
		const smtp = await startSmtp();
		const { db, service, book, agent, state, events } = await setup();
		const { demande, rdv, slot } = await book('69');
		const input = {
			outcome: 'sans_suite' as const,
			note: 'Ne souhaite plus',
			message: 'La personne a retrouvé un poste.'
		};
		// Closing alone is refused while the rendez-vous is to come (nothing stored).
		const before = await snapshot(db, demande.id);
		expect(await close(db, agent, demande.reference, input, T0)).toMatchObject({
			ok: false,
			reason: 'rdv_upcoming'
		});
		expect(await snapshot(db, demande.id)).toEqual(before);

		expect(await cancelAndClose(db, agent, demande.reference, input, MAIL, T0)).toEqual({
			ok: true,
			value: { mailed: true }
		});
		expect(await state(demande.reference)).toMatchObject({
			status: 'cloturee',
			outcome: 'sans_suite',
			closedAt: T0
		});
		expect((await db.select().from(rendezVous).where(eq(rendezVous.id, rdv.id)))[0]).toMatchObject({
			status: 'annule',
			cancelledBy: 'service'
		});
		expect((await events(demande.id)).map((e) => [e.type, e.from, e.to])).toEqual([
			['rdv_annule', 'confirme', 'annule'],
			['cloture', 'nouvelle', 'sans_suite']
		]);
		expect(
			(await service.freeSlots('69', 'telephone')).some(
				(s) => s.start.getTime() === slot.start.getTime() && s.agendaId === slot.agendaId
			)
		).toBe(true);

		expect(await sendOutbox(db, smtp.port)).toMatchObject({ sent: 1, failed: 0 });
		const mails = smtp.received.filter((m) => m.to.includes(contact.email!));
		expect(mails).toHaveLength(1);
		const parsed = parseMessage(mails[0]!.raw);
		const text = textOf(parsed);
		expect(parsed.subject).toContain('demande close');
		expect(text).toContain(input.message);
		expect(text).toContain('Votre demande est close');
		expect(text).not.toContain('reste ouverte');
		expect(text).not.toContain(input.note);
		expect(text).not.toContain('Sans suite');
	});

	it('refuses as a whole: nothing cancelled when the demande cannot be closed, nothing closed without a rendez-vous to cancel', async () => {
		const { db, book, agent } = await setup();
		const input = { outcome: 'autre' as const, note: null, message: 'Message' };
		const { demande } = await book('69');
		expect((await cancelAndClose(db, agent, demande.reference, input, MAIL, T0)).ok).toBe(true);
		const closed = await snapshot(db, demande.id);
		expect(await cancelAndClose(db, agent, demande.reference, input, MAIL, T0)).toMatchObject({
			ok: false,
			reason: 'wrong_status'
		});
		expect(await snapshot(db, demande.id)).toEqual(closed);
		const past = await book('69', { slot: 1 });
		const after = new Date(past.rdv.startsAt.getTime() + 1);
		const untouched = await snapshot(db, past.demande.id);
		expect(
			await cancelAndClose(db, agent, past.demande.reference, input, MAIL, after)
		).toMatchObject({
			ok: false,
			reason: 'rdv_past'
		});
		expect(await snapshot(db, past.demande.id)).toEqual(untouched);
		expect(
			await cancelAndClose(
				db,
				agent,
				past.demande.reference,
				{ ...input, message: 'x'.repeat(NOTE_MAX_LENGTH + 1) },
				MAIL,
				T0
			)
		).toMatchObject({ ok: false, reason: 'too_long', status: 400 });
	});
});
