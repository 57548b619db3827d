import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { Db } from '$lib/server/db/index';
import {
	auditLog,
	outbox,
	staffDepartements,
	staffSetupTokens,
	staffUsers,
	type StaffRole
} from '$lib/server/db/schema';
import {
	SETUP_TOKEN_TTL_MS,
	RESET_TOKEN_TTL_MS,
	completeSetup,
	createStaffUser,
	findSetupLink,
	setPassword
} from '$lib/server/auth/accounts';
import { staffContextFor, type StaffContext } from '$lib/server/auth/guard';
import { attemptPasswordLogin } from '$lib/server/auth/login';
import { hashPassword } from '$lib/server/auth/password';
import { RESET_MAX_PER_HOUR, requestPasswordReset } from '$lib/server/auth/reset';
import {
	createSession,
	generateSessionToken,
	validateSessionToken
} from '$lib/server/auth/session';
import {
	createMember,
	isUniqueViolation,
	listMembers,
	sendMemberResetLink,
	setMemberDisabled
} from '$lib/server/staff/team';
import { OutboxWorker, type MailLogger } from '$lib/server/mail/worker';
import { linkKey } from '$lib/server/mail/link-key';
import { renderMail } from '$lib/server/mail/seal';
import { testDb } from '../helpers/db';
import { PASSPHRASE, t0 as T0, at } from '../fixtures/auth';
import { parseMessage, startSmtp, textOf, transportTo } from '../helpers/smtp';

const BASE = 'https://portail.example';
const FROM = 'Portail PDP <ne-pas-repondre@portail-pdp.example>';
const silent: MailLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const options = { baseUrl: BASE, isDemo: false, now: T0 };
/** A queued mail's text as it will be sent (its link's token unsealed, ADR 025). */
const sentText = (mail: { text: string; ics: string | null; sealedToken: string | null }) =>
	renderMail(mail, linkKey())!.text;

async function person(
	db: Db,
	email: string,
	role: StaffRole,
	departements: string[]
): Promise<{ id: number; ctx: StaffContext }> {
	const id = await createStaffUser(
		db,
		{ email, name: `Nom ${email.split('@')[0]}`, role, departements },
		T0
	);
	const ctx = await staffContextFor(db, `session-${id}`, {
		id,
		email,
		name: 'x',
		role,
		totpEnabled: false
	});
	return { id, ctx };
}

async function setup() {
	const db = testDb();
	const admin = await person(db, 'admin@example.fr', 'administrateur', []);
	const resp974 = await person(db, 'resp974@example.fr', 'responsable', ['974']);
	const agent974 = await person(db, 'agent974@example.fr', 'agent', ['974']);
	const agent69 = await person(db, 'agent69@example.fr', 'agent', ['69']);
	const agentBoth = await person(db, 'agentboth@example.fr', 'agent', ['974', '69']);
	return { db, admin, resp974, agent974, agent69, agentBoth };
}

/** Everything a refused creation must leave untouched. */
function snapshot(db: Db) {
	const n = async (
		table:
			| typeof staffUsers
			| typeof staffDepartements
			| typeof staffSetupTokens
			| typeof outbox
			| typeof auditLog
	) => (await db.select({ n: count() }).from(table))[0]!.n;
	return Promise.all([
		n(staffUsers),
		n(staffDepartements),
		n(staffSetupTokens),
		n(outbox),
		n(auditLog)
	]);
}

const newAgent = {
	name: 'Lucie Hoarau',
	email: 'Lucie.Hoarau@Example.FR',
	role: 'agent',
	departements: ['974']
};

async function deliver(db: Db, port: number, now: Date) {
	const worker = new OutboxWorker(db, transportTo(port), {
		from: FROM,
		now: () => now,
		logger: silent,
		devLog: false
	});
	return worker.runOnce();
}

describe('creating accounts', () => {
	it('refuses tampered roles, foreign or unknown départements, duplicates and bad e-mails, storing nothing', async () => {
		const { db, resp974 } = await setup();
		const before = await snapshot(db);
		const refusals: [unknown, Record<string, string>][] = [
			[
				{ ...newAgent, role: 'administrateur', departements: [] },
				{ role: 'equipe:errors.roleNotAllowed' }
			],
			[{ ...newAgent, role: 'administrateur' }, { role: 'equipe:errors.roleNotAllowed' }],
			[{ ...newAgent, role: 'superuser' }, { role: 'equipe:errors.roleRequired' }],
			[
				{ ...newAgent, departements: ['69'] },
				{ departements: 'equipe:errors.departementNotAllowed' }
			],
			[
				{ ...newAgent, departements: ['974', '01'] },
				{ departements: 'equipe:errors.departementNotAllowed' }
			],
			[{ ...newAgent, departements: ['ZZ'] }, { departements: 'equipe:errors.departementUnknown' }],
			[{ ...newAgent, departements: [] }, { departements: 'equipe:errors.departementsRequired' }],
			[{ ...newAgent, email: 'AGENT974@example.fr' }, { email: 'equipe:errors.emailTaken' }],
			[{ ...newAgent, email: 'pas-une-adresse' }, { email: 'equipe:errors.emailInvalid' }],
			[{ ...newAgent, email: 'a@b.fr, c@d.fr' }, { email: 'equipe:errors.emailInvalid' }],
			[{ ...newAgent, email: '' }, { email: 'equipe:errors.emailRequired' }],
			[{ ...newAgent, name: '   ' }, { name: 'equipe:errors.nameRequired' }],
			[{ ...newAgent, name: 'x'.repeat(201) }, { name: 'equipe:errors.nameTooLong' }],
			['not an object', { form: 'equipe:errors.invalid' }]
		];
		for (const [input, errors] of refusals) {
			const outcome = await createMember(db, resp974.ctx, input, options);
			expect(outcome, JSON.stringify(input).slice(0, 80)).toEqual({ ok: false, errors });
		}
		expect(await snapshot(db)).toEqual(before);
	});

	it('a responsable creates an agent of their département: no password, a 72-hour link, a mail, an audit row with ids only', async () => {
		const { db, resp974 } = await setup();
		const outcome = await createMember(
			db,
			resp974.ctx,
			{ ...newAgent, departements: ['974', '974'] },
			options
		);
		if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
		expect(outcome.url).toBe(`${BASE}/espace-pro/activation/${outcome.token}`);
		const user = (await db.select().from(staffUsers).where(eq(staffUsers.id, outcome.userId)))[0]!;
		expect(user).toMatchObject({
			email: 'lucie.hoarau@example.fr',
			name: 'Lucie Hoarau',
			role: 'agent',
			passwordHash: null,
			disabledAt: null
		});
		expect(
			(await db.select().from(staffDepartements).where(eq(staffDepartements.userId, user.id))).map(
				(r) => r.departementCode
			)
		).toEqual(['974']);
		const link = await findSetupLink(db, outcome.token, at(SETUP_TOKEN_TTL_MS - 1));
		expect(link).toMatchObject({ purpose: 'activation', user: { id: user.id } });
		expect(await findSetupLink(db, outcome.token, at(SETUP_TOKEN_TTL_MS))).toBeUndefined();
		expect(JSON.stringify(await db.select().from(staffSetupTokens))).not.toContain(outcome.token);
		const mails = await db.select().from(outbox);
		expect(mails).toHaveLength(1);
		expect(mails[0]).toMatchObject({ recipient: 'lucie.hoarau@example.fr' });
		const rows = await db.select().from(auditLog);
		expect(rows).toEqual([
			expect.objectContaining({
				userId: resp974.id,
				action: 'staff_created',
				departementCode: '974',
				details: { targetUserId: user.id, role: 'agent' }
			})
		]);
		expect(JSON.stringify(rows)).not.toMatch(/lucie|hoarau/i);
	});

	it('an administrateur may create another administrateur (no département) and agents anywhere', async () => {
		const { db, admin } = await setup();
		const created = await createMember(
			db,
			admin.ctx,
			{
				name: 'Admin Deux',
				email: 'admin2@example.fr',
				role: 'administrateur',
				departements: ['69']
			},
			options
		);
		expect(created.ok).toBe(true);
		const row = (
			await db.select().from(staffUsers).where(eq(staffUsers.email, 'admin2@example.fr'))
		)[0]!;
		expect(
			await db.select().from(staffDepartements).where(eq(staffDepartements.userId, row.id))
		).toEqual([]);
		expect(
			(await createMember(db, admin.ctx, { ...newAgent, departements: ['2A', '971'] }, options)).ok
		).toBe(true);
	});

	it('recognises the database refusing a duplicate e-mail (two creations racing past the check)', async () => {
		const { db } = await setup();
		let caught: unknown;
		try {
			await createStaffUser(
				db,
				{ email: 'agent974@example.fr', name: 'Doublon', role: 'agent', departements: ['974'] },
				T0
			);
		} catch (error) {
			caught = error;
		}
		expect(isUniqueViolation(caught)).toBe(true);
		expect(isUniqueViolation(new Error('other'))).toBe(false);
	});

	it('e-mails the one-time link to the new member through a real SMTP server; the link sets the password once', async () => {
		const smtp = await startSmtp();
		const { db, admin } = await setup();
		const outcome = await createMember(db, admin.ctx, newAgent, options);
		if (!outcome.ok) throw new Error('creation failed');
		expect(await deliver(db, smtp.port, T0)).toMatchObject({ sent: 1, failed: 0 });
		expect(smtp.received[0]!.to).toEqual(['lucie.hoarau@example.fr']);
		const message = parseMessage(smtp.received[0]!.raw);
		const text = textOf(message);
		expect(message.subject).toBe("Votre compte sur l'espace professionnel du Portail PDP");
		expect(text).toContain('Bonjour Lucie Hoarau,');
		expect(text).toContain(outcome.url);
		expect(text).toContain('72 heures');
		expect(text).not.toMatch(/administrat|974|Agent/);
		expect(await completeSetup(db, outcome.token, PASSPHRASE, at(1000))).toMatchObject({
			ok: true,
			purpose: 'activation'
		});
		expect(await completeSetup(db, outcome.token, PASSPHRASE, at(2000))).toEqual({
			ok: false,
			error: 'staff:activation.invalid'
		});
	});
});

describe('listing and managing', () => {
	it('a responsable sees the staff of their départements and manages only those entirely theirs', async () => {
		const { db, resp974, admin } = await setup();
		const seen = await listMembers(db, resp974.ctx);
		expect(seen.map((m) => [m.email, m.manageable, m.self])).toEqual([
			['agent974@example.fr', true, false],
			['agentboth@example.fr', false, false],
			['resp974@example.fr', true, true]
		]);
		expect(seen.find((m) => m.email === 'agentboth@example.fr')?.departements).toEqual([
			'69',
			'974'
		]);
		expect(await listMembers(db, admin.ctx)).toHaveLength(5);
		expect((await listMembers(db, admin.ctx)).every((m) => m.manageable)).toBe(true);
	});

	it('disabling ends every session and unused link of the account; re-enabling lets it log in again', async () => {
		const { db, admin, agent974 } = await setup();
		await setPassword(db, agent974.id, await hashPassword(PASSPHRASE));
		const tokens = [generateSessionToken(), generateSessionToken()];
		for (const token of tokens)
			await createSession(db, token, agent974.id, { twoFactorVerified: true }, T0);
		await sendMemberResetLink(db, admin.ctx, agent974.id, options);
		const resetLink = sentText((await db.select().from(outbox))[0]!).match(
			/activation\/([a-z2-7]{32})/
		)![1]!;

		expect(await setMemberDisabled(db, admin.ctx, agent974.id, true, at(1000))).toEqual({
			ok: true
		});
		for (const token of tokens)
			expect((await validateSessionToken(db, token, at(2000))).session).toBeNull();
		expect(await findSetupLink(db, resetLink, at(2000))).toBeUndefined();
		expect(
			await attemptPasswordLogin(
				db,
				{ email: 'agent974@example.fr', password: PASSPHRASE, ip: '203.0.113.1' },
				at(3000)
			)
		).toEqual({ ok: false, reason: 'invalid' });
		expect(
			await sendMemberResetLink(db, admin.ctx, agent974.id, { ...options, now: at(3500) })
		).toEqual({
			ok: false,
			reason: 'disabled',
			status: 400
		});

		expect(await setMemberDisabled(db, admin.ctx, agent974.id, false, at(4000))).toEqual({
			ok: true
		});
		expect(
			await attemptPasswordLogin(
				db,
				{ email: 'agent974@example.fr', password: PASSPHRASE, ip: '203.0.113.1' },
				at(5000)
			)
		).toMatchObject({ ok: true });
		const actions = (await db.select().from(auditLog))
			.filter((r) => r.userId === admin.id)
			.map((r) => [r.action, r.departementCode, r.details]);
		expect(actions).toEqual([
			['password_reset_link_sent', '974', { targetUserId: agent974.id, by: 'staff' }],
			['staff_disabled', '974', { targetUserId: agent974.id }],
			['staff_enabled', '974', { targetUserId: agent974.id }]
		]);
	});

	it('refuses to disable oneself, and a responsable any administrateur or staff outside their départements (not found)', async () => {
		const { db, admin, resp974, agent69, agentBoth } = await setup();
		const before = await snapshot(db);
		expect(await setMemberDisabled(db, admin.ctx, admin.id, true)).toEqual({
			ok: false,
			reason: 'self',
			status: 400
		});
		expect(await setMemberDisabled(db, resp974.ctx, resp974.id, true)).toEqual({
			ok: false,
			reason: 'self',
			status: 400
		});
		for (const target of [admin.id, agent69.id, agentBoth.id, 99_999]) {
			expect(await setMemberDisabled(db, resp974.ctx, target, true)).toEqual({
				ok: false,
				reason: 'not_found',
				status: 404
			});
			expect(await sendMemberResetLink(db, resp974.ctx, target, options)).toEqual({
				ok: false,
				reason: 'not_found',
				status: 404
			});
		}
		expect(await snapshot(db)).toEqual(before);
		expect((await db.select().from(staffUsers)).every((u) => u.disabledAt === null)).toBe(true);
	});

	it('audits a change to a member of two départements once per département', async () => {
		const { db, admin, agentBoth } = await setup();
		expect(await setMemberDisabled(db, admin.ctx, agentBoth.id, true, T0)).toEqual({ ok: true });
		const rows = await db.select().from(auditLog);
		expect(rows.map((r) => r.departementCode).sort()).toEqual(['69', '974']);
		expect(rows.every((r) => r.action === 'staff_disabled')).toBe(true);
	});
});

describe('forgotten password', () => {
	const reset = (db: Db, email: string, now: Date) =>
		requestPasswordReset(db, email, { baseUrl: BASE, isDemo: false, locale: 'fr', now });

	it('mails a 1-hour single-use link to an active account only; the link ends every session', async () => {
		const smtp = await startSmtp();
		const { db, agent974, agent69 } = await setup();
		await setPassword(db, agent974.id, await hashPassword(PASSPHRASE));
		const session = generateSessionToken();
		await createSession(db, session, agent974.id, { twoFactorVerified: true }, T0);
		await db.update(staffUsers).set({ disabledAt: T0 }).where(eq(staffUsers.id, agent69.id));

		expect(await reset(db, 'personne@example.fr', T0)).toBe('unknown');
		expect(await reset(db, 'agent69@example.fr', T0)).toBe('unknown');
		expect(await db.select().from(outbox)).toEqual([]);
		expect(await reset(db, ' Agent974@Example.fr ', T0)).toBe('sent');

		expect(await deliver(db, smtp.port, T0)).toMatchObject({ sent: 1 });
		const message = parseMessage(smtp.received[0]!.raw);
		const text = textOf(message);
		expect(smtp.received[0]!.to).toEqual(['agent974@example.fr']);
		expect(message.subject).toBe('Choisir un nouveau mot de passe – Portail PDP');
		expect(text).toContain('1 heure');
		const token = text.match(new RegExp(`${BASE}/espace-pro/activation/([a-z2-7]{32})`))![1]!;
		expect(await findSetupLink(db, token, at(RESET_TOKEN_TTL_MS))).toBeUndefined();
		expect((await findSetupLink(db, token, at(RESET_TOKEN_TTL_MS - 1)))?.purpose).toBe(
			'reinitialisation'
		);

		const newPassphrase = 'une toute nouvelle phrase de passe';
		expect(await completeSetup(db, token, newPassphrase, at(60_000))).toMatchObject({
			ok: true,
			purpose: 'reinitialisation'
		});
		expect((await validateSessionToken(db, session, at(61_000))).session).toBeNull();
		expect(await completeSetup(db, token, 'encore une autre phrase', at(62_000))).toEqual({
			ok: false,
			error: 'staff:activation.invalid'
		});
		expect(
			await attemptPasswordLogin(
				db,
				{ email: 'agent974@example.fr', password: newPassphrase, ip: '203.0.113.1' },
				at(63_000)
			)
		).toMatchObject({ ok: true });

		const audits = (await db.select().from(auditLog)).filter(
			(r) => r.action === 'password_reset_requested'
		);
		expect(audits).toEqual([
			expect.objectContaining({ userId: agent974.id, details: { sent: true } })
		]);
		expect(JSON.stringify(await db.select().from(auditLog))).not.toMatch(
			/personne|agent69@|agent974@/
		);
	});

	it('a new request revokes the earlier reset link; an expired link is refused', async () => {
		const { db } = await setup();
		await reset(db, 'agent974@example.fr', T0);
		await reset(db, 'agent974@example.fr', at(1000));
		const [first, second] = (await db.select().from(outbox)).map(
			(m) => sentText(m).match(/activation\/([a-z2-7]{32})/)![1]!
		);
		expect(await findSetupLink(db, first!, at(2000))).toBeUndefined();
		expect(await findSetupLink(db, second!, at(2000))).toBeDefined();
		expect(await completeSetup(db, second!, PASSPHRASE, at(1000 + RESET_TOKEN_TTL_MS))).toEqual({
			ok: false,
			error: 'staff:activation.invalid'
		});
	});

	it(`sends at most ${RESET_MAX_PER_HOUR} mails per address and hour, counting unknown addresses alike`, async () => {
		const { db } = await setup();
		const results = [];
		for (let i = 0; i < RESET_MAX_PER_HOUR + 2; i++)
			results.push(await reset(db, 'agent974@example.fr', at(i * 60_000)));
		expect(results).toEqual([...Array(RESET_MAX_PER_HOUR).fill('sent'), 'throttled', 'throttled']);
		expect(await db.select().from(outbox)).toHaveLength(RESET_MAX_PER_HOUR);
		expect(
			await reset(db, 'agent974@example.fr', at(61 * 60_000 + (RESET_MAX_PER_HOUR + 1) * 60_000))
		).toBe('sent');
		expect(
			(await db.select().from(auditLog)).filter((r) => r.details?.reason === 'throttled')
		).toHaveLength(2);
	});
});
