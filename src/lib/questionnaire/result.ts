import type { Field } from './definition';

/** How much a field weighs in a result, for plain-language explanations (points are 0–20). */
export type FieldBand = 'faible' | 'moyen' | 'fort';

export function fieldBand(points: number): FieldBand {
	if (points <= 6) return 'faible';
	if (points <= 12) return 'moyen';
	return 'fort';
}

export function fieldBands(points: Record<Field, number>): Record<Field, FieldBand> {
	return {
		travail: fieldBand(points.travail),
		sante: fieldBand(points.sante),
		social: fieldBand(points.social)
	};
}
