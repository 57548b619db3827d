import { describe, expect, it } from 'vitest';
import { categoriesOf, situationCategories, subCategoryOf, type Situation } from './situation';

const nothing: Situation = {
	arret: 'oui_sans_projet',
	emploi: 'non',
	formation: 'non',
	recherche: 'non',
	invalidite: 'non',
	retraite: false,
	autre: false
};

describe('categoriesOf', () => {
	it('puts a person still on arrêt without a project in that one category', () => {
		expect(categoriesOf(nothing)).toEqual(['en_arret_sans_projet']);
	});

	it('counts a person back at work in an adapted post as off arrêt, in work and adapted post', () => {
		expect(categoriesOf({ ...nothing, arret: 'non', emploi: 'poste_amenage' })).toEqual([
			'plus_en_arret',
			'en_emploi',
			'emploi_poste_amenage'
		]);
	});

	it('lets the categories overlap: job seeker followed by Cap emploi and waiting for a training', () => {
		expect(
			categoriesOf({
				...nothing,
				arret: 'oui_avec_projet',
				formation: 'en_attente',
				recherche: 'cap_emploi'
			})
		).toEqual(['formation', 'en_arret_avec_projet', 'demandeur_emploi', 'suivi_cap_emploi']);
	});

	it('separates invalidité category 1 within invalidité, and keeps retired and other', () => {
		expect(
			categoriesOf({ ...nothing, arret: 'non', invalidite: 'categorie_1', retraite: true })
		).toEqual(['plus_en_arret', 'invalidite', 'invalidite_categorie_1', 'retraite']);
		expect(categoriesOf({ ...nothing, invalidite: 'categorie_2', autre: true })).toEqual([
			'en_arret_sans_projet',
			'invalidite',
			'autre'
		]);
	});

	it('names only known categories as the parents of sub-categories', () => {
		for (const [sub, parent] of Object.entries(subCategoryOf)) {
			expect(situationCategories).toContain(sub);
			expect(situationCategories).toContain(parent);
		}
	});
});
