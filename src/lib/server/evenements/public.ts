/**
 * What the public évènement pages show (ADR 043): upcoming published évènements by
 * département (never the invitation-only ones, never a visio link), one évènement's page and
 * its registration form, the manage page of a registration. Dates are formatted here, in the
 * évènement's time zone, so the pages need no JavaScript.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { departementByCode, departementCodes, departements } from '$lib/departements/data';
import { formatDateTime, formatDate } from '$lib/format/datetime';
import { seatsLeft } from '$lib/evenements/capacity';
import { inscriptionSources, type InscriptionSource } from '$lib/vocabulary';
import type { Locale } from '$lib/i18n/config';
import type { Executor } from '$lib/server/db/index';
import { evenements, type Evenement } from '$lib/server/db/schema';
import { generateToken } from '$lib/server/tokens';
import {
	confirmedSeats,
	departementsOf,
	evenementIdsIn,
	registrationOpen,
	visibleTo
} from './registration';
import { endOf, localized } from './messages';

export const departementQuerySchema = z
	.string()
	.refine((code) => departementCodes.includes(code))
	.optional()
	.catch(undefined);
export const sourceQuerySchema = z
	.enum(inscriptionSources)
	.optional()
	.catch(undefined)
	.transform((s): InscriptionSource => s ?? 'direct');
export const codeQuerySchema = z
	.string()
	.trim()
	.max(20)
	.transform((code) => code.toUpperCase().replace(/[\s-]/g, ''))
	.optional()
	.catch(undefined);

/** An évènement as a public page shows it: no visio link, no invitation code. */
export async function publicView(tx: Executor, evenement: Evenement, locale: Locale, now: Date) {
	const { title, description } = localized(evenement, locale);
	const iso = evenement.startsAt.toISOString();
	const left = seatsLeft(evenement.capacity, await confirmedSeats(tx, evenement.id));
	return {
		id: evenement.id,
		kind: evenement.kind,
		mode: evenement.mode,
		status: evenement.status,
		title,
		description,
		when: formatDateTime(iso, locale, evenement.timeZone),
		date: formatDate(iso, locale, evenement.timeZone),
		startsAt: iso,
		endsAt: endOf(evenement).toISOString(),
		durationMinutes: evenement.durationMinutes,
		place: evenement.place,
		address: evenement.address,
		access: evenement.access,
		accessibility: evenement.accessibility,
		partners: evenement.partners,
		employersAllowed: evenement.employersAllowed,
		deadline: formatDateTime(
			evenement.registrationDeadline.toISOString(),
			locale,
			evenement.timeZone
		),
		seatsLeft: left,
		open: registrationOpen(evenement, now),
		departements: (await departementsOf(tx, evenement.id)).map((code) => ({
			code,
			name: departementByCode(code)?.name ?? code
		}))
	};
}
export type PublicEvenement = Awaited<ReturnType<typeof publicView>>;

/** Upcoming published évènements open to all, of a département (or all), soonest first. */
export async function upcoming(
	tx: Executor,
	departement: string | undefined,
	locale: Locale,
	now: Date
): Promise<PublicEvenement[]> {
	const inDepartement = departement ? await evenementIdsIn(tx, [departement]) : null;
	if (inDepartement !== null && inDepartement.length === 0) return [];
	const rows = await tx
		.select()
		.from(evenements)
		.where(
			and(
				eq(evenements.status, 'publie'),
				eq(evenements.invitationOnly, false),
				gt(evenements.startsAt, now),
				inDepartement === null ? undefined : inArray(evenements.id, inDepartement)
			)
		)
		.orderBy(asc(evenements.startsAt))
		.limit(100);
	return Promise.all(rows.map((evenement) => publicView(tx, evenement, locale, now)));
}

export const departementChoices = () => departements.map((d) => ({ code: d.code, name: d.name }));

/** The évènement with this invitation code, if published. */
export async function byInvitationCode(tx: Executor, code: string): Promise<Evenement | undefined> {
	const [evenement] = await tx.select().from(evenements).where(eq(evenements.invitationCode, code));
	return evenement && evenement.status !== 'brouillon' ? evenement : undefined;
}

/** One évènement's public page, or undefined (a draft, an invitation without its code). */
export async function evenementPage(
	tx: Executor,
	id: number,
	code: string | undefined,
	locale: Locale,
	now: Date
) {
	const [evenement] = await tx.select().from(evenements).where(eq(evenements.id, id));
	if (!evenement || !visibleTo(evenement, code)) return undefined;
	return {
		evenement: await publicView(tx, evenement, locale, now),
		invitationOnly: evenement.invitationOnly,
		/** The manage-link token of the registration this form would make (ADR 043). */
		token: generateToken()
	};
}
