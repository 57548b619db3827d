/**
 * What the back-office évènement pages show (ADR 043), computed on the server: the list, one
 * évènement with its funnel, the form's values for editing, the attendance checklist.
 */
import { departementByCode } from '$lib/departements/data';
import { formatDateTime } from '$lib/format/datetime';
import { instantToZoned } from '$lib/booking/time';
import type { Locale } from '$lib/i18n/config';
import type { Executor } from '$lib/server/db/index';
import type { Evenement } from '$lib/server/db/schema';
import type { StaffContext } from '$lib/server/auth/guard';
import { funnelOf } from './jobs';
import { departementsOf } from './registration';
import { canManage, evenementFor, listEvenements } from './staff';

export async function staffView(tx: Executor, evenement: Evenement, locale: Locale) {
	return {
		id: evenement.id,
		title: evenement.titleFr,
		kind: evenement.kind,
		mode: evenement.mode,
		status: evenement.status,
		when: formatDateTime(evenement.startsAt.toISOString(), locale, evenement.timeZone),
		startsAt: evenement.startsAt.toISOString(),
		capacity: evenement.capacity,
		invitationOnly: evenement.invitationOnly,
		invitationCode: evenement.invitationCode,
		followUpSent: evenement.followUpSentAt !== null,
		purged: evenement.purgedAt !== null,
		departements: (await departementsOf(tx, evenement.id)).map(
			(code) => `${code} — ${departementByCode(code)?.name ?? code}`
		),
		funnel: await funnelOf(tx, evenement)
	};
}

export async function listPage(tx: Executor, staff: StaffContext, locale: Locale) {
	return {
		canManage: canManage(staff),
		evenements: await Promise.all(
			(await listEvenements(tx, staff)).map((e) => staffView(tx, e, locale))
		)
	};
}

/** The form's raw values of an évènement (wall clock of its time zone). */
export async function formValuesOf(tx: Executor, staff: StaffContext, id: number) {
	const found = await evenementFor(tx, staff, id);
	if (!found) return undefined;
	const e = found.evenement;
	const start = instantToZoned(e.startsAt, e.timeZone);
	const deadline = instantToZoned(e.registrationDeadline, e.timeZone);
	return {
		status: e.status,
		values: {
			kind: e.kind,
			titleFr: e.titleFr,
			titleEn: e.titleEn ?? '',
			descriptionFr: e.descriptionFr,
			descriptionEn: e.descriptionEn ?? '',
			date: start.date,
			time: start.time,
			durationMinutes: String(e.durationMinutes),
			mode: e.mode,
			visioUrl: e.visioUrl ?? '',
			place: e.place ?? '',
			address: e.address ?? '',
			access: e.access ?? '',
			accessibility: e.accessibility ?? '',
			capacity: String(e.capacity),
			deadlineDate: deadline.date,
			deadlineTime: deadline.time,
			partners: e.partners.join('\n'),
			employersAllowed: e.employersAllowed ? 'oui' : '',
			invitationOnly: e.invitationOnly ? 'oui' : ''
		} as Record<string, string>,
		departements: found.departements
	};
}

/** The départements a staff member may put an évènement in. */
export const departementChoicesFor = (staff: StaffContext) =>
	staff.departements.map((code) => ({ code, name: departementByCode(code)?.name ?? code }));
