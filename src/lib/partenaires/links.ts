/**
 * Links that professionals give to a person (docs/partenaires.md, ADR 016): the questionnaire with the partner
 * type as `?source=` and, optionally, the département. Pure module (no server, no zod in the
 * browser is needed: pages receive the computed URL as data).
 */
import { z } from 'zod';
import { departementCodes } from '../departements/data';
import { sources, type Source } from '../questionnaire/definition';

/** The professionals who may direct a person to the service social (a subset of the sources). */
export const partnerTypes = [
	'medecin_traitant',
	'medecin_travail',
	'employeur',
	'partenaire'
] as const satisfies readonly Source[];

/** `medecin-traitant`, `Medecin_Traitant ` … → `medecin_traitant` (the form the enum uses). */
export const normalizeSourceParam = (raw: string): string =>
	raw.trim().toLowerCase().replaceAll('-', '_');

/** A `?source=` value, underscore or hyphen form (the hyphen form is the one printed on links). */
export const sourceParamSchema = z
	.string()
	.max(40)
	.transform(normalizeSourceParam)
	.pipe(z.enum(sources));

/** A partner type from a query string or a form (both forms accepted). */
export const partnerTypeSchema = z
	.string({ error: 'partenaires:errors.type' })
	.max(40, { error: 'partenaires:errors.type' })
	.transform(normalizeSourceParam)
	.pipe(z.enum(partnerTypes, { error: 'partenaires:errors.type' }));

export const departementParamSchema = z
	.string({ error: 'partenaires:errors.departement' })
	.refine((code) => departementCodes.includes(code), { error: 'partenaires:errors.departement' });

/** Parses `?source=` as a Source, or undefined when absent or unknown. */
export function parseSourceParam(raw: string | null | undefined): Source | undefined {
	if (raw == null) return undefined;
	const parsed = sourceParamSchema.safeParse(raw);
	return parsed.success ? parsed.data : undefined;
}

/**
 * The query of the link builder, the QR images and the print pages: `type` (default
 * médecin traitant) and an optional `departement`. '' counts as "not given".
 */
export const linkQuerySchema = z.object({
	type: z.preprocess(
		(v) => (v === '' || v == null ? undefined : v),
		partnerTypeSchema.default('medecin_traitant')
	),
	departement: z.preprocess(
		(v) => (v === '' || v == null ? undefined : v),
		departementParamSchema.optional()
	)
});
export type LinkQuery = z.output<typeof linkQuerySchema>;

/** Reads the link query from a URL; undefined when a value is present but invalid. */
export function parseLinkQuery(url: URL): LinkQuery | undefined {
	const parsed = linkQuerySchema.safeParse({
		type: url.searchParams.get('type') ?? undefined,
		departement: url.searchParams.get('departement') ?? undefined
	});
	return parsed.success ? parsed.data : undefined;
}

/** `medecin_traitant` → `medecin-traitant`: the readable form put in printed links. */
export const sourceSlug = (source: Source): string => source.replaceAll('_', '-');

/**
 * The URL a person opens (typed, clicked or scanned): `<base>/questionnaire?source=…[&departement=…]`.
 * `base` is the portal's public URL without a trailing slash.
 */
export function questionnaireUrl(base: string, query: LinkQuery): string {
	const search = new URLSearchParams({ source: sourceSlug(query.type) });
	if (query.departement) search.set('departement', query.departement);
	return `${base.replace(/\/+$/, '')}/questionnaire?${search}`;
}

/** The query string of the portal's own pages for a link query (builder, QR, print pages). */
export function linkSearch(query: LinkQuery): string {
	const search = new URLSearchParams({ type: sourceSlug(query.type) });
	if (query.departement) search.set('departement', query.departement);
	return search.toString();
}
