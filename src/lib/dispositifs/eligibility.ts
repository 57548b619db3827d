/**
 * Who can use which dispositif, and which ones to suggest after the questionnaire.
 *
 * The guide (`dispositifsForFilter`) and the result page (`recommendDispositifs`) both go
 * through `matchesAudience`, reading the per-dispositif rules of catalogue.ts: a person is
 * never recommended something the guide would hide for the same situation. Framework-free.
 */
import {
	statutGroup,
	type Answers,
	type Arret,
	type Profile,
	type Rqth,
	type StatutGroup
} from '$lib/questionnaire/definition';
import type { Level } from '$lib/scoring/types';
import {
	dispositifById,
	dispositifs,
	dureesArret,
	type Condition,
	type DureeArret,
	type Dispositif,
	type DispositifId,
	type Exclusion,
	type Origine
} from './catalogue';

/** The filters of the /dispositifs guide (absent = no filter on that criterion). */
export interface GuideFilter {
	statut?: 'salarie' | 'ti';
	origine?: 'maladie' | 'at_mp';
	/** true: has (or asked for) a RQTH; false: hides the dispositifs that require one. */
	rqth?: boolean;
	/** How long the arrêt has lasted (a `duree_arret` band): hides what needs a longer arrêt. */
	dureeArret?: DureeArret;
}

/** What the audience rules are checked against. Absent criteria do not filter. */
interface AudienceCriteria {
	statut?: StatutGroup;
	origine?: Origine;
	rqth?: boolean;
	/** A `duree_arret` option id; an unknown value meets no minimum duration. */
	dureeArret?: string;
}

function atLeast(duree: string, min: string): boolean {
	const order: readonly string[] = dureesArret;
	const index = order.indexOf(duree);
	return index >= 0 && index >= order.indexOf(min);
}

/** The single audience check behind both the guide and the recommendations. */
export function matchesAudience(dispositif: Dispositif, criteria: AudienceCriteria): boolean {
	const { audience } = dispositif;
	if (criteria.statut !== undefined && !audience.statuts.includes(criteria.statut)) return false;
	if (criteria.origine !== undefined && !audience.origines.includes(criteria.origine)) return false;
	if (audience.requiresRqth && criteria.rqth === false) return false;
	if (
		audience.minDureeArret !== undefined &&
		criteria.dureeArret !== undefined &&
		!atLeast(criteria.dureeArret, audience.minDureeArret)
	) {
		return false;
	}
	return true;
}

/** Dispositifs shown by the guide for these filters, in catalogue order. */
export function dispositifsForFilter(filter: GuideFilter): Dispositif[] {
	return dispositifs.filter((d) => matchesAudience(d, filter));
}

/** Repeated arrêts and invalidité with activity count as maladie (non professional). */
export function origineOf(arret: Arret): Origine {
	return arret === 'at_mp' ? 'at_mp' : 'maladie';
}

/** RQTH obtained or requested. "Ne sait pas" is treated as no RQTH. */
export function hasRqth(rqth: Rqth): boolean {
	return rqth === 'oui' || rqth === 'en_cours';
}

type ProfileForRules = Pick<Profile, 'statut' | 'arret' | 'rqth'>;

export function isDureeArret(value: unknown): value is DureeArret {
	return typeof value === 'string' && (dureesArret as readonly string[]).includes(value);
}

/**
 * The guide filter matching a questionnaire profile and its arrêt duration band (for the
 * result page's link to the guide). `autre` statut: no statut filter, since the guide only
 * offers salarié / TI.
 */
export function filterForProfile(profile: ProfileForRules, dureeArret?: unknown): GuideFilter {
	const group = statutGroup(profile.statut);
	const filter: GuideFilter = { origine: origineOf(profile.arret), rqth: hasRqth(profile.rqth) };
	if (group !== 'autre') filter.statut = group;
	if (isDureeArret(dureeArret)) filter.dureeArret = dureeArret;
	return filter;
}

/**
 * The audience criteria of a person: the guide filter of their profile, with the `autre`
 * statut kept (it narrows to dispositifs open to everyone) and the duration band as given
 * (a missing or unknown band meets no minimum duration).
 */
function criteriaFor(profile: ProfileForRules, dureeArret: unknown): AudienceCriteria {
	return {
		...filterForProfile(profile),
		statut: statutGroup(profile.statut),
		dureeArret: String(dureeArret)
	};
}

export interface RecommendationContext {
	profile: ProfileForRules;
	answers: Answers;
	level: Level;
}

function conditionHolds(condition: Condition, ctx: RecommendationContext): boolean {
	const poste = ctx.answers.compatibilite_poste;
	switch (condition) {
		case 'always':
			return true;
		case 'poste_compatible':
			return poste === 'oui' || poste === 'avec_amenagements';
		case 'poste_amenageable':
			return poste === 'avec_amenagements';
		case 'poste_incompatible':
			return poste === 'non' || poste === 'ne_sait_pas';
		case 'risque':
			return ctx.level === 'modere' || ctx.level === 'eleve';
		case 'risque_eleve':
			return ctx.level === 'eleve';
		case 'arret_tres_long':
			return ctx.answers.duree_arret === 'plus_6_mois';
		case 'rqth_absente':
			return !hasRqth(ctx.profile.rqth);
		case 'statut_ti':
			return statutGroup(ctx.profile.statut) === 'ti';
		case 'statut_autre':
			return statutGroup(ctx.profile.statut) === 'autre';
	}
}

function exclusionHolds(exclusion: Exclusion, ctx: RecommendationContext): boolean {
	switch (exclusion) {
		case 'deja_invalidite':
			return ctx.profile.arret === 'invalidite_activite';
	}
}

/**
 * Dispositifs to suggest to this person, most relevant first (rule priority, then
 * catalogue order). Always a subset of `dispositifsForFilter(filterForProfile(profile))`.
 */
export function recommendDispositifs(ctx: RecommendationContext): DispositifId[] {
	const criteria = criteriaFor(ctx.profile, ctx.answers.duree_arret);
	return dispositifs
		.filter((d) => matchesAudience(d, criteria))
		.filter((d) => !(d.recommend.unless ?? []).some((e) => exclusionHolds(e, ctx)))
		.filter((d) => d.recommend.when.some((group) => group.every((c) => conditionHolds(c, ctx))))
		.sort((a, b) => a.recommend.priority - b.recommend.priority)
		.map((d) => d.id);
}

/**
 * True when this dispositif is open to this person at this point of the arrêt (statut,
 * origin of the arrêt, RQTH, duration band) — whether or not it is worth recommending.
 * Every sentence of the result page that names a dispositif checks it first.
 */
export function isOpenTo(id: DispositifId, profile: ProfileForRules, dureeArret: unknown): boolean {
	return matchesAudience(dispositifById(id), criteriaFor(profile, dureeArret));
}
