/**
 * The campaign statistics (ADR 044, docs/statistics.md): per campaign and per département,
 * visits by its link, questionnaires completed, demandes (rendez-vous and callbacks), rendez-vous
 * held, registrations to an évènement, and the response rate when the letters sent are known. Pure: rows in, figures out.
 */

/** A campaign and its départements, with the letters sent where staff entered them. */
export interface CampagneRow {
	id: number;
	code: string;
	name: string;
	startsOn: string;
	endsOn: string;
	departements: { code: string; lettersSent: number | null }[];
}

/** A count of one campaign in one département ('' : a link without département). */
export interface CountRow {
	campagneId: number;
	departement: string;
	count: number;
}

/** The aggregate counters of the campaigns. */
export interface Counts {
	visits: readonly CountRow[];
	questionnaires: readonly CountRow[];
	inscriptions: readonly CountRow[];
}

/** One demande attributed to a campaign: its kind, and whether a rendez-vous of it was held. */
export interface DemandeRow {
	campagneId: number;
	departement: string;
	kind: 'rendez_vous' | 'rappel';
	held: boolean;
}

/** The figures' columns, in the order the page and the CSV show them. */
export const campagneColumns = [
	'visits',
	'questionnaires',
	'demandes',
	'rendezVous',
	'rappels',
	'held',
	'inscriptions',
	'lettersSent',
	'responseRate'
] as const;

export interface Figures {
	visits: number;
	questionnaires: number;
	demandes: number;
	rendezVous: number;
	rappels: number;
	held: number;
	/** Registrations to an évènement made after the campaign's link (counted at registration). */
	inscriptions: number;
	/** Letters sent in the départements where the number is known; null when nowhere. */
	lettersSent: number | null;
	/** Demandes of those départements ÷ their letters sent; null without letters. */
	responseRate: number | null;
}

export interface CampagneStats extends Figures {
	id: number;
	code: string;
	name: string;
	startsOn: string;
	endsOn: string;
	/** One line per département of the campaign in scope, then '' (links without département). */
	byDepartement: ({ departement: string } & Figures)[];
}

const sumWhere = <R extends { campagneId: number; departement: string }>(
	rows: readonly R[],
	id: number,
	departement: string,
	value: (row: R) => number
) =>
	rows.reduce(
		(total, row) =>
			row.campagneId === id && row.departement === departement ? total + value(row) : total,
		0
	);

function figuresOf(
	id: number,
	departement: string,
	lettersSent: number | null,
	counts: Counts,
	demandes: readonly DemandeRow[]
): Figures {
	const mine = demandes.filter((d) => d.campagneId === id && d.departement === departement);
	const rendezVous = mine.filter((d) => d.kind === 'rendez_vous').length;
	return {
		visits: sumWhere(counts.visits, id, departement, (r) => r.count),
		questionnaires: sumWhere(counts.questionnaires, id, departement, (r) => r.count),
		demandes: mine.length,
		rendezVous,
		rappels: mine.length - rendezVous,
		held: mine.filter((d) => d.held).length,
		inscriptions: sumWhere(counts.inscriptions, id, departement, (r) => r.count),
		lettersSent,
		responseRate: lettersSent ? mine.length / lettersSent : null
	};
}

function total(lines: readonly Figures[]): Figures {
	const sum = (pick: (f: Figures) => number) => lines.reduce((t, f) => t + pick(f), 0);
	const withLetters = lines.filter((f) => f.lettersSent !== null && f.lettersSent > 0);
	const letters = withLetters.length ? sum((f) => f.lettersSent ?? 0) : null;
	const answered = withLetters.reduce((t, f) => t + f.demandes, 0);
	return {
		visits: sum((f) => f.visits),
		questionnaires: sum((f) => f.questionnaires),
		demandes: sum((f) => f.demandes),
		rendezVous: sum((f) => f.rendezVous),
		rappels: sum((f) => f.rappels),
		held: sum((f) => f.held),
		inscriptions: sum((f) => f.inscriptions),
		lettersSent: letters,
		responseRate: letters ? answered / letters : null
	};
}

/**
 * Figures per campaign, within `scope` (the staff member's départements). A campaign shows
 * only its départements in scope; arrivals by a link without département ('') are shown only
 * to whom sees every département of the campaign (they may come from any of them).
 */
export function campagneStats(
	campagnes: readonly CampagneRow[],
	counts: Counts,
	demandes: readonly DemandeRow[],
	scope: readonly string[]
): CampagneStats[] {
	const inScope = new Set(scope);
	return campagnes
		.filter((c) => c.departements.some((d) => inScope.has(d.code)))
		.map((c) => {
			const visible = c.departements.filter((d) => inScope.has(d.code));
			const lines = visible.map((d) => ({
				departement: d.code,
				...figuresOf(c.id, d.code, d.lettersSent, counts, demandes)
			}));
			if (visible.length === c.departements.length)
				lines.push({ departement: '', ...figuresOf(c.id, '', null, counts, demandes) });
			const shown = lines.filter(
				(line) =>
					line.departement !== '' ||
					line.visits + line.questionnaires + line.demandes + line.inscriptions > 0
			);
			return {
				id: c.id,
				code: c.code,
				name: c.name,
				startsOn: c.startsOn,
				endsOn: c.endsOn,
				...total(shown),
				byDepartement: shown
			};
		});
}
