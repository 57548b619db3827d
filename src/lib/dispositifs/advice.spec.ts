/**
 * Table-driven check of what the result page says, over every statut × arrêt type ×
 * duration band × RQTH answer, against the rules written in docs/domain/dispositifs.md
 * ("Who can use what"). The documented rules are restated here on purpose, independently
 * of catalogue.ts: a change to the catalogue that contradicts the documentation fails here.
 */
import { describe, expect, it } from 'vitest';
import {
	arrets,
	rqthAnswers,
	statutGroup,
	statuts,
	type Answers,
	type Arret,
	type Rqth,
	type Statut,
	type StatutGroup
} from '$lib/questionnaire/definition';
import { levels } from '$lib/scoring/types';
import { resources } from '$lib/i18n/resources';
import { dispositifIds, dureesArret, type DispositifId, type DureeArret } from './catalogue';
import { adviceFor, type SituationKey } from './advice';
import { dispositifsForFilter } from './eligibility';

interface Case {
	group: StatutGroup;
	arret: Arret;
	duree: DureeArret;
	rqth: boolean;
}

const atLeastAMonth = (c: Case) => c.duree !== 'moins_1_mois';
const salarie = (c: Case) => c.group === 'salarie';

/** docs/domain/dispositifs.md, "Who can use what", one line per dispositif. */
const documented: Record<DispositifId, (c: Case) => boolean> = {
	// Salariés in arrêt of more than 30 days (C. trav. R. 4624-29). Not TI.
	'visite-pre-reprise': (c) => salarie(c) && atLeastAMonth(c),
	// Salariés in arrêt of (at least / more than) 30 days. Not TI.
	'rendez-vous-liaison': (c) => salarie(c) && atLeastAMonth(c),
	// Salariés, after 30 days (AT) / 60 days (maladie) / any MP: never before a month.
	'visite-reprise': (c) => salarie(c) && atLeastAMonth(c),
	'essai-encadre': salarie,
	'temps-partiel-therapeutique': (c) => c.group === 'salarie' || c.group === 'ti',
	'bilan-competences': salarie,
	crpe: salarie,
	psop: (c) => salarie(c) && c.rqth,
	pmsmp: salarie,
	rqth: () => true,
	'inclu-pro': (c) => c.rqth,
	'inaptitude-reclassement': salarie,
	// Non-professional origin only; salariés and TI.
	invalidite: (c) => (c.group === 'salarie' || c.group === 'ti') && c.arret !== 'at_mp',
	'consultation-medico-professionnelle': (c) => c.group === 'ti',
	ama: (c) => c.group === 'ti'
};

interface Blocks {
	situation: SituationKey;
	links: DispositifId[];
	medecin: DispositifId[];
}
const sameForEveryBand = (blocks: Blocks): Record<DureeArret, Blocks> =>
	Object.fromEntries(dureesArret.map((d) => [d, blocks])) as Record<DureeArret, Blocks>;
const preReprise: Blocks = {
	situation: 'salarie',
	links: ['visite-pre-reprise'],
	medecin: ['visite-pre-reprise', 'temps-partiel-therapeutique']
};

/** What the page says about the person's situation and what the médecin traitant can do. */
const expectedBlocks: Record<StatutGroup, Record<DureeArret, Blocks>> = {
	salarie: {
		moins_1_mois: {
			situation: 'salarieAvantPreReprise',
			links: [],
			medecin: ['temps-partiel-therapeutique']
		},
		'1_3_mois': preReprise,
		'3_6_mois': preReprise,
		plus_6_mois: preReprise
	},
	ti: sameForEveryBand({
		situation: 'ti',
		links: ['consultation-medico-professionnelle', 'ama'],
		medecin: ['temps-partiel-therapeutique']
	}),
	autre: sameForEveryBand({ situation: 'autre', links: [], medecin: [] })
};

function answers(duree: DureeArret, poste: string): Answers {
	return {
		duree_arret: duree,
		capacite_travail: 3,
		compatibilite_poste: poste,
		relation_travail: 'difficiles',
		difficultes_vie: 'beaucoup',
		attente_retour: 2
	};
}

const rows: { statut: Statut; arret: Arret; duree: DureeArret; rqth: Rqth }[] = statuts.flatMap(
	(statut) =>
		arrets.flatMap((arret) =>
			dureesArret.flatMap((duree) => rqthAnswers.map((rqth) => ({ statut, arret, duree, rqth })))
		)
);

const hasRqth = (rqth: Rqth) => rqth === 'oui' || rqth === 'en_cours';
const fr = resources.fr.questionnaire as unknown as { result: { next: Record<string, unknown> } };
const en = resources.en.questionnaire as unknown as { result: { next: Record<string, unknown> } };

describe('adviceFor — every statut × arrêt × duration × RQTH', () => {
	it.each(rows)('$statut, $arret, $duree, RQTH $rqth', ({ statut, arret, duree, rqth }) => {
		const group = statutGroup(statut);
		const c: Case = { group, arret, duree, rqth: hasRqth(rqth) };
		const open = new Set(dispositifIds.filter((id) => documented[id](c)));
		const expected = expectedBlocks[group][duree];
		// An intérimaire reads the same block worded for the agence d'intérim (ADR 035).
		const situation =
			statut === 'salarie_interim'
				? ({ salarie: 'interim', salarieAvantPreReprise: 'interimAvantPreReprise' }[
						expected.situation as string
					] as SituationKey)
				: expected.situation;

		for (const level of levels) {
			for (const poste of ['oui', 'avec_amenagements', 'non', 'ne_sait_pas']) {
				const advice = adviceFor({
					profile: { statut, arret, rqth },
					answers: answers(duree, poste),
					level
				});
				// The sentences shown, and the dispositifs they name.
				expect(advice.situation.key).toBe(situation);
				expect(advice.situation.links).toEqual(expected.links);
				expect(advice.medecin).toEqual(expected.medecin);
				// Every dispositif named anywhere on the page is open to this person.
				for (const id of [...advice.situation.links, ...advice.medecin, ...advice.dispositifs]) {
					expect(open, `${id} named`).toContain(id);
				}
			}
		}

		// The guide linked from the result shows exactly what the documented rules allow
		// (the guide has no "autre" statut: it then shows what is open to any statut).
		const advice = adviceFor({
			profile: { statut, arret, rqth },
			answers: answers(duree, 'non'),
			level: 'eleve'
		});
		const guide = dispositifsForFilter(advice.guideFilter).map((d) => d.id);
		if (group !== 'autre') expect(new Set(guide)).toEqual(open);
		expect(advice.guideFilter.dureeArret).toBe(duree);
	});

	it('has a sentence in both languages for every block the page can show', () => {
		for (const next of [fr.result.next, en.result.next]) {
			for (const group of Object.values(expectedBlocks)) {
				for (const { situation, medecin } of Object.values(group)) {
					const block = next[situation] as { title: string; text: string };
					expect(block.title).toBeTruthy();
					expect(block.text).toBeTruthy();
					const can = (next.medecin as { can: Record<string, string> }).can;
					for (const id of medecin) expect(can[id]).toBeTruthy();
				}
			}
		}
	});

	it('never tells a salarié in a short arrêt that they can ask for a pré-reprise now', () => {
		const advice = adviceFor({
			profile: { statut: 'salarie_cdi', arret: 'maladie', rqth: 'non' },
			answers: answers('moins_1_mois', 'oui'),
			level: 'faible'
		});
		expect(advice.situation.key).toBe('salarieAvantPreReprise');
		expect([...advice.medecin, ...advice.dispositifs]).not.toContain('visite-pre-reprise');
	});

	it('never tells a travailleur indépendant that the médecin traitant can ask for a pré-reprise', () => {
		for (const duree of dureesArret) {
			const advice = adviceFor({
				profile: { statut: 'ti_liberal', arret: 'maladie', rqth: 'non' },
				answers: answers(duree, 'non'),
				level: 'eleve'
			});
			expect(advice.medecin).not.toContain('visite-pre-reprise');
		}
	});
});
