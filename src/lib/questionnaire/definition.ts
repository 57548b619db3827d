/**
 * The Scoring PDP questionnaire as typed, versioned data. Framework-free: imported by the
 * pages, the scoring module, the partner API and the tests.
 *
 * Texts are not here: each id maps to keys of the `questionnaire` locale namespace
 * (`questions.<id>.label`, `questions.<id>.ti.label` for the travailleur indépendant wording,
 * `questions.<id>.autre.label` for the « autre situation » wording,
 * `questions.<id>.options.<optionId>` …; `wordingKey` / `optionsKey` build them). Changing a question, an option or a point value
 * means a new QUESTIONNAIRE_VERSION: every stored response records the version it used.
 * Design notes and sources: docs/scoring.md.
 */

export const QUESTIONNAIRE_VERSION = '2026.2';

/**
 * Versions in which statut « autre » (demandeur d'emploi, sans contrat…) answered the
 * salarié questions (post, relations with the employer). Since 2026.2 it has its own
 * variant. Stored results of these versions keep being read with the salarié wording.
 */
const VERSIONS_WITHOUT_AUTRE_VARIANT: readonly string[] = ['2026.1'];

/** Every version a stored draft or result may carry; they differ only as said above. */
export const knownVersions: readonly string[] = [
	...VERSIONS_WITHOUT_AUTRE_VARIANT,
	QUESTIONNAIRE_VERSION
];

/** The three HAS 2019 fields of the risk assessment. */
export const fields = ['travail', 'sante', 'social'] as const;
export type Field = (typeof fields)[number];

// ---------------------------------------------------------------- profile (not scored)

export const statuts = [
	'salarie_cdi',
	'salarie_cdd',
	'salarie_interim',
	'salarie_autre',
	'ti_artisan',
	'ti_commercant',
	'ti_liberal',
	'autre'
] as const;
export type Statut = (typeof statuts)[number];
export type StatutGroup = 'salarie' | 'ti' | 'autre';
export function statutGroup(statut: Statut): StatutGroup {
	if (statut.startsWith('salarie_')) return 'salarie';
	if (statut.startsWith('ti_')) return 'ti';
	return 'autre';
}

export const arrets = ['maladie', 'at_mp', 'arrets_repetes', 'invalidite_activite'] as const;
export type Arret = (typeof arrets)[number];

export const rqthAnswers = ['oui', 'en_cours', 'non', 'ne_sait_pas'] as const;
export type Rqth = (typeof rqthAnswers)[number];

export const sources = [
	'medecin_traitant',
	'medecin_travail',
	'employeur',
	'courrier_assurance_maladie',
	'partenaire',
	'moi_meme'
] as const;
export type Source = (typeof sources)[number];

export interface Profile {
	statut: Statut;
	arret: Arret;
	/** Département of residence: '01'…'95', '2A', '2B', '971'…'976' (see $lib/departements). */
	departement: string;
	rqth: Rqth;
	source: Source;
}

// ---------------------------------------------------------------- scored questions

export type QuestionId =
	| 'duree_arret'
	| 'capacite_travail'
	| 'compatibilite_poste'
	| 'relation_travail'
	| 'difficultes_vie'
	| 'attente_retour';

export interface ChoiceOption {
	id: string;
	/** Points towards the risk (0 = no added risk, 10 = highest). */
	points: number;
}

/** The answer sets: salariés, travailleurs indépendants, other situations (job seekers…). */
export const variants = ['salarie', 'ti', 'autre'] as const;
export type Variant = (typeof variants)[number];
/** The variants that may have their own wording or options (salarié is the base one). */
export type OtherVariant = Exclude<Variant, 'salarie'>;

interface QuestionBase {
	id: QuestionId;
	field: Field;
	/** Variants with their own wording (`questions.<id>.<variant>.label`/`.help`). */
	ownWording: readonly OtherVariant[];
}

/**
 * Pick one option. With `variantOptions[v]`, variant v chooses among those instead
 * (different situation, same 0–10 risk scale: docs/scoring.md).
 */
export interface ChoiceQuestion extends QuestionBase {
	kind: 'choice';
	options: readonly ChoiceOption[];
	variantOptions?: Partial<Record<OtherVariant, readonly ChoiceOption[]>>;
}

/** A 0–10 self-rating. `reversed`: 10 is the best situation, so points = 10 − value. */
export interface ScaleQuestion extends QuestionBase {
	kind: 'scale';
	min: 0;
	max: 10;
	reversed: boolean;
}

export type Question = ChoiceQuestion | ScaleQuestion;

export const questions: readonly Question[] = [
	{
		id: 'duree_arret',
		field: 'sante',
		kind: 'choice',
		ownWording: [],
		options: [
			{ id: 'moins_1_mois', points: 0 },
			{ id: '1_3_mois', points: 4 },
			{ id: '3_6_mois', points: 7 },
			{ id: 'plus_6_mois', points: 10 }
		]
	},
	{
		id: 'capacite_travail',
		field: 'sante',
		kind: 'scale',
		ownWording: [],
		min: 0,
		max: 10,
		reversed: true
	},
	{
		id: 'compatibilite_poste',
		field: 'travail',
		kind: 'choice',
		// TI: their trade; autre: the work they look for or could do. Same options and points.
		ownWording: ['ti', 'autre'],
		options: [
			{ id: 'oui', points: 0 },
			{ id: 'avec_amenagements', points: 4 },
			{ id: 'ne_sait_pas', points: 6 },
			{ id: 'non', points: 10 }
		]
	},
	{
		id: 'relation_travail',
		field: 'travail',
		kind: 'choice',
		ownWording: ['ti', 'autre'],
		// Salariés: the relationship with the employer since the arrêt.
		options: [
			{ id: 'bonnes', points: 0 },
			{ id: 'correctes', points: 3 },
			{ id: 'pas_de_contact', points: 6 },
			{ id: 'difficiles', points: 8 },
			{ id: 'conflit', points: 10 }
		],
		variantOptions: {
			// Travailleurs indépendants: can the activity hold while they are away.
			ti: [
				{ id: 'continue', points: 0 },
				{ id: 'ralentie', points: 4 },
				{ id: 'en_difficulte', points: 7 },
				{ id: 'arretee', points: 10 }
			],
			// Autre situation: the link with those who help them back to work (France Travail,
			// Cap emploi, mission locale…) — the same construct and the same points as the
			// salarié options, one for one (`autreEquivalents`).
			autre: [
				{ id: 'accompagne', points: 0 },
				{ id: 'accompagne_peu', points: 3 },
				{ id: 'sans_accompagnement', points: 6 },
				{ id: 'accompagnement_difficile', points: 8 },
				{ id: 'desaccord', points: 10 }
			]
		}
	},
	{
		id: 'difficultes_vie',
		field: 'social',
		kind: 'choice',
		ownWording: [],
		options: [
			{ id: 'pas_du_tout', points: 0 },
			{ id: 'un_peu', points: 3 },
			{ id: 'beaucoup', points: 7 },
			{ id: 'a_bout', points: 10 }
		]
	},
	{
		id: 'attente_retour',
		field: 'social',
		kind: 'scale',
		ownWording: [],
		min: 0,
		max: 10,
		reversed: true
	}
];

export const QUESTION_COUNT = questions.length;

/** Answers as stored: the option id for a choice question, the 0–10 value for a scale. */
export type Answers = Record<QuestionId, string | number>;

/**
 * The variant a statut answers in `version` (default: the current one). Before 2026.2,
 * statut « autre » answered the salarié questions; stored results keep that reading.
 */
export function variantFor(
	statut: Statut | undefined,
	version: string = QUESTIONNAIRE_VERSION
): Variant {
	if (!statut) return 'salarie';
	const group = statutGroup(statut);
	if (group === 'autre' && VERSIONS_WITHOUT_AUTRE_VARIANT.includes(version)) return 'salarie';
	return group;
}

export function optionsFor(question: ChoiceQuestion, variant: Variant): readonly ChoiceOption[] {
	return (variant !== 'salarie' && question.variantOptions?.[variant]) || question.options;
}

/** True when `variant` answers among its own options for this question. */
export function hasOwnOptions(question: Question, variant: Variant): boolean {
	return (
		question.kind === 'choice' &&
		variant !== 'salarie' &&
		question.variantOptions?.[variant] !== undefined
	);
}

const Q = 'questionnaire:questions';

/** Locale key prefix of a question's label and help for a variant (`<prefix>.label`). */
export function wordingKey(question: Question, variant: Variant): string {
	return variant !== 'salarie' && question.ownWording.includes(variant)
		? `${Q}.${question.id}.${variant}`
		: `${Q}.${question.id}`;
}

/** Locale key prefix of a choice question's option labels for a variant (`<prefix>.<id>`). */
export function optionsKey(question: Question, variant: Variant): string {
	return hasOwnOptions(question, variant)
		? `${Q}.${question.id}.${variant}.options`
		: `${Q}.${question.id}.options`;
}

/**
 * For the « autre » options of `relation_travail`: the salarié option meaning the same
 * risk (same points). Unit-tested (scoring equivalence); documented in docs/scoring.md.
 */
export const autreEquivalents: Readonly<Record<string, string>> = {
	accompagne: 'bonnes',
	accompagne_peu: 'correctes',
	sans_accompagnement: 'pas_de_contact',
	accompagnement_difficile: 'difficiles',
	desaccord: 'conflit'
};

export function questionById(id: string): Question | undefined {
	return questions.find((q) => q.id === id);
}

/**
 * The answer that, on its own, suggests distress: the result page then shows the
 * 3114 (suicide prevention) and 15/112 lines. Kept as data so the API reports it too.
 */
export const distressAnswers: Partial<Record<QuestionId, readonly (string | number)[]>> = {
	difficultes_vie: ['a_bout']
};
