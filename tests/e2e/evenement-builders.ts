import { and, eq, like } from 'drizzle-orm';
import { addDays } from '../../src/lib/booking/holidays';
import { todayIn } from '../../src/lib/booking/time';
import * as schema from '../../src/lib/server/db/schema';
import { execFileSync } from 'node:child_process';
import { zonedDateTimeToInstant } from '../../src/lib/booking/time';
import { readOrCreateLinkKey, unsealToken } from '../../src/lib/server/mail/seal';
import { generateToken, hashToken } from '../../src/lib/server/tokens';
import { SUIVI_CONSENT_VERSION } from '../../src/lib/suivi/situation';
import { e2eDb as database } from './db';
import { E2E_DATABASE, E2E_LINK_KEY_FILE } from './env';

/*
 * Évènement builders (ADR 031, ADR 043): preconditions written into the e2e database through the
 * portal's own évènement use cases, as builders.ts does for demandes.
 */

export const RESPONSABLE_974 = 'responsable.974@demo.portail-pdp.invalid';

/** Local dates in La Réunion, `days` from today. */
export const dayIn974 = (days: number) => addDays(todayIn('Indian/Reunion', new Date()), days);

/**
 * A published évènement of 974 in three days at 14:00 local time, visio, 20 seats, as the staff
 * use case stores it (columns may be overridden). Written as rows: the évènement modules reach
 * the message templates and their JSON translations, which Playwright's loader does not import.
 */
export async function publishedEvenement(
	overrides: Partial<typeof schema.evenements.$inferInsert> = {}
): Promise<number> {
	const now = new Date();
	const startsAt = zonedDateTimeToInstant(dayIn974(3), '14:00', 'Indian/Reunion')!;
	const code = Array.from(
		{ length: 8 },
		() => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[Math.floor(Math.random() * 31)]
	).join('');
	const [row] = await database()
		.insert(schema.evenements)
		.values({
			kind: 'reunion_information',
			status: 'publie',
			titleFr: 'Réunion d’information e2e',
			descriptionFr: 'Vos droits et les aides pour reprendre le travail.',
			startsAt,
			durationMinutes: 90,
			timeZone: 'Indian/Reunion',
			mode: 'visio',
			visioUrl: 'https://visio.example.org/e2e',
			capacity: 20,
			registrationDeadline: new Date(startsAt.getTime() - 20 * 3_600_000),
			invitationCode: code,
			createdAt: now,
			updatedAt: now,
			publishedAt: now,
			...overrides
		})
		.returning({ id: schema.evenements.id });
	await database()
		.insert(schema.evenementDepartements)
		.values({ evenementId: row!.id, departementCode: '974' });
	return row!.id;
}

/** Test set-up only: the évènement started half an hour ago (time has passed). */
export async function evenementStarted(id: number): Promise<void> {
	const now = Date.now();
	await database()
		.update(schema.evenements)
		.set({
			startsAt: new Date(now - 30 * 60_000),
			registrationDeadline: new Date(now - 60 * 60_000)
		})
		.where(eq(schema.evenements.id, id));
}

/**
 * The reminders job at `now`, on the e2e database: run by tsx in a child process (the job reaches
 * the message templates, see `publishedEvenement`). Returns how many registrations got one.
 */
export function remindAt(now: Date): number {
	const code = `import('./src/lib/server/evenements/jobs.ts').then(async ({ queueEvenementReminders }) => {
		const { closeDatabase, openReadyDatabase } = await import('./src/lib/server/db/index.ts');
		const db = await openReadyDatabase(process.env.DATABASE_URL, './drizzle');
		try {
			console.log(await queueEvenementReminders(db, { baseUrl: 'http://localhost', isDemo: true }, new Date(${now.getTime()})));
		} finally {
			await closeDatabase(db);
		}
	});`;
	const out = execFileSync('node_modules/.bin/tsx', ['-e', code], {
		// A plain environment: Playwright's own loader options must not reach tsx.
		env: {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			DATABASE_URL: E2E_DATABASE,
			LINK_KEY_FILE: E2E_LINK_KEY_FILE
		},
		encoding: 'utf8'
	});
	const count = out.split('\n').findLast((line) => /^\d+$/.test(line.trim()));
	if (count === undefined) throw new Error(`reminders job said: ${out}`);
	return Number(count);
}

/** The messages queued for a registration, by kind (`confirmation`, `rappelVeille`…). */
export async function messagesOf(inscriptionId: number) {
	return await database()
		.select()
		.from(schema.outbox)
		.where(like(schema.outbox.dedupeKey, `inscription:${inscriptionId}:%`));
}

/** The registration of an e-mail address to an évènement. */
export async function inscriptionOf(evenementId: number, email: string) {
	return (
		await database()
			.select()
			.from(schema.inscriptions)
			.where(
				and(eq(schema.inscriptions.evenementId, evenementId), eq(schema.inscriptions.email, email))
			)
	)[0];
}

/** The link token of a queued message, unsealed with the server's link key (ADR 025). */
export function tokenOf(message: { sealedToken: string | null }): string {
	if (!message.sealedToken) throw new Error('no sealed token');
	const token = unsealToken(message.sealedToken, readOrCreateLinkKey(E2E_LINK_KEY_FILE));
	if (!token) throw new Error('token not unsealed');
	return token;
}

/** The demandes that carry the évènement. */
export const demandesOf = async (evenementId: number) =>
	await database()
		.select({ id: schema.demandes.id })
		.from(schema.demandes)
		.where(eq(schema.demandes.evenementId, evenementId));

/** When the évènement starts. */
export const startOf = async (id: number): Promise<Date> =>
	(
		await database()
			.select({ startsAt: schema.evenements.startsAt })
			.from(schema.evenements)
			.where(eq(schema.evenements.id, id))
	)[0]!.startsAt;

/**
 * A confirmed registration to `evenementId` whose person agreed to the 6-month follow-up (ADR
 * 045 addendum) and whose follow-up was sent: the one-time link's token (only its hash stored,
 * as the job does). Without `consent`, a registration that did not agree and no follow-up.
 */
export async function followedRegistration(
	evenementId: number,
	name: string,
	consent = true
): Promise<{ id: number; token: string | null }> {
	const now = new Date();
	const [row] = await database()
		.insert(schema.inscriptions)
		.values({
			evenementId,
			status: 'confirmee',
			name,
			email: `${name.toLowerCase()}.${evenementId}@example.org`,
			manageTokenHash: hashToken(generateToken()),
			requestKeyHash: hashToken(generateToken()),
			createdAt: now,
			confirmedAt: now,
			...(consent ? { suiviConsentAt: now, suiviConsentVersion: SUIVI_CONSENT_VERSION } : {})
		})
		.returning({ id: schema.inscriptions.id });
	if (!consent) return { id: row!.id, token: null };
	const token = generateToken();
	await database()
		.insert(schema.suivis)
		.values({
			inscriptionId: row!.id,
			tokenHash: hashToken(token),
			createdAt: now,
			sentAt: now,
			expiresAt: new Date(now.getTime() + 60 * 86_400_000)
		});
	return { id: row!.id, token };
}
