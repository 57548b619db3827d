/**
 * What the questionnaire's result page says about dispositifs, decided from the person's
 * profile (statut, arrêt type, RQTH) and arrêt duration band — never from the statut alone.
 *
 * Every dispositif the page names — in the statut block, in the "ask your doctor" block, in
 * the list of suggestions and in the link to the guide — goes through `isOpenTo` /
 * `recommendDispositifs` of eligibility.ts, which read the catalogue's audience rules
 * (ADR 034). Framework-free: the page only turns the keys into text.
 */
import { statutGroup } from '$lib/questionnaire/definition';
import type { DispositifId } from './catalogue';
import {
	filterForProfile,
	isOpenTo,
	recommendDispositifs,
	type GuideFilter,
	type RecommendationContext
} from './eligibility';

/**
 * The block about the person's own situation (`questionnaire:result.next.<key>.*`):
 * - `ti`: the TI parcours (consultation médico-professionnelle, AMA);
 * - `salarie`: ask the médecin du travail for a visite de pré-reprise (arrêt over 30 days);
 * - `salarieAvantPreReprise`: a salarié whose arrêt is too short for a pré-reprise yet;
 * - `interim` / `interimAvantPreReprise`: the same for an intérimaire (the agence d'intérim's
 *   médecin du travail);
 * - `autre`: neither salarié nor TI, the service social helps sort out rights.
 */
export type SituationKey =
	'ti' | 'salarie' | 'salarieAvantPreReprise' | 'interim' | 'interimAvantPreReprise' | 'autre';

/** Dispositifs the médecin traitant can ask for or prescribe, in the order they are named. */
const medecinTraitantCan: readonly DispositifId[] = [
	'visite-pre-reprise',
	'temps-partiel-therapeutique'
];

/** Dispositifs linked from the TI block, when open to the person. */
const tiParcours: readonly DispositifId[] = ['consultation-medico-professionnelle', 'ama'];

export interface ResultAdvice {
	situation: { key: SituationKey; links: DispositifId[] };
	/** Dispositifs the "ask your doctor" block names (`result.next.medecin.can.<id>`). */
	medecin: DispositifId[];
	/** Suggested dispositifs, most relevant first. */
	dispositifs: DispositifId[];
	/** The guide's filter for this person (statut, origin, RQTH, duration). */
	guideFilter: GuideFilter;
}

export function adviceFor(ctx: RecommendationContext): ResultAdvice {
	const open = (id: DispositifId) => isOpenTo(id, ctx.profile, ctx.answers.duree_arret);
	const group = statutGroup(ctx.profile.statut);

	let situation: ResultAdvice['situation'];
	if (group === 'ti') {
		situation = { key: 'ti', links: tiParcours.filter(open) };
	} else if (group === 'salarie') {
		// An intérimaire's médecin du travail is the agence d'intérim's service (ADR 035).
		const interim = ctx.profile.statut === 'salarie_interim';
		situation = open('visite-pre-reprise')
			? { key: interim ? 'interim' : 'salarie', links: ['visite-pre-reprise'] }
			: { key: interim ? 'interimAvantPreReprise' : 'salarieAvantPreReprise', links: [] };
	} else {
		situation = { key: 'autre', links: [] };
	}

	return {
		situation,
		medecin: medecinTraitantCan.filter(open),
		dispositifs: recommendDispositifs(ctx),
		guideFilter: filterForProfile(ctx.profile, ctx.answers.duree_arret)
	};
}
