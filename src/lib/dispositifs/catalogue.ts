/**
 * The dispositifs of prévention de la désinsertion professionnelle as typed, versioned data
 * (facts, sources and reliability: docs/domain/dispositifs.md and docs/domain/actors-and-contacts.md). Framework-free and free of runtime
 * `$lib` imports, so Playwright tests can import it too.
 *
 * Texts are not here: each id maps to keys of the `dispositifs` locale namespace
 * (`items.<id>.name`, `.summary`, `.what`, `.forWhom`, `.duration`, `.whoAgrees`, `.ij`,
 * `.contact`, plus `.caution` whenever a fact is not certain). Audience rules and
 * recommendation rules are data read by `eligibility.ts`, so the guide (/dispositifs) and
 * the questionnaire's result page always agree. Changing a rule means a new
 * DISPOSITIFS_VERSION.
 */
import type { StatutGroup } from '$lib/questionnaire/definition';

export const DISPOSITIFS_VERSION = '2026.1';

export const dispositifIds = [
	'visite-pre-reprise',
	'rendez-vous-liaison',
	'visite-reprise',
	'essai-encadre',
	'temps-partiel-therapeutique',
	'bilan-competences',
	'crpe',
	'psop',
	'pmsmp',
	'rqth',
	'inclu-pro',
	'inaptitude-reclassement',
	'invalidite',
	'consultation-medico-professionnelle',
	'ama'
] as const;
export type DispositifId = (typeof dispositifIds)[number];

export function isDispositifId(value: unknown): value is DispositifId {
	return typeof value === 'string' && (dispositifIds as readonly string[]).includes(value);
}

/** Origin of the arrêt de travail: maladie (non professional) or accident du travail / maladie professionnelle. */
export const origines = ['maladie', 'at_mp'] as const;
export type Origine = (typeof origines)[number];

/**
 * Option ids of the questionnaire's `duree_arret` question, shortest first
 * (kept equal to the questionnaire by `catalogue.spec.ts`).
 */
export const dureesArret = ['moins_1_mois', '1_3_mois', '3_6_mois', 'plus_6_mois'] as const;
export type DureeArret = (typeof dureesArret)[number];

/** Reliability of a fact (docs/domain/README.md): sûr, probable, à vérifier. */
export type Reliability = 'sur' | 'probable' | 'a_verifier';

/** The text sections of a dispositif page, in display order. */
export const sections = ['what', 'forWhom', 'duration', 'whoAgrees', 'ij', 'contact'] as const;
export type Section = (typeof sections)[number];

/** Every text key of `items.<id>` (`caution` only when `hasCaution`). */
export const itemTextKeys = ['name', 'summary', ...sections] as const;

export const contactKinds = [
	'service_social',
	'spst',
	'medecin_traitant',
	'medecin_conseil',
	'cpam',
	'employeur',
	'mdph',
	'cap_emploi',
	'france_travail',
	'cep'
] as const;
export type ContactKind = (typeof contactKinds)[number];

/** `travail` = Code du travail, `securite_sociale` = Code de la sécurité sociale. */
export type LegalCode = 'travail' | 'securite_sociale';
export interface LegalRef {
	code: LegalCode;
	/** Article(s) as written in the code, e.g. "L. 4624-2-4". */
	article: string;
}

/** Who a dispositif is for. The guide filter and the recommendations both read this. */
export interface Audience {
	/** Statut groups allowed (`autre` = neither salarié nor TI: kept to general dispositifs). */
	statuts: readonly StatutGroup[];
	origines: readonly Origine[];
	/** True when a RQTH / BOETH status (obtained or requested) is needed. */
	requiresRqth: boolean;
	/**
	 * Shortest `duree_arret` answer for which it applies (e.g. "more than 30 days" →
	 * '1_3_mois'). Only the recommendations use it: the guide has no duration filter.
	 */
	minDureeArret?: DureeArret;
}

/**
 * Facts about the person and their answers that make a dispositif relevant (see
 * `conditionHolds` in eligibility.ts for the exact meaning of each).
 */
export type Condition =
	| 'always'
	| 'poste_compatible' // compatibilite_poste: oui | avec_amenagements
	| 'poste_amenageable' // compatibilite_poste: avec_amenagements
	| 'poste_incompatible' // compatibilite_poste: non | ne_sait_pas
	| 'risque' // level: modere | eleve
	| 'risque_eleve' // level: eleve
	| 'arret_tres_long' // duree_arret: plus_6_mois
	| 'rqth_absente' // rqth: non | ne_sait_pas
	| 'statut_ti'
	| 'statut_autre';

/** Situations where a dispositif is never recommended even if the audience matches. */
export type Exclusion = 'deja_invalidite'; // profile.arret = invalidite_activite

export interface RecommendationRule {
	/** Lower comes first on the result page. */
	priority: number;
	/** Recommended when every condition of at least one group holds. */
	when: readonly (readonly Condition[])[];
	unless?: readonly Exclusion[];
}

export interface Dispositif {
	id: DispositifId;
	audience: Audience;
	recommend: RecommendationRule;
	legal: readonly LegalRef[];
	/** Reliability of the facts behind each text section; absent = sûr. */
	reliability: Partial<Record<Section, Reliability>>;
	/** Main contacts, most useful first. */
	contacts: readonly ContactKind[];
}

const SALARIE: readonly StatutGroup[] = ['salarie'];
const ALL_ORIGINES: readonly Origine[] = ['maladie', 'at_mp'];

export const dispositifs: readonly Dispositif[] = [
	{
		// §3.1 — C. trav. L. 4624-2-4, R. 4624-29 and -30.
		id: 'visite-pre-reprise',
		audience: {
			statuts: SALARIE,
			origines: ALL_ORIGINES,
			requiresRqth: false,
			minDureeArret: '1_3_mois'
		},
		recommend: { priority: 10, when: [['always']] },
		legal: [
			{ code: 'travail', article: 'L. 4624-2-4' },
			{ code: 'travail', article: 'R. 4624-29' },
			{ code: 'travail', article: 'R. 4624-30' }
		],
		reliability: {},
		contacts: ['spst', 'medecin_traitant', 'service_social']
	},
	{
		// §3.2 — C. trav. L. 1226-1-3, D. 1226-8-1. "> 30" vs "≥ 30" days differs between sources.
		id: 'rendez-vous-liaison',
		audience: {
			statuts: SALARIE,
			origines: ALL_ORIGINES,
			requiresRqth: false,
			minDureeArret: '1_3_mois'
		},
		recommend: { priority: 20, when: [['always']] },
		legal: [
			{ code: 'travail', article: 'L. 1226-1-3' },
			{ code: 'travail', article: 'D. 1226-8-1' }
		],
		reliability: { forWhom: 'a_verifier' },
		contacts: ['employeur', 'spst', 'service_social']
	},
	{
		// §3.3 — C. trav. R. 4624-31 and -32. Mandatory after ≥ 60 days (non-pro), ≥ 30 days (AT), any MP.
		id: 'visite-reprise',
		audience: {
			statuts: SALARIE,
			origines: ALL_ORIGINES,
			requiresRqth: false,
			minDureeArret: '1_3_mois'
		},
		recommend: { priority: 60, when: [['always']] },
		legal: [
			{ code: 'travail', article: 'R. 4624-31' },
			{ code: 'travail', article: 'R. 4624-32' }
		],
		reliability: {},
		contacts: ['employeur', 'spst']
	},
	{
		// §3.4 — CSS L. 323-3-1; D. 323-6 to D. 323-6-7. TI not in the texts seen (à vérifier): salariés only.
		id: 'essai-encadre',
		audience: { statuts: SALARIE, origines: ALL_ORIGINES, requiresRqth: false },
		recommend: { priority: 30, when: [['poste_incompatible'], ['poste_amenageable', 'risque']] },
		legal: [
			{ code: 'securite_sociale', article: 'L. 323-3-1' },
			{ code: 'securite_sociale', article: 'D. 323-6 à D. 323-6-7' }
		],
		reliability: {},
		contacts: ['service_social', 'spst', 'cap_emploi']
	},
	{
		// §3.8 — CSS L. 323-3, L. 433-1, D. 622-10 (TI); C. trav. L. 4624-6. Salarié duration cap à vérifier.
		id: 'temps-partiel-therapeutique',
		audience: { statuts: ['salarie', 'ti'], origines: ALL_ORIGINES, requiresRqth: false },
		recommend: { priority: 35, when: [['poste_compatible'], ['statut_ti']] },
		legal: [
			{ code: 'securite_sociale', article: 'L. 323-3' },
			{ code: 'securite_sociale', article: 'L. 433-1' },
			{ code: 'securite_sociale', article: 'D. 622-10' },
			{ code: 'travail', article: 'L. 4624-6' }
		],
		reliability: { duration: 'a_verifier' },
		contacts: ['medecin_traitant', 'spst', 'cpam', 'service_social']
	},
	{
		// §3.7 — CSS L. 323-3-1. Formation, bilan de compétences, CPF during the arrêt. TI: through the AMA.
		id: 'bilan-competences',
		audience: { statuts: SALARIE, origines: ALL_ORIGINES, requiresRqth: false },
		recommend: { priority: 40, when: [['poste_incompatible']] },
		legal: [{ code: 'securite_sociale', article: 'L. 323-3-1' }],
		reliability: {},
		contacts: ['service_social', 'medecin_traitant', 'cep', 'spst']
	},
	{
		// §3.5 — C. trav. L. 5213-3-1; CSS L. 323-3-1, L. 433-1. Needs an employer: not for TI.
		id: 'crpe',
		audience: { statuts: SALARIE, origines: ALL_ORIGINES, requiresRqth: false },
		recommend: { priority: 45, when: [['poste_incompatible', 'risque']] },
		legal: [
			{ code: 'travail', article: 'L. 5213-3-1' },
			{ code: 'securite_sociale', article: 'L. 323-3-1' },
			{ code: 'securite_sociale', article: 'L. 433-1' }
		],
		reliability: {},
		contacts: ['spst', 'service_social', 'cap_emploi', 'cpam']
	},
	{
		// §3.6 — Agefiph offer, BOETH (obtained or pending). Duration varies by region (à vérifier).
		id: 'psop',
		audience: { statuts: SALARIE, origines: ALL_ORIGINES, requiresRqth: true },
		recommend: { priority: 25, when: [['poste_incompatible'], ['risque']] },
		legal: [],
		reliability: { duration: 'a_verifier' },
		contacts: ['service_social', 'cap_emploi']
	},
	{
		// §3.9 — C. trav. L. 5135-1 s. Use during an arrêt with IJ maintained not confirmed (à vérifier).
		id: 'pmsmp',
		audience: { statuts: SALARIE, origines: ALL_ORIGINES, requiresRqth: false },
		recommend: { priority: 70, when: [['poste_incompatible', 'risque']] },
		legal: [{ code: 'travail', article: 'L. 5135-1' }],
		reliability: { forWhom: 'a_verifier', duration: 'a_verifier', ij: 'a_verifier' },
		contacts: ['cap_emploi', 'france_travail', 'service_social']
	},
	{
		// §3.10 — C. trav. L. 5213-1, L. 5212-13, L. 5212-13-1. Open to anyone, whatever the statut.
		id: 'rqth',
		audience: { statuts: ['salarie', 'ti', 'autre'], origines: ALL_ORIGINES, requiresRqth: false },
		recommend: {
			priority: 50,
			when: [
				['rqth_absente', 'poste_incompatible'],
				['rqth_absente', 'statut_autre']
			]
		},
		legal: [
			{ code: 'travail', article: 'L. 5213-1' },
			{ code: 'travail', article: 'L. 5212-13' },
			{ code: 'travail', article: 'L. 5212-13-1' }
		],
		reliability: { duration: 'probable' },
		contacts: ['mdph', 'service_social', 'medecin_traitant']
	},
	{
		// §3.13 — Agefiph, BOETH. Prescribers and use during an arrêt with IJ: à vérifier.
		id: 'inclu-pro',
		audience: { statuts: ['salarie', 'ti', 'autre'], origines: ALL_ORIGINES, requiresRqth: true },
		recommend: { priority: 55, when: [['poste_incompatible'], ['risque']] },
		legal: [{ code: 'travail', article: 'L. 5212-13' }],
		reliability: { duration: 'probable', whoAgrees: 'a_verifier', ij: 'a_verifier' },
		contacts: ['cap_emploi', 'france_travail', 'service_social']
	},
	{
		// §3.11 — C. trav. L. 1226-2 s., L. 1226-10 s., R. 4624-42. Procedure details à vérifier; ITI probable.
		id: 'inaptitude-reclassement',
		audience: { statuts: SALARIE, origines: ALL_ORIGINES, requiresRqth: false },
		recommend: { priority: 80, when: [['poste_incompatible', 'risque_eleve']] },
		legal: [
			{ code: 'travail', article: 'L. 1226-2' },
			{ code: 'travail', article: 'L. 1226-10' },
			{ code: 'travail', article: 'R. 4624-42' }
		],
		reliability: { whoAgrees: 'a_verifier', ij: 'probable' },
		contacts: ['spst', 'service_social', 'cap_emploi', 'france_travail']
	},
	{
		// §3.12 — CSS L. 341-1 s. Non-professional origin only (AT/MP: rente). TI route probable; amounts not shown.
		id: 'invalidite',
		audience: { statuts: ['salarie', 'ti'], origines: ['maladie'], requiresRqth: false },
		recommend: {
			priority: 90,
			when: [['arret_tres_long', 'risque_eleve']],
			unless: ['deja_invalidite']
		},
		legal: [{ code: 'securite_sociale', article: 'L. 341-1' }],
		reliability: { forWhom: 'probable', ij: 'probable' },
		contacts: ['medecin_conseil', 'cpam', 'medecin_traitant', 'service_social']
	},
	{
		// §3.14 — Parcours PDP TI of the Assurance Maladie (no code article).
		id: 'consultation-medico-professionnelle',
		audience: { statuts: ['ti'], origines: ALL_ORIGINES, requiresRqth: false },
		recommend: { priority: 5, when: [['always']] },
		legal: [],
		reliability: { duration: 'probable', ij: 'probable' },
		contacts: ['service_social', 'cpam']
	},
	{
		// §3.14 — CPSTI action sociale, instructed by the CPAM. Eligibility sources conflict (à vérifier).
		id: 'ama',
		audience: { statuts: ['ti'], origines: ALL_ORIGINES, requiresRqth: false },
		recommend: { priority: 15, when: [['always']] },
		legal: [],
		reliability: { forWhom: 'a_verifier' },
		contacts: ['service_social', 'cpam']
	}
];

const byId = new Map<DispositifId, Dispositif>(dispositifs.map((d) => [d.id, d]));

export function dispositifById(id: DispositifId): Dispositif {
	const found = byId.get(id);
	if (!found) throw new Error(`Unknown dispositif: ${id}`);
	return found;
}

/** True when a fact is not certain: the page then shows `items.<id>.caution`. */
export function hasCaution(dispositif: Dispositif): boolean {
	return Object.values(dispositif.reliability).some((r) => r !== 'sur');
}

/** True when a dispositif is only for salariés (never shown or recommended to a TI). */
export function isSalarieOnly(dispositif: Dispositif): boolean {
	return dispositif.audience.statuts.length === 1 && dispositif.audience.statuts[0] === 'salarie';
}
