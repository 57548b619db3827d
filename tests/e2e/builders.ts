import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { normalizePhone } from '../../src/lib/booking/contact';
import { normalizeNir } from '../../src/lib/booking/nir';
import {
	QUESTIONNAIRE_VERSION,
	type Answers,
	type Profile
} from '../../src/lib/questionnaire/definition';
import { scoreAnswers } from '../../src/lib/scoring/score';
import { BookingService, noBookingEvents } from '../../src/lib/server/booking/service';
import * as schema from '../../src/lib/server/db/schema';
import { generateToken, hashToken } from '../../src/lib/server/tokens';
import type { Mode, PriorityReason } from '../../src/lib/vocabulary';
import { e2eDb as database } from './db';
import { distinctContact } from './persons';

/*
 * Data builders (ADR 031): the preconditions of a test written straight into the e2e server's
 * database through the portal's own booking service, as the session fixture of helpers.ts
 * writes sessions. The rows are the ones the public form would store (same transaction, same
 * checks: the slot must be free and bookable), minus the e-mails (no events) and the per-person
 * limits (a fixture books as the portal, not as the public). The full journeys through the
 * public pages, JavaScript on and off, stay in booking.e2e.ts and questionnaire.e2e.ts; a test
 * whose subject is the back office starts from here instead of walking the public pages again.
 */

/**
 * A word proper to this attempt of the running test: its repetition (`--repeat-each`) and its
 * retry, as letters ("essaiaa" for the first run, "essaiab" for its retry). CI retries a failed
 * test once on the same server and database: the retry finds the rows of the failed attempt
 * (and a repetition the rows of the one before). A name, an e-mail or a title that a test looks
 * up (a search, `where nom = ?`, a link's name, the mails to an address) takes this word, so
 * that each attempt finds its own rows only. Letters only: a name on the public forms is made
 * of letters (src/lib/booking/contact.ts). Only inside a test (`test.info()`).
 */
export function attempt(): string {
	const { repeatEachIndex, retry } = test.info();
	const letter = (index: number) => String.fromCharCode(97 + (index % 26));
	return `essai${letter(repeatEachIndex)}${letter(retry)}`;
}

/** The number of this attempt of the running test: 0 on its first run, then 1, 2… (`attempt`). */
export function attemptIndex(): number {
	const { repeatEachIndex, retry, project } = test.info();
	return repeatEachIndex * (project.retries + 1) + retry;
}

/**
 * `name` made proper to this attempt (`attempt`): "Cherchemoijs-essaiab". The name stays a
 * word of its own, so that the server log's scan for test persons (persons.ts) still finds it.
 */
export const ownName = (name: string): string => `${name}-${attempt()}`;

/** The questionnaire of `completeQuestionnaire` (helpers.ts): a salarié, a "modéré" or higher result. */
const PROFILE: Omit<Profile, 'departement'> = {
	statut: 'salarie_cdi',
	arret: 'maladie',
	rqth: 'non',
	source: 'medecin_traitant'
};
const ANSWERS: Answers = {
	duree_arret: '3_6_mois',
	capacite_travail: 3,
	compatibilite_poste: 'non',
	relation_travail: 'difficiles',
	difficultes_vie: 'un_peu',
	attente_retour: 4
};

const answersOf = (demande: NewDemande): Answers =>
	demande.distress ? { ...ANSWERS, difficultes_vie: 'a_bout' } : ANSWERS;

export interface NewDemande {
	departement: string;
	mode: Mode;
	/** Index of the free slot to book, as the slot page lists them (distinct per test). */
	slot: number;
	nom: string;
	prenom?: string;
	/** Defaults to a distinct address and phone number (persons.ts), so no two demandes share a person. */
	email?: string;
	nir?: string;
	/** The person shared the questionnaire of `completeQuestionnaire` with the demande. */
	shared?: boolean;
	/** …answering « je me sens à bout » (distress): the demande is prioritaire (ADR 039). */
	distress?: boolean;
	/** The person agreed to the 6-month follow-up (ADR 045). */
	suiviConsent?: boolean;
}

export interface BuiltDemande {
	id: number;
	reference: string;
	/** The manage-link token (`/rendez-vous/gerer/<token>`). */
	token: string;
}

/** A demande with a confirmed rendez-vous on the `slot`-th free slot, as the booking form stores it. */
export async function bookDemande(demande: NewDemande): Promise<BuiltDemande> {
	const service = new BookingService(database(), noBookingEvents);
	const slot = (await service.freeSlots(demande.departement, demande.mode))[demande.slot];
	expect(slot, 'enough free slots').toBeDefined();
	const contact = distinctContact();
	const token = generateToken();
	const outcome = await service.book({
		departementCode: demande.departement,
		source: demande.shared ? PROFILE.source : 'moi_meme',
		contact: {
			nom: demande.nom,
			prenom: demande.prenom ?? 'Test',
			email: demande.email ?? contact.email,
			// Stored as the booking form stores it (compact), like every other demande.
			telephone: normalizePhone(contact.telephone),
			nir: demande.nir ? normalizeNir(demande.nir) : null,
			message: null
		},
		share: demande.shared
			? {
					questionnaireVersion: QUESTIONNAIRE_VERSION,
					profile: { ...PROFILE, departement: demande.departement },
					answers: answersOf(demande),
					result: scoreAnswers(answersOf(demande), 'salarie')
				}
			: null,
		locale: 'fr',
		token,
		agendaId: slot!.agendaId,
		start: slot!.start,
		mode: demande.mode,
		suiviConsent: demande.suiviConsent
	});
	if (!outcome.ok) throw new Error(`booking fixture refused: ${outcome.reason}`);
	return { id: outcome.demande.id, reference: outcome.demande.reference, token };
}

/**
 * How far back `rendezVousInPast` moves a rendez-vous: `days`, one more per attempt. A retry
 * books the slot that its failed attempt freed by moving its rendez-vous back: moved by the
 * same `days`, the two would share a start time on one agenda (a unique pair).
 */
export const daysInPast = (days: number): number => (days + attemptIndex()) * 86_400_000;

/**
 * Test set-up only: moves a demande's rendez-vous `days` (`daysInPast`) into the past, so that
 * attendance can be recorded and the demande closed (the back office's actions are the test's
 * to run: their module reaches the mail templates, whose JSON imports Playwright's loader
 * cannot read).
 */
export async function rendezVousInPast(
	demande: Pick<BuiltDemande, 'id'>,
	days: number
): Promise<void> {
	const shift = daysInPast(days);
	const rows = await database()
		.select({
			id: schema.rendezVous.id,
			startsAt: schema.rendezVous.startsAt,
			endsAt: schema.rendezVous.endsAt
		})
		.from(schema.rendezVous)
		.where(eq(schema.rendezVous.demandeId, demande.id));
	for (const row of rows)
		await database()
			.update(schema.rendezVous)
			.set({
				startsAt: new Date(row.startsAt.getTime() - shift),
				endsAt: new Date(row.endsAt.getTime() - shift)
			})
			.where(eq(schema.rendezVous.id, row.id));
}

/**
 * Test set-up only: an SMS and an e-mail to the person of a demande, as the outbox keeps them once
 * sent (the SMS with its delivery receipt), for the demande page's "messages sent" table (ADR
 * 041). Written as rows: the outbox module reaches the link key and the templates, which the
 * booking fixture does without.
 */
export async function messagesSent(demande: BuiltDemande): Promise<void> {
	const at = new Date();
	const common = {
		demandeId: demande.id,
		attempts: 1,
		nextAttemptAt: at,
		createdAt: at,
		sentAt: at
	};
	await database()
		.insert(schema.outbox)
		.values([
			{
				...common,
				channel: 'email',
				recipient: 'personne@example.org',
				subject: `Votre rendez-vous (${demande.reference})`,
				text: '-'
			},
			{
				...common,
				channel: 'sms',
				recipient: '+33600000000',
				subject: '',
				text: '-',
				dedupeKey: `${demande.reference}:sms:confirmation`,
				gatewayMessageId: `e2e-${demande.id}`,
				deliveryStatus: 'delivered',
				deliveredAt: at
			}
		]);
}

/**
 * A callback request (no rendez-vous), prioritaire for `priority` if given (a rapid callback
 * from the result page, ADR 035), as the callback form stores it.
 */
export async function requestCallbackDemande(demande: {
	departement: string;
	nom: string;
	prenom?: string;
	priority?: PriorityReason;
}): Promise<BuiltDemande> {
	const service = new BookingService(database(), noBookingEvents);
	const contact = distinctContact();
	const token = generateToken();
	const { demande: row } = await service.requestCallback({
		departementCode: demande.departement,
		source: 'moi_meme',
		contact: {
			nom: demande.nom,
			prenom: demande.prenom ?? 'Test',
			email: contact.email,
			telephone: normalizePhone(contact.telephone),
			nir: null,
			message: null
		},
		share: null,
		locale: 'fr',
		token,
		sansCreneau: false,
		priority: demande.priority ?? null
	});
	return { id: row.id, reference: row.reference, token };
}

/**
 * Test set-up only: the follow-up of a demande sent now (ADR 045), as the job writes it, with
 * a link token the test knows (the job's own e-mail is the subject of suivi.e2e.ts).
 */
export async function followUpSent(demande: BuiltDemande): Promise<string> {
	const token = generateToken();
	const at = new Date();
	await database()
		.insert(schema.suivis)
		.values({
			demandeId: demande.id,
			tokenHash: hashToken(token),
			createdAt: at,
			sentAt: at,
			expiresAt: new Date(at.getTime() + 60 * 86_400_000)
		});
	return token;
}

/**
 * Test set-up only: a staff account (an agent of `departement`, with `passwordHash` or none yet),
 * written as rows, as the team page stores one; returns its id.
 */
export async function staffAccount(account: {
	email: string;
	name: string;
	passwordHash: string | null;
	departement: string;
}): Promise<number> {
	const [user] = await database()
		.insert(schema.staffUsers)
		.values({
			email: account.email,
			name: account.name,
			role: 'agent',
			passwordHash: account.passwordHash,
			createdAt: new Date()
		})
		.returning({ id: schema.staffUsers.id });
	await database()
		.insert(schema.staffDepartements)
		.values({ userId: user!.id, departementCode: account.departement });
	return user!.id;
}
