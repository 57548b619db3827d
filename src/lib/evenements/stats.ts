/**
 * The funnel of the évènements (ADR 043, docs/statistics.md), pure: registered → present →
 * demandes made within EVENEMENT_CONVERSION_DAYS from the follow-up link, per évènement, per
 * month (of the évènement's local date), per département (an évènement of two départements
 * counts in each) and per kind. The conversion rate is demandes ÷ present (null when nobody
 * was present).
 */
import type { EvenementKind } from '../vocabulary';

export interface Funnel {
	registered: number;
	waitlisted: number;
	present: number;
	absent: number;
	converted: number;
}

export interface EvenementFacts {
	id: number;
	title: string;
	kind: EvenementKind;
	departements: readonly string[];
	/** 'YYYY-MM' of its local start date. */
	month: string;
	funnel: Funnel;
}

export interface FunnelRow extends Funnel {
	key: string;
	rate: number | null;
}

const empty = (): Funnel => ({ registered: 0, waitlisted: 0, present: 0, absent: 0, converted: 0 });

function add(into: Funnel, from: Funnel): void {
	into.registered += from.registered;
	into.waitlisted += from.waitlisted;
	into.present += from.present;
	into.absent += from.absent;
	into.converted += from.converted;
}

/** Demandes ÷ present, rounded to the per mille (0.333 for 1 in 3); null without anyone present. */
export const conversionRate = (funnel: Funnel): number | null =>
	funnel.present === 0 ? null : Math.round((funnel.converted / funnel.present) * 1000) / 1000;

function grouped(
	facts: readonly EvenementFacts[],
	keysOf: (fact: EvenementFacts) => readonly string[]
): FunnelRow[] {
	const groups = new Map<string, Funnel>();
	for (const fact of facts)
		for (const key of keysOf(fact)) {
			const group = groups.get(key) ?? empty();
			add(group, fact.funnel);
			groups.set(key, group);
		}
	return [...groups.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([key, funnel]) => ({ key, ...funnel, rate: conversionRate(funnel) }));
}

export function evenementStats(facts: readonly EvenementFacts[]) {
	const total = empty();
	for (const fact of facts) add(total, fact.funnel);
	return {
		byEvenement: facts.map((fact) => ({
			key: String(fact.id),
			title: fact.title,
			month: fact.month,
			kind: fact.kind,
			...fact.funnel,
			rate: conversionRate(fact.funnel)
		})),
		byMonth: grouped(facts, (fact) => [fact.month]),
		byDepartement: grouped(facts, (fact) => fact.departements),
		byKind: grouped(facts, (fact) => [fact.kind]),
		total: { ...total, rate: conversionRate(total) }
	};
}
export type EvenementStats = ReturnType<typeof evenementStats>;
