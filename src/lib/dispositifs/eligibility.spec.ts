import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	arrets,
	optionsFor,
	questions,
	rqthAnswers,
	statutGroup,
	statuts,
	type Answers,
	type ChoiceQuestion,
	type Profile,
	type Rqth
} from '$lib/questionnaire/definition';
import { levels, type Level } from '$lib/scoring/types';
import { dispositifIds, dispositifs, isSalarieOnly, type DispositifId } from './catalogue';
import {
	dispositifsForFilter,
	filterForProfile,
	recommendDispositifs,
	type GuideFilter
} from './eligibility';

type RuleProfile = Pick<Profile, 'statut' | 'arret' | 'rqth'>;

const salarieOnly = new Set<DispositifId>(dispositifs.filter(isSalarieOnly).map((d) => d.id));
const ids = (list: { id: DispositifId }[]) => list.map((d) => d.id);

// ---------------------------------------------------------------- generators

const profileArb: fc.Arbitrary<RuleProfile> = fc.record({
	statut: fc.constantFrom(...statuts),
	arret: fc.constantFrom(...arrets),
	rqth: fc.constantFrom(...rqthAnswers)
});

/** Every question answered with one of its options (either variant) or a 0–10 value. */
const answersArb: fc.Arbitrary<Answers> = fc.record(
	Object.fromEntries(
		questions.map((q) => [
			q.id,
			q.kind === 'scale'
				? fc.integer({ min: q.min, max: q.max })
				: fc.constantFrom(
						...new Set([
							...optionsFor(q as ChoiceQuestion, 'salarie').map((o) => o.id),
							...optionsFor(q as ChoiceQuestion, 'ti').map((o) => o.id)
						])
					)
		])
	) as { [K in keyof Answers]: fc.Arbitrary<Answers[K]> }
);

const levelArb: fc.Arbitrary<Level> = fc.constantFrom(...levels);

const caseArb = fc.record({ profile: profileArb, answers: answersArb, level: levelArb });

function answers(overrides: Partial<Answers> = {}): Answers {
	return {
		duree_arret: '1_3_mois',
		capacite_travail: 5,
		compatibilite_poste: 'oui',
		relation_travail: 'bonnes',
		difficultes_vie: 'un_peu',
		attente_retour: 6,
		...overrides
	};
}

const salarie: RuleProfile = { statut: 'salarie_cdi', arret: 'maladie', rqth: 'non' };
const ti: RuleProfile = { statut: 'ti_artisan', arret: 'maladie', rqth: 'non' };

// ---------------------------------------------------------------- properties

describe('recommendDispositifs — properties', () => {
	it('never recommends a salarié-only dispositif to a travailleur indépendant', () => {
		fc.assert(
			fc.property(caseArb, (ctx) => {
				fc.pre(statutGroup(ctx.profile.statut) === 'ti');
				const recommended = recommendDispositifs(ctx);
				expect(recommended.filter((id) => salarieOnly.has(id))).toEqual([]);
			}),
			{ numRuns: 2000 }
		);
	});

	it('is always a subset of what the guide shows for the same situation', () => {
		fc.assert(
			fc.property(caseArb, (ctx) => {
				const shown = new Set(ids(dispositifsForFilter(filterForProfile(ctx.profile))));
				for (const id of recommendDispositifs(ctx)) expect(shown.has(id)).toBe(true);
			}),
			{ numRuns: 2000 }
		);
	});

	it('returns known ids, without duplicates, ordered by rule priority', () => {
		fc.assert(
			fc.property(caseArb, (ctx) => {
				const recommended = recommendDispositifs(ctx);
				expect(new Set(recommended).size).toBe(recommended.length);
				const priorities = recommended.map((id) => {
					expect(dispositifIds).toContain(id);
					return dispositifs.find((d) => d.id === id)!.recommend.priority;
				});
				expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
			}),
			{ numRuns: 500 }
		);
	});

	it('never recommends invalidité to someone already in invalidité, nor to AT/MP', () => {
		fc.assert(
			fc.property(caseArb, (ctx) => {
				fc.pre(ctx.profile.arret === 'invalidite_activite' || ctx.profile.arret === 'at_mp');
				expect(recommendDispositifs(ctx)).not.toContain('invalidite');
			}),
			{ numRuns: 1000 }
		);
	});

	it('recommends RQTH-only dispositifs only with a RQTH obtained or requested', () => {
		fc.assert(
			fc.property(caseArb, (ctx) => {
				fc.pre(ctx.profile.rqth === 'non' || ctx.profile.rqth === 'ne_sait_pas');
				const recommended = recommendDispositifs(ctx);
				expect(recommended).not.toContain('psop');
				expect(recommended).not.toContain('inclu-pro');
			}),
			{ numRuns: 1000 }
		);
	});

	it("keeps 'autre' statuts to general dispositifs open to everyone", () => {
		fc.assert(
			fc.property(caseArb, (ctx) => {
				fc.pre(statutGroup(ctx.profile.statut) === 'autre');
				for (const id of recommendDispositifs(ctx)) {
					expect(dispositifs.find((d) => d.id === id)!.audience.statuts).toContain('autre');
				}
			}),
			{ numRuns: 1000 }
		);
	});
});

// ---------------------------------------------------------------- salarié cases

describe('recommendDispositifs — salariés', () => {
	it('puts pré-reprise then rendez-vous de liaison first after a month of arrêt', () => {
		const recommended = recommendDispositifs({
			profile: salarie,
			answers: answers(),
			level: 'modere'
		});
		expect(recommended.slice(0, 2)).toEqual(['visite-pre-reprise', 'rendez-vous-liaison']);
		expect(recommended).toContain('temps-partiel-therapeutique');
	});

	it('does not suggest pré-reprise nor liaison before 30 days', () => {
		const recommended = recommendDispositifs({
			profile: salarie,
			answers: answers({ duree_arret: 'moins_1_mois' }),
			level: 'faible'
		});
		expect(recommended).not.toContain('visite-pre-reprise');
		expect(recommended).not.toContain('rendez-vous-liaison');
		expect(recommended).not.toContain('visite-reprise');
	});

	it('suggests essai encadré, bilan de compétences, CRPE and RQTH when the poste is incompatible', () => {
		const recommended = recommendDispositifs({
			profile: salarie,
			answers: answers({ compatibilite_poste: 'non', duree_arret: '3_6_mois' }),
			level: 'eleve'
		});
		expect(recommended).toEqual(
			expect.arrayContaining([
				'essai-encadre',
				'bilan-competences',
				'crpe',
				'rqth',
				'inaptitude-reclassement'
			])
		);
		expect(recommended).not.toContain('temps-partiel-therapeutique');
		expect(recommended).not.toContain('psop');
		// Ordering: the return-preparation steps come before the later options.
		expect(recommended.indexOf('visite-pre-reprise')).toBeLessThan(
			recommended.indexOf('essai-encadre')
		);
		expect(recommended.indexOf('essai-encadre')).toBeLessThan(recommended.indexOf('crpe'));
		expect(recommended.indexOf('crpe')).toBeLessThan(
			recommended.indexOf('inaptitude-reclassement')
		);
	});

	it("treats 'ne_sait_pas' on the poste like an incompatible poste", () => {
		const recommended = recommendDispositifs({
			profile: salarie,
			answers: answers({ compatibilite_poste: 'ne_sait_pas' }),
			level: 'modere'
		});
		expect(recommended).toEqual(
			expect.arrayContaining(['essai-encadre', 'bilan-competences', 'crpe'])
		);
	});

	it('keeps CRPE for situations with a risk', () => {
		const recommended = recommendDispositifs({
			profile: salarie,
			answers: answers({ compatibilite_poste: 'non' }),
			level: 'faible'
		});
		expect(recommended).toContain('essai-encadre');
		expect(recommended).not.toContain('crpe');
	});

	/** A salarié whose poste is incompatible, at a moderate risk, with this RQTH answer. */
	const incompatibleWithRqth = (rqth: Rqth) =>
		recommendDispositifs({
			profile: { ...salarie, rqth },
			answers: answers({ compatibilite_poste: 'non' }),
			level: 'modere'
		});

	it('suggests PSOP and Inclu’Pro with a RQTH obtained or requested, not the RQTH itself', () => {
		for (const rqth of ['oui', 'en_cours'] as const) {
			const recommended = incompatibleWithRqth(rqth);
			expect(recommended).toEqual(expect.arrayContaining(['psop', 'inclu-pro']));
			expect(recommended).not.toContain('rqth');
		}
	});

	it('suggests the RQTH itself when there is none and the poste is incompatible', () => {
		for (const rqth of ['non', 'ne_sait_pas'] as const) {
			const recommended = incompatibleWithRqth(rqth);
			expect(recommended).toContain('rqth');
		}
	});

	it('treats arrêts répétés as maladie and offers invalidité only for long arrêts with high risk', () => {
		const long = answers({ duree_arret: 'plus_6_mois', compatibilite_poste: 'non' });
		const longArret = (arret: RuleProfile['arret'], level: Level) =>
			recommendDispositifs({ profile: { ...salarie, arret }, answers: long, level });
		expect(longArret('arrets_repetes', 'eleve')).toContain('invalidite');
		expect(longArret(salarie.arret, 'modere')).not.toContain('invalidite');
		expect(longArret('invalidite_activite', 'eleve')).not.toContain('invalidite');
		expect(longArret('at_mp', 'eleve')).not.toContain('invalidite');
	});
});

// ---------------------------------------------------------------- TI and autre

describe('recommendDispositifs — travailleurs indépendants and other statuts', () => {
	it('puts the parcours PDP TI and the AMA first, with the TI temps partiel thérapeutique', () => {
		const recommended = recommendDispositifs({ profile: ti, answers: answers(), level: 'modere' });
		expect(recommended.slice(0, 2)).toEqual(['consultation-medico-professionnelle', 'ama']);
		expect(recommended).toContain('temps-partiel-therapeutique');
		expect(recommended).not.toContain('visite-pre-reprise');
	});

	it('gives a TI with an incompatible activity no salarié-only dispositif', () => {
		const recommended = recommendDispositifs({
			profile: { ...ti, statut: 'ti_liberal', rqth: 'oui' },
			answers: answers({ compatibilite_poste: 'non', duree_arret: 'plus_6_mois' }),
			level: 'eleve'
		});
		expect(recommended).toEqual(
			expect.arrayContaining([
				'consultation-medico-professionnelle',
				'ama',
				'inclu-pro',
				'invalidite'
			])
		);
		for (const id of [
			'essai-encadre',
			'crpe',
			'bilan-competences',
			'psop',
			'inaptitude-reclassement'
		]) {
			expect(recommended).not.toContain(id);
		}
	});

	it("gives the 'autre' statut a conservative set", () => {
		expect(
			recommendDispositifs({
				profile: { ...salarie, statut: 'autre' },
				answers: answers(),
				level: 'eleve'
			})
		).toEqual(['rqth']);
		expect(
			recommendDispositifs({
				profile: { ...salarie, statut: 'autre', rqth: 'oui' },
				answers: answers({ compatibilite_poste: 'non' }),
				level: 'eleve'
			})
		).toEqual(['inclu-pro']);
	});
});

// ---------------------------------------------------------------- guide filter

describe('dispositifsForFilter', () => {
	it('shows every dispositif without filter, in catalogue order', () => {
		expect(ids(dispositifsForFilter({}))).toEqual([...dispositifIds]);
	});

	it('hides salarié-only dispositifs for TI and shows the TI ones', () => {
		const shown = ids(dispositifsForFilter({ statut: 'ti' }));
		expect(shown.filter((id) => salarieOnly.has(id))).toEqual([]);
		expect(shown).toEqual(
			expect.arrayContaining([
				'ama',
				'consultation-medico-professionnelle',
				'temps-partiel-therapeutique',
				'rqth'
			])
		);
		expect(shown).not.toContain('visite-pre-reprise');
	});

	it('hides the TI-only dispositifs for salariés', () => {
		const shown = ids(dispositifsForFilter({ statut: 'salarie' }));
		expect(shown).not.toContain('ama');
		expect(shown).not.toContain('consultation-medico-professionnelle');
		expect(shown).toContain('visite-pre-reprise');
	});

	it('hides invalidité for AT/MP (a rente applies instead)', () => {
		expect(ids(dispositifsForFilter({ origine: 'at_mp' }))).not.toContain('invalidite');
		expect(ids(dispositifsForFilter({ origine: 'maladie' }))).toContain('invalidite');
	});

	it('hides RQTH-only dispositifs without RQTH, keeps them with one', () => {
		const without = ids(dispositifsForFilter({ rqth: false }));
		expect(without).not.toContain('psop');
		expect(without).not.toContain('inclu-pro');
		expect(without).toContain('rqth');
		expect(ids(dispositifsForFilter({ rqth: true }))).toEqual([...dispositifIds]);
	});

	it('combines filters', () => {
		const filter: GuideFilter = { statut: 'salarie', origine: 'at_mp', rqth: true };
		const shown = ids(dispositifsForFilter(filter));
		expect(shown).toContain('psop');
		expect(shown).toContain('crpe');
		expect(shown).not.toContain('invalidite');
		expect(shown).not.toContain('ama');
	});

	it('never shows a salarié-only dispositif whatever the other TI filters', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(undefined, 'maladie' as const, 'at_mp' as const),
				fc.constantFrom(undefined, true, false),
				(origine, rqth) => {
					const shown = dispositifsForFilter({ statut: 'ti', origine, rqth });
					expect(shown.filter(isSalarieOnly)).toEqual([]);
					expect(shown.length).toBeGreaterThan(0);
				}
			)
		);
	});
});

describe('filterForProfile', () => {
	it('maps statut groups, origines and RQTH answers', () => {
		expect(
			filterForProfile({ statut: 'salarie_interim', arret: 'arrets_repetes', rqth: 'en_cours' })
		).toEqual({
			statut: 'salarie',
			origine: 'maladie',
			rqth: true
		});
		expect(
			filterForProfile({ statut: 'ti_commercant', arret: 'at_mp', rqth: 'ne_sait_pas' })
		).toEqual({
			statut: 'ti',
			origine: 'at_mp',
			rqth: false
		});
		expect(
			filterForProfile({ statut: 'autre', arret: 'invalidite_activite', rqth: 'oui' })
		).toEqual({
			origine: 'maladie',
			rqth: true
		});
	});
});
