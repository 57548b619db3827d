/**
 * "Send the person their personal link" (docs/backoffice.md, ADR 024). Nobody holds the manage
 * link of a demande a professional made for a person (orientation): the service social calls
 * the person, confirms an e-mail address with them on the phone, and sends them a FRESH manage
 * link from the back office. Framework-free; the route parses the form, this module applies
 * the rules, in one SQLite transaction, like actions.ts:
 * - the demande is found by reference within the actor's départements (another département's
 *   demande is "not found", exactly like an unknown reference); any staff role, any status (a
 *   closed demande's person may still want their data); an anonymised demande is refused;
 * - a new manage token replaces the stored hash, so every older link (and the one a
 *   professional might have kept) stops working;
 * - the confirmed address becomes the demande's e-mail (it is the person's own);
 * - the mail is queued with the token sealed apart (LINK_TOKEN in the text, ADR 025);
 * - a `lien_envoye` event and an audit line without personal data are written.
 * A refusal stores nothing.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { EMAIL_MAX } from '$lib/booking/contact';
import { departementByCode, organismeOf } from '$lib/departements/data';
import { isLocale } from '$lib/i18n/config';
import { audit } from '$lib/server/auth/guard';
import { manageUrl } from '$lib/server/booking/events';
import type { Db } from '$lib/server/db/index';
import { demandeEvents, demandes } from '$lib/server/db/schema';
import { enqueueMail } from '$lib/server/mail/outbox';
import { personalLinkMail } from '$lib/server/mail/personal-link';
import { generateToken, hashToken } from '$lib/server/tokens';
import type { StaffContext } from '$lib/server/auth/guard';
import type { FormShape } from '$lib/server/forms';
import type { Actor, MailConfig } from './actions';
import { demandeInScope } from './demande-page';
import { demandeRowInScope, looksLikeReference } from './demande';

/**
 * The confirmed address: trimmed, lower-cased, at most EMAIL_MAX characters, one valid
 * address. Messages are locale keys (the route's form schema uses it).
 */
export const confirmedEmail = z
	.string('backoffice:personalLink.errors.emailRequired')
	.trim()
	.toLowerCase()
	.min(1, 'backoffice:personalLink.errors.emailRequired')
	.max(EMAIL_MAX, 'backoffice:personalLink.errors.emailTooLong')
	.pipe(z.email('backoffice:personalLink.errors.email'));

/** The page's form: the address confirmed with the person, and the staff member's word that it was. */
const personalLinkSchema = z.object({
	email: confirmedEmail,
	confirme: z.literal('oui', 'backoffice:personalLink.errors.confirm')
});
export const personalLinkForm = {
	form: 'lien',
	schema: personalLinkSchema,
	fields: ['email', 'confirme'],
	echo: ['email', 'confirme'],
	maxLength: EMAIL_MAX * 4,
	message: (refusal) =>
		refusal.reason === 'invalid_email'
			? 'backoffice:personalLink.errors.email'
			: `backoffice:personalLink.errors.${refusal.reason}`
} satisfies FormShape<typeof personalLinkSchema>;

/**
 * What the page shows: the demande in the staff member's scope (undefined: 404, existence not
 * revealed, as on the demande page), whether its person's data is gone, and whom to call.
 */
export async function personalLinkPage(db: Db, ctx: StaffContext, reference: string) {
	const demande = await demandeInScope(db, ctx, reference);
	if (!demande) return undefined;
	const [row] = await db
		.select({ anonymisedAt: demandes.anonymisedAt })
		.from(demandes)
		.where(eq(demandes.reference, demande.reference));
	const anonymised = row?.anonymisedAt != null;
	return {
		reference: demande.reference,
		anonymised,
		person: anonymised ? null : { prenom: demande.contact.prenom, nom: demande.contact.nom },
		emailMaxLength: EMAIL_MAX
	};
}

export type PersonalLinkRefusal =
	/** Unknown reference or outside the actor's départements: 404, existence not revealed. */
	| 'not_found'
	/** The retention job removed the person's data: there is nobody to send a link to. */
	| 'anonymised'
	/** Not one valid address (the form schema says so first). */
	| 'invalid_email';

export type PersonalLinkOutcome =
	{ ok: true } | { ok: false; reason: PersonalLinkRefusal; status: 400 | 404 | 409 };

const STATUS: Record<PersonalLinkRefusal, 400 | 404 | 409> = {
	not_found: 404,
	anonymised: 409,
	invalid_email: 400
};
const refuse = (reason: PersonalLinkRefusal): PersonalLinkOutcome => ({
	ok: false,
	reason,
	status: STATUS[reason]
});

/**
 * Sends the person of demande `reference` a fresh personal link at `email`, an address the
 * actor confirmed with the person. Returns a refusal (nothing stored) or `{ ok: true }`.
 */
export async function sendPersonalLink(
	db: Db,
	actor: Actor,
	reference: string,
	email: string,
	config: MailConfig,
	now: Date = new Date()
): Promise<PersonalLinkOutcome> {
	if (!looksLikeReference(reference) || actor.departements.length === 0) return refuse('not_found');
	const address = confirmedEmail.safeParse(email);
	return db.transaction(
		async (tx) => {
			const demande = await demandeRowInScope(tx, actor.departements, reference);
			const departement = demande ? departementByCode(demande.departementCode) : undefined;
			if (!demande || !departement) return refuse('not_found');
			if (demande.anonymisedAt !== null) return refuse('anonymised');
			if (!address.success) return refuse('invalid_email');
			const token = generateToken();
			await tx
				.update(demandes)
				.set({ manageTokenHash: hashToken(token), email: address.data })
				.where(eq(demandes.id, demande.id));
			const mail = personalLinkMail({
				locale: isLocale(demande.locale) ? demande.locale : 'fr',
				reference: demande.reference,
				prenom: demande.prenom,
				nom: demande.nom,
				manageUrl: manageUrl(config),
				departementName: departement.name,
				organismeName: organismeOf(departement).publicName,
				isDemo: config.isDemo
			});
			await enqueueMail(
				tx,
				{ recipient: address.data, ...mail, token, demandeId: demande.id },
				now
			);
			await tx.insert(demandeEvents).values({
				demandeId: demande.id,
				at: now,
				userId: actor.user.id,
				type: 'lien_envoye',
				from: null,
				to: null,
				note: null
			});
			await audit(
				tx,
				{
					userId: actor.user.id,
					action: 'demande_lien_envoye',
					demandeReference: demande.reference,
					departementCode: demande.departementCode,
					details: { status: demande.status, emailChanged: demande.email !== address.data }
				},
				now
			);
			return { ok: true } as const;
		},
		{ behavior: 'immediate' }
	);
}
