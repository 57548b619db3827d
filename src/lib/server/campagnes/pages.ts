/**
 * What the campaign pages of the Espace professionnel show and post (ADR 044): the form shapes,
 * the links per département (on the configured public URL, ADR 025), the printable letter with
 * its QR code drawn on the server. Routes are wiring.
 */
import { departementByCode, organismeOf } from '$lib/departements/data';
import { campagneFormSchema, campagneUrl, lettersSentSchema } from '$lib/campagnes/campagne';
import { publicBaseUrl } from '$lib/server/env';
import { qrSvg } from '$lib/server/partenaires/qr';
import { canAccessDepartement, type StaffContext } from '$lib/server/auth/guard';
import type { FormShape } from '$lib/server/forms';
import { canEditCampagnes, type CampagneView } from './campagnes';

export const campagneForm = {
	form: 'campagne',
	schema: campagneFormSchema,
	fields: ['name', 'target', 'startsOn', 'endsOn'],
	lists: ['departements'],
	maxLength: 1000,
	invalidKey: 'common:form.invalid'
} satisfies FormShape<typeof campagneFormSchema>;

export const lettersSentForm = {
	form: 'lettres',
	schema: lettersSentSchema,
	fields: ['departement', 'lettersSent'],
	echo: ['departement', 'lettersSent'],
	maxLength: 20,
	invalidKey: 'campagnes:errors.lettersSent'
} satisfies FormShape<typeof lettersSentSchema>;

/** The campaign form's values shown again after a refusal (never more than the fields hold). */
export function campagneEcho(
	values: Record<string, string | undefined>,
	lists: Record<string, string[]>
) {
	return {
		name: (values.name ?? '').slice(0, 120),
		target: (values.target ?? '').slice(0, 300),
		startsOn: (values.startsOn ?? '').slice(0, 10),
		endsOn: (values.endsOn ?? '').slice(0, 10),
		departements: (lists.departements ?? []).map((code) => code.slice(0, 3))
	};
}

const named = (code: string) => ({ code, name: departementByCode(code)?.name ?? code });

/** The départements a staff member may put in a campaign. */
export const choosableDepartements = (ctx: StaffContext) => ctx.departements.map(named);

/** The detail page: the campaign, its links per département in scope, what the person may do. */
export function campagneDetail(ctx: StaffContext, campagne: CampagneView) {
	const base = publicBaseUrl();
	const editable =
		canEditCampagnes(ctx) && campagne.departements.every((d) => canAccessDepartement(ctx, d.code));
	return {
		campagne: {
			id: campagne.id,
			code: campagne.code,
			name: campagne.name,
			target: campagne.target,
			startsOn: campagne.startsOn,
			endsOn: campagne.endsOn,
			departements: campagne.departements.map((d) => d.code)
		},
		links: campagne.departements
			.filter((d) => canAccessDepartement(ctx, d.code))
			.map((d) => ({
				...named(d.code),
				url: campagneUrl(base, campagne.code, d.code),
				lettersSent: d.lettersSent
			})),
		generalUrl: campagneUrl(base, campagne.code),
		canEnterLetters: canEditCampagnes(ctx),
		editable,
		choosable: editable ? choosableDepartements(ctx) : []
	};
}

/** The letter of one département of a campaign, or undefined when it is not one of its (or not in scope). */
export function campagneLetter(
	ctx: StaffContext,
	campagne: CampagneView,
	departement: string,
	qrTitle: (url: string) => string
) {
	const found = departementByCode(departement);
	if (
		!found ||
		!campagne.departements.some((d) => d.code === departement) ||
		!canAccessDepartement(ctx, departement)
	)
		return undefined;
	const url = campagneUrl(publicBaseUrl(), campagne.code, departement);
	return {
		campagne: { id: campagne.id, name: campagne.name, code: campagne.code },
		departement: { code: found.code, name: found.name },
		organisme: organismeOf(found).publicName,
		url,
		svg: qrSvg(url, qrTitle(url))
	};
}
