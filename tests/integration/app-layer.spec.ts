/**
 * The back-office use cases taken out of the routes (ADR 030), on real SQLite copies:
 * the demande page, the agenda planning window, the password change and the TOTP set-up.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { testDb } from '../helpers/db';
import { sampleContact } from '../fixtures/contact';
import { seedDemoData } from '$lib/server/db/seed';
import {
	agendaAbsences,
	agendaOpenings,
	agendas,
	auditLog,
	closures,
	staffUsers
} from '$lib/server/db/schema';
import {
	BookingService,
	newManageToken,
	noBookingEvents,
	type Contact
} from '$lib/server/booking/service';
import type { StaffContext } from '$lib/server/auth/guard';
import {
	createStaffUser,
	getStaffUser,
	setPassword,
	setTotpSecret
} from '$lib/server/auth/accounts';
import { hashPassword, hashPasswordSync, verifyPassword } from '$lib/server/auth/password';
import { DEMO_STAFF_PASSWORD, demoStaff } from '$lib/server/auth/demo';
import {
	createSession,
	generateSessionToken,
	validateSessionToken
} from '$lib/server/auth/session';
import { generateTotpSecret, totpStepAt } from '$lib/server/auth/totp';
import { addClosure, addOpening, planAbsence } from '$lib/server/agendas/manage';
import { takeCharge } from '$lib/server/staff/actions';
import { demandePage } from '$lib/server/staff/demande-page';
import { changePassword } from '$lib/server/account/password-change';
import { disableTotp, enableTotp, totpSetupView } from '$lib/server/account/totp-setup';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');
const contact: Contact = { ...sampleContact, telephone: '0612345678' };
const staff = (
	id: number,
	role: StaffContext['user']['role'],
	departements: string[]
): StaffContext => ({
	user: { id, email: `s${id}@example.org`, name: `Staff ${id}`, role },
	departements,
	sessionId: `session-${id}`
});

async function seeded() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	return db;
}

describe('demande page use case', () => {
	it('is built from the one scoped load (assignee, history names, rendez-vous actions) and audits the reading', async () => {
		const db = await seeded();
		const agentId = await createStaffUser(
			db,
			{ email: 'agent69@example.fr', name: 'Agent Lyon', role: 'agent', departements: ['69'] },
			NOW
		);
		await setPassword(db, agentId, await hashPassword('une longue phrase de passe'));
		const agent = staff(agentId, 'agent', ['69']);
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const slot = (await service.freeSlots('69', 'telephone'))[0]!;
		const booked = await service.book({
			departementCode: '69',
			source: 'moi_meme',
			contact,
			share: null,
			locale: 'fr',
			token: newManageToken(),
			agendaId: slot.agendaId,
			start: slot.start
		});
		if (!booked.ok) throw new Error('booking failed');
		expect(await takeCharge(db, agent, booked.demande.reference, NOW)).toEqual({
			ok: true,
			value: undefined
		});

		const page = await demandePage(db, agent, booked.demande.reference, NOW);
		if (!page.ok) throw new Error('not found');
		expect(page.value.demande).toMatchObject({
			reference: booked.demande.reference,
			status: 'en_cours',
			assignedTo: agentId,
			assigneeName: 'Agent Lyon',
			closedAt: null,
			outcome: null
		});
		expect(page.value.demande.rdv).toMatchObject({
			canCancel: true,
			canRecordAttendance: false,
			cancelled: false
		});
		expect(page.value.history).toEqual([
			expect.objectContaining({ type: 'prise_en_charge', toName: 'Agent Lyon' })
		]);
		expect(page.value.departement.code).toBe('69');
		const reads = await db.select().from(auditLog).where(eq(auditLog.action, 'demande_read'));
		expect(reads).toMatchObject([
			{ userId: agentId, demandeReference: booked.demande.reference, departementCode: '69' }
		]);
	});

	it('answers not_found (404) for another département or a junk reference, and audits nothing', async () => {
		const db = await seeded();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const slot = (await service.freeSlots('974', 'telephone'))[0]!;
		const booked = await service.book({
			departementCode: '974',
			source: 'moi_meme',
			contact,
			share: null,
			locale: 'fr',
			token: newManageToken(),
			agendaId: slot.agendaId,
			start: slot.start
		});
		if (!booked.ok) throw new Error('booking failed');
		const agent = staff(999, 'agent', ['69']);
		expect(await demandePage(db, agent, booked.demande.reference, NOW)).toEqual({
			ok: false,
			reason: 'not_found',
			status: 404
		});
		expect(await demandePage(db, agent, 'PDP-<script>', NOW)).toMatchObject({
			ok: false,
			status: 404
		});
		expect(await db.select().from(auditLog).where(eq(auditLog.action, 'demande_read'))).toEqual([]);
	});
});

describe('agenda planning window (in the use cases, not the routes)', () => {
	const responsable = staff(1, 'responsable', ['69']);
	const actor = { ctx: responsable, now: NOW };
	const agendaOf = async (db: Awaited<ReturnType<typeof seeded>>) =>
		(
			await db
				.select()
				.from(agendas)
				.where(and(eq(agendas.departementCode, '69'), eq(agendas.mode, 'telephone')))
		)[0]!;

	it('refuses an opening or a closure day before today or beyond 366 days, on the date field, storing nothing', async () => {
		const db = await seeded();
		const agenda = await agendaOf(db);
		const outside = { ok: false, reason: 'agendas:errors.dateRange', status: 400, field: 'date' };
		expect(
			await addOpening(db, actor, agenda.id, { date: '2026-11-22', start: '18:00', end: '19:00' })
		).toEqual(outside);
		expect(
			await addOpening(db, actor, agenda.id, { date: '2027-11-25', start: '18:00', end: '19:00' })
		).toEqual(outside);
		expect(await addClosure(db, actor, '69', '2026-11-22')).toEqual(outside);
		expect(await db.select().from(agendaOpenings)).toEqual([]);
		expect(await db.select().from(closures).where(eq(closures.date, '2026-11-22'))).toEqual([]);
		expect(
			await addOpening(db, actor, agenda.id, { date: '2026-11-23', start: '18:00', end: '19:00' })
		).toEqual({ ok: true, value: undefined });
		expect(await addClosure(db, actor, '69', '2027-11-24')).toEqual({ ok: true, value: undefined });
	});

	it('plans an absence in the département time zone: a nonexistent local time or a past span is refused on its field', async () => {
		const db = await seeded();
		const agenda = await agendaOf(db);
		const form = {
			startDate: '2026-12-01',
			startTime: '09:00',
			endDate: '2026-12-01',
			endTime: '12:00',
			label: 'Formation'
		};
		// 28 March 2027, 02:30 does not exist in Paris (clocks go from 02:00 to 03:00).
		expect(
			await planAbsence(db, actor, agenda.id, {
				...form,
				startDate: '2027-03-28',
				startTime: '02:30',
				endDate: '2027-03-28'
			})
		).toMatchObject({
			ok: false,
			field: 'startTime',
			reason: 'agendas:errors.nonexistentTime'
		});
		expect(
			await planAbsence(db, actor, agenda.id, {
				...form,
				startDate: '2026-11-20',
				endDate: '2026-11-22'
			})
		).toMatchObject({ ok: false, field: 'endDate', reason: 'agendas:errors.dateRange' });
		expect(await db.select().from(agendaAbsences)).toEqual([]);
		expect(await planAbsence(db, actor, agenda.id, form)).toEqual({ ok: true, value: undefined });
		expect((await db.select().from(agendaAbsences))[0]).toMatchObject({
			startsAt: new Date('2026-12-01T08:00:00Z'),
			endsAt: new Date('2026-12-01T11:00:00Z')
		});
		expect(
			await planAbsence(db, { ctx: staff(2, 'responsable', ['974']), now: NOW }, agenda.id, form)
		).toMatchObject({ ok: false, status: 404 });
	});
});

describe('account use cases', () => {
	const PASSPHRASE = 'une longue phrase de passe';
	async function account(role: 'agent' | 'administrateur' = 'agent') {
		const db = testDb();
		const userId = await createStaffUser(
			db,
			{ email: 'agent@example.fr', name: 'Agent', role, departements: ['69'] },
			NOW
		);
		await setPassword(db, userId, await hashPassword(PASSPHRASE));
		return { db, userId, user: async () => (await getStaffUser(db, userId))! };
	}
	const codeAt = (secret: string, now: Date) =>
		generateHOTP(decodeBase32IgnorePadding(secret), BigInt(totpStepAt(now)), 6);

	it('changes the password only with the right current one; every other session ends, a fresh one is handed back', async () => {
		const { db, userId, user } = await account();
		const other = generateSessionToken();
		await createSession(db, other, userId, { twoFactorVerified: true });
		const wrong = await changePassword(db, await user(), {
			current: 'pas le bon',
			password: 'une toute nouvelle phrase',
			ip: '203.0.113.1'
		});
		expect(wrong).toEqual({
			ok: false,
			reason: 'staff:account.errors.current',
			status: 400,
			field: 'current'
		});
		const weak = await changePassword(db, await user(), {
			current: PASSPHRASE,
			password: 'court',
			ip: '203.0.113.1'
		});
		expect(weak).toMatchObject({ ok: false, status: 400, field: 'password' });
		expect((await validateSessionToken(db, other)).session).not.toBeNull();

		const done = await changePassword(db, await user(), {
			current: PASSPHRASE,
			password: 'une toute nouvelle phrase',
			ip: '203.0.113.1'
		});
		if (!done.ok) throw new Error(done.reason);
		expect(await verifyPassword((await user()).passwordHash!, 'une toute nouvelle phrase')).toBe(
			true
		);
		expect((await validateSessionToken(db, other)).session).toBeNull();
		expect((await validateSessionToken(db, done.value.token)).session?.twoFactorVerified).toBe(
			true
		);
		expect(
			(await db.select({ action: auditLog.action }).from(auditLog)).map((r) => r.action)
		).toEqual(['password_change_failure', 'password_changed']);
	});

	it('sets TOTP up with a first right code (stored once, audited), refuses a replay, and keeps it for administrateurs', async () => {
		const { db, userId, user } = await account('administrateur');
		const { secret } = totpSetupView('agent@example.fr');
		expect(totpSetupView('agent@example.fr', secret).secret).toBe(secret);
		expect(totpSetupView('agent@example.fr', 'not a secret').secret).not.toBe('not a secret');
		expect(
			await enableTotp(db, await user(), { secret, code: '000000', ip: '203.0.113.1' }, NOW)
		).toMatchObject({ ok: false, reason: 'invalid', status: 400, field: 'code' });
		expect(
			await enableTotp(
				db,
				await user(),
				{ secret, code: codeAt(secret, NOW), ip: '203.0.113.1' },
				NOW
			)
		).toEqual({ ok: true, value: undefined });
		expect(
			(await db.select().from(staffUsers).where(eq(staffUsers.id, userId)))[0]?.totpSecret
		).toBe(secret);
		// A second set-up cannot replace the secret.
		const other = generateTotpSecret();
		expect(
			await enableTotp(
				db,
				await user(),
				{ secret: other, code: codeAt(other, NOW), ip: '203.0.113.1' },
				NOW
			)
		).toMatchObject({ ok: false });
		expect((await user()).totpSecret).toBe(secret);
		expect(
			await disableTotp(db, await user(), { code: codeAt(secret, NOW), ip: '203.0.113.1' }, NOW)
		).toEqual({
			ok: false,
			reason: 'forbidden',
			status: 403
		});
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'totp_enabled'))
		).toHaveLength(1);
	});

	it('an agent turns TOTP off with a current code, not with a replayed one', async () => {
		const { db, user } = await account('agent');
		const secret = generateTotpSecret();
		await setTotpSecret(db, (await user()).id, secret);
		const later = new Date(NOW.getTime() + 60_000);
		expect(
			await enableTotp(
				db,
				await user(),
				{ secret, code: codeAt(secret, NOW), ip: '203.0.113.1' },
				NOW
			)
		).toMatchObject({ ok: false });
		expect(
			await disableTotp(db, await user(), { code: codeAt(secret, later), ip: '203.0.113.1' }, later)
		).toEqual({ ok: true, value: undefined });
		expect((await user()).totpSecret).toBeNull();
		expect(
			await db.select().from(auditLog).where(eq(auditLog.action, 'totp_disabled'))
		).toHaveLength(1);
	});
});

describe('nearest free slots: one fallback', () => {
	it('a taken slot is answered with the same nearest free slots the booking pages offer for a stale choice', async () => {
		const db = await seeded();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const free = await service.freeSlots('69', 'telephone');
		const target = free[5]!;
		const first = await service.book({
			departementCode: '69',
			source: 'moi_meme',
			contact,
			share: null,
			locale: 'fr',
			token: newManageToken(),
			agendaId: target.agendaId,
			start: target.start
		});
		expect(first.ok).toBe(true);
		const nearest = await service.nearestFree('69', 'telephone', target.start);
		expect(nearest).toHaveLength(3);
		expect(nearest.map((s) => s.start.getTime())).not.toContain(target.start.getTime());
		const distance = (s: { start: Date }) => Math.abs(s.start.getTime() - target.start.getTime());
		const others = (await service.freeSlots('69', 'telephone')).filter((s) => !nearest.includes(s));
		expect(Math.max(...nearest.map(distance))).toBeLessThanOrEqual(
			Math.min(...others.map(distance))
		);
		const second = await service.book({
			departementCode: '69',
			source: 'moi_meme',
			contact,
			share: null,
			locale: 'fr',
			token: newManageToken(),
			agendaId: target.agendaId,
			start: target.start
		});
		expect(second).toEqual({ ok: false, reason: 'slot_taken', nearest });
	});
});

describe('one argon2 parameter set', () => {
	it('demo staff are hashed with exactly the parameters of hashPassword, and their password verifies', async () => {
		const db = await seeded();
		const demoHash = (
			await db
				.select({ hash: staffUsers.passwordHash })
				.from(staffUsers)
				.where(eq(staffUsers.email, demoStaff[0].email))
		)[0]!.hash!;
		const params = (encoded: string) => encoded.split('$').slice(0, 4).join('$');
		expect(params(demoHash)).toBe(params(await hashPassword('une longue phrase de passe')));
		expect(params(hashPasswordSync('x'))).toBe('$argon2id$v=19$m=19456,t=2,p=1');
		expect(await verifyPassword(demoHash, DEMO_STAFF_PASSWORD)).toBe(true);
	});
});
