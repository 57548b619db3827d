/**
 * The 6-month follow-up's situation (ADR 045): what the person answers, and the report's
 * categories it counts in. Pure and framework-free. Versioned like the questionnaire: a
 * change of the questions or of the mapping is a new `SUIVI_VERSION`, stored with each answer.
 */
import type {
	SuiviArret,
	SuiviEmploi,
	SuiviFormation,
	SuiviInvalidite,
	SuiviRecherche
} from '../vocabulary';

/** The version of the follow-up's questions and of their mapping to categories. */
export const SUIVI_VERSION = 'suivi-2026-1';

/**
 * The version of the consent's wording ("Acceptez-vous que le service social vous recontacte
 * dans 6 mois… ?", `booking:suivi.consent`): stored with the consent, changed with the text.
 */
export const SUIVI_CONSENT_VERSION = 'consentement-2026-1';

export interface Situation {
	arret: SuiviArret;
	emploi: SuiviEmploi;
	formation: SuiviFormation;
	recherche: SuiviRecherche;
	invalidite: SuiviInvalidite;
	retraite: boolean;
	autre: boolean;
}

/**
 * The categories of the follow-up report, in its order. A person counts in every category
 * their answer fits: the shares overlap (job seeker and in training, on arrêt with a project
 * and in training…) and never add up to 100 %. Sub-categories (`emploi_*`, `suivi_*`,
 * `invalidite_categorie_1`) are within their category.
 */
export const situationCategories = [
	'plus_en_arret',
	'en_emploi',
	'emploi_meme_poste',
	'emploi_poste_amenage',
	'emploi_autre_employeur',
	'emploi_creation',
	'formation',
	'en_arret_avec_projet',
	'en_arret_sans_projet',
	'demandeur_emploi',
	'suivi_cap_emploi',
	'suivi_france_travail',
	'invalidite',
	'invalidite_categorie_1',
	'retraite',
	'autre'
] as const;
export type SituationCategory = (typeof situationCategories)[number];

/** Sub-categories and the category whose count is their denominator in the report. */
export const subCategoryOf: Partial<Record<SituationCategory, SituationCategory>> = {
	emploi_meme_poste: 'en_emploi',
	emploi_poste_amenage: 'en_emploi',
	emploi_autre_employeur: 'en_emploi',
	emploi_creation: 'en_emploi',
	suivi_cap_emploi: 'demandeur_emploi',
	suivi_france_travail: 'demandeur_emploi',
	invalidite_categorie_1: 'invalidite'
};

const EMPLOI: Record<Exclude<SuiviEmploi, 'non'>, SituationCategory> = {
	meme_poste: 'emploi_meme_poste',
	poste_amenage: 'emploi_poste_amenage',
	autre_employeur: 'emploi_autre_employeur',
	creation: 'emploi_creation'
};

/** The report's categories an answer counts in, in the report's order. */
export function categoriesOf(situation: Situation): SituationCategory[] {
	const found = new Set<SituationCategory>();
	if (situation.arret === 'non') found.add('plus_en_arret');
	if (situation.arret === 'oui_avec_projet') found.add('en_arret_avec_projet');
	if (situation.arret === 'oui_sans_projet') found.add('en_arret_sans_projet');
	if (situation.emploi !== 'non') {
		found.add('en_emploi');
		found.add(EMPLOI[situation.emploi]);
	}
	if (situation.formation !== 'non') found.add('formation');
	if (situation.recherche !== 'non') found.add('demandeur_emploi');
	if (situation.recherche === 'cap_emploi') found.add('suivi_cap_emploi');
	if (situation.recherche === 'france_travail') found.add('suivi_france_travail');
	if (situation.invalidite !== 'non') found.add('invalidite');
	if (situation.invalidite === 'categorie_1') found.add('invalidite_categorie_1');
	if (situation.retraite) found.add('retraite');
	if (situation.autre) found.add('autre');
	return situationCategories.filter((category) => found.has(category));
}
