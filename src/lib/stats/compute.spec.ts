import { describe, expect, it } from 'vitest';
import { departementByCode } from '$lib/departements/data';
import { demandeOutcomes } from '$lib/server/db/schema';
import {
	computeStats,
	demandeMonth,
	formatDays,
	formatPercent,
	median,
	monthIn,
	monthRange,
	outcomeKeys,
	ratio,
	type StatsDemandeRow,
	type StatsEventRow,
	type StatsRendezVousRow
} from './compute';

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);
/** The booking service's due date: creation + 14 days. */
const demande = (
	row: Omit<StatsDemandeRow, 'dueAt' | 'sansCreneau' | 'outcome' | 'level' | 'priority'> &
		Partial<StatsDemandeRow>
): StatsDemandeRow => ({
	sansCreneau: false,
	outcome: null,
	level: null,
	priority: null,
	dueAt: new Date(row.createdAt.getTime() + 14 * DAY),
	...row
});
const rdv = (
	demandeId: number,
	startsAt: string,
	status: 'confirme' | 'annule',
	attendance: 'honore' | 'absent' | null = null
): StatsRendezVousRow => ({
	demandeId,
	startsAt: at(startsAt),
	status,
	attendance
});

// "Now" for the fixture: 10 April 2026. Period: January to March 2026.
const NOW = at('2026-04-10T08:00:00Z');

/*
 * The fixture (69 = Europe/Paris, 974 = Indian/Reunion, UTC+4):
 *  1  69  rdv     medecin_traitant  modere  01-05  rdv 01-12 honoré (7 d, within 14 d)      clôturée emploi_meme_poste
 *  2  69  rdv     moi_meme          —       01-10  rdv 01-15 annulé, rdv 01-30 honoré (20 d)  clôturée, no outcome
 *  3  69  rdv     employeur         eleve   02-01  rdv 02-11 absent (10 d)                  en cours
 *  4  69  rappel  medecin_traitant  faible  02-03  sans créneau, 2 contact attempts + 1 note clôturée sans_suite
 *  5  974 rdv     (unknown → autre) modere  01-31 21:00 UTC = 02-01 01:00 in La Réunion → February;
 *                                                  rdv 02-04 not recorded, past (4 d, held)  nouvelle
 *  6  974 rdv     partenaire        —       03-20  only a cancelled rdv                     annulée
 *  7  69  rdv     medecin_travail   —       03-02  no rendez-vous row                       nouvelle
 *  8  69  rappel  courrier_…        modere  03-15  1 contact attempt                        clôturée formation_reconversion
 *  9  69  rdv     (outside: 2025-12-31 23:30 in Paris → December) rdv absent: never counted
 * 10  69  rdv     medecin_traitant  —       03-28  rdv 04-20, in the future (23 d)         en cours
 * 11  974 rdv     moi_meme          —       03-30  rdv 04-11, in the future (12 d, not held yet)
 */
const demandes: StatsDemandeRow[] = [
	demande({
		id: 1,
		kind: 'rendez_vous',
		status: 'cloturee',
		departementCode: '69',
		source: 'medecin_traitant',
		level: 'modere',
		createdAt: at('2026-01-05T09:00:00Z'),
		outcome: 'emploi_meme_poste'
	}),
	demande({
		id: 2,
		kind: 'rendez_vous',
		status: 'cloturee',
		departementCode: '69',
		source: 'moi_meme',
		createdAt: at('2026-01-10T09:00:00Z')
	}),
	demande({
		id: 3,
		kind: 'rendez_vous',
		status: 'en_cours',
		departementCode: '69',
		source: 'employeur',
		level: 'eleve',
		createdAt: at('2026-02-01T09:00:00Z')
	}),
	demande({
		id: 4,
		kind: 'rappel',
		status: 'cloturee',
		departementCode: '69',
		source: 'medecin_traitant',
		level: 'faible',
		sansCreneau: true,
		createdAt: at('2026-02-03T10:00:00Z'),
		outcome: 'sans_suite'
	}),
	demande({
		id: 5,
		kind: 'rendez_vous',
		status: 'nouvelle',
		departementCode: '974',
		source: 'inconnue',
		level: 'modere',
		createdAt: at('2026-01-31T21:00:00Z')
	}),
	demande({
		id: 6,
		kind: 'rendez_vous',
		status: 'annulee',
		departementCode: '974',
		source: 'partenaire',
		createdAt: at('2026-03-20T08:00:00Z')
	}),
	demande({
		id: 7,
		kind: 'rendez_vous',
		status: 'nouvelle',
		departementCode: '69',
		source: 'medecin_travail',
		createdAt: at('2026-03-02T08:00:00Z')
	}),
	demande({
		id: 8,
		kind: 'rappel',
		status: 'cloturee',
		departementCode: '69',
		source: 'courrier_assurance_maladie',
		level: 'modere',
		createdAt: at('2026-03-15T08:00:00Z'),
		outcome: 'formation_reconversion'
	}),
	demande({
		id: 9,
		kind: 'rendez_vous',
		status: 'cloturee',
		departementCode: '69',
		source: 'moi_meme',
		createdAt: at('2025-12-31T22:30:00Z'),
		outcome: 'autre'
	}),
	demande({
		id: 10,
		kind: 'rendez_vous',
		status: 'en_cours',
		departementCode: '69',
		source: 'medecin_traitant',
		createdAt: at('2026-03-28T08:00:00Z')
	}),
	demande({
		id: 11,
		kind: 'rendez_vous',
		status: 'nouvelle',
		departementCode: '974',
		source: 'moi_meme',
		createdAt: at('2026-03-30T06:00:00Z')
	})
];
const rendezVous: StatsRendezVousRow[] = [
	rdv(1, '2026-01-12T09:00:00Z', 'confirme', 'honore'),
	rdv(2, '2026-01-15T09:00:00Z', 'annule'),
	rdv(2, '2026-01-30T09:00:00Z', 'confirme', 'honore'),
	rdv(3, '2026-02-11T09:00:00Z', 'confirme', 'absent'),
	rdv(5, '2026-02-04T21:00:00Z', 'confirme'),
	rdv(6, '2026-03-25T08:00:00Z', 'annule'),
	rdv(9, '2026-01-05T09:00:00Z', 'confirme', 'absent'),
	rdv(10, '2026-04-20T08:00:00Z', 'confirme'),
	rdv(11, '2026-04-11T06:00:00Z', 'confirme')
];
const event = (demandeId: number, type: string, to: string | null = null): StatsEventRow => ({
	demandeId,
	type,
	at: at('2026-03-31T08:00:00Z'),
	to
});
const events: StatsEventRow[] = [
	event(4, 'tentative_contact', 'non_joint'),
	event(4, 'tentative_contact', 'joint'),
	event(4, 'note'),
	event(8, 'tentative_contact', 'joint'),
	event(9, 'tentative_contact', 'joint')
];

describe('computeStats on a hand-computed fixture', () => {
	const stats = computeStats({ demandes, rendezVous, events, from: '2026-01', to: '2026-03' }, NOW);

	it('counts every demande of the period once, in its département’s month', () => {
		expect(stats.months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03']);
		// January: 1, 2. February: 3, 4, 5 (La Réunion time). March: 6, 7, 8, 10, 11. Demande 9 is December.
		expect(stats.months.map((m) => m.demandes)).toEqual([2, 3, 5]);
		expect(stats.total.demandes).toBe(10);
		// Rendez-vous demandes: 1 2 3 5 6 7 10 11; callbacks: 4 (sans créneau) and 8.
		expect(stats.total.rendezVousDemandes).toBe(8);
		expect(stats.total.rappels).toBe(2);
		expect(stats.total.rappelsSansCreneau).toBe(1);
		expect(
			stats.months.map((m) => [m.rendezVousDemandes, m.rappels, m.rappelsSansCreneau])
		).toEqual([
			[2, 0, 0],
			[2, 1, 1],
			[4, 1, 0]
		]);
		// tentative_contact only: 2 on demande 4, 1 on demande 8 (the note and demande 9 do not count).
		expect(stats.total.contactAttempts).toBe(3);
		expect(stats.months.map((m) => m.contactAttempts)).toEqual([0, 2, 1]);
	});

	it('counts by source (unknown → autre) and by level (not shared → non communiqué)', () => {
		expect(stats.total.bySource).toEqual({
			medecin_traitant: 3, // 1, 4, 10
			medecin_travail: 1, // 7
			employeur: 1, // 3
			courrier_assurance_maladie: 1, // 8
			partenaire: 1, // 6
			moi_meme: 2, // 2, 11
			autre: 1 // 5
		});
		expect(stats.total.byLevel).toEqual({ faible: 1, modere: 3, eleve: 1, non_communique: 5 });
		expect(stats.months[1]!.bySource).toMatchObject({
			employeur: 1,
			medecin_traitant: 1,
			autre: 1
		});
		expect(stats.months[2]!.byLevel).toEqual({ faible: 0, modere: 1, eleve: 0, non_communique: 4 });
	});

	it('computes the share of rendez-vous held within 14 days and the median delay', () => {
		// With a rendez-vous row: 1 2 3 5 6 10 11 (7 is without; 6 has only a cancelled one) → 7.
		expect(stats.total.withRendezVous).toBe(7);
		// Whose date has passed: 1 2 3 5 6 (cancelled on 03-25); 10 and 11 are still to come → 5.
		expect(stats.total.pastRendezVous).toBe(5);
		// Held within 14 days: 1 (honoured, 7 d) and 5 (past, not recorded, 4 d). Not: 2 (20 d),
		// 3 (absent), 6 (cancelled) → 2 / 5; 10 and 11 are not counted until their date.
		expect(stats.total.heldWithinTarget).toBe(2);
		expect(stats.total.shareWithinTarget).toBeCloseTo(2 / 5, 10);
		// Delays to the first confirmed rendez-vous: 7, 20, 10, 4, 23, 12 → sorted 4 7 10 12 20 23 → (10 + 12) / 2.
		expect(stats.total.delays).toBe(6);
		expect(stats.total.medianDelayDays).toBe(11);
		// January: 7 and 20 → 13.5, 1 of 2 within. February: 10 and 4 → 7, 1 of 2. March: 23 and
		// 12 → 17.5, 0 of 1 past (6, cancelled; 10 and 11 to come).
		expect(
			stats.months.map((m) => [
				m.withRendezVous,
				m.pastRendezVous,
				m.heldWithinTarget,
				m.medianDelayDays
			])
		).toEqual([
			[2, 2, 1, 13.5],
			[2, 2, 1, 7],
			[3, 1, 0, 17.5]
		]);
		expect(stats.months.map((m) => m.shareWithinTarget)).toEqual([0.5, 0.5, 0]);
	});

	it('computes the no-show rate over recorded attendances', () => {
		// Honoured: 1 and 2 (the confirmed one); absent: 3. Demande 9's absence is outside the period.
		expect([stats.total.honore, stats.total.absent]).toEqual([2, 1]);
		expect(stats.total.noShowRate).toBeCloseTo(1 / 3, 10);
		// March has no recorded attendance: no rate (never NaN).
		expect(stats.months.map((m) => m.noShowRate)).toEqual([0, 1, null]);
	});

	it('counts the outcomes of closed demandes', () => {
		// Closed: 1, 2, 4, 8; demande 2 has no outcome recorded.
		expect(stats.total.closed).toBe(4);
		expect(stats.total.outcomeMissing).toBe(1);
		expect(stats.total.byOutcome).toMatchObject({
			emploi_meme_poste: 1,
			sans_suite: 1,
			formation_reconversion: 1,
			autre: 0
		});
		expect(Object.values(stats.total.byOutcome).reduce((a, b) => a + b, 0)).toBe(3);
		expect(stats.months.map((m) => m.closed)).toEqual([2, 1, 1]);
	});

	it('knows every outcome of the schema', () => {
		expect([...outcomeKeys]).toEqual([...demandeOutcomes]);
	});
});

describe('held within the target: only rendez-vous whose date has passed', () => {
	it('gives no share (not 0 %) to a month whose only rendez-vous is still to come', () => {
		const only = demande({
			id: 1,
			kind: 'rendez_vous',
			status: 'nouvelle',
			departementCode: '69',
			source: 'moi_meme',
			createdAt: at('2026-04-02T08:00:00Z')
		});
		const input = {
			demandes: [only],
			rendezVous: [rdv(1, '2026-04-14T08:00:00Z', 'confirme')],
			events: [],
			from: '2026-04',
			to: '2026-04'
		};
		const before = computeStats(input, NOW).total;
		expect([before.withRendezVous, before.pastRendezVous, before.shareWithinTarget]).toEqual([
			1,
			0,
			null
		]);
		// Once its date has passed (held, not recorded absent, within 14 days): 100 %.
		const after = computeStats(input, at('2026-04-15T08:00:00Z')).total;
		expect([after.pastRendezVous, after.heldWithinTarget, after.shareWithinTarget]).toEqual([
			1, 1, 1
		]);
		// A recorded attendance counts at once, even before its date (recorded early by mistake).
		const recorded = computeStats(
			{ ...input, rendezVous: [rdv(1, '2026-04-14T08:00:00Z', 'confirme', 'absent')] },
			NOW
		).total;
		expect([recorded.pastRendezVous, recorded.shareWithinTarget]).toEqual([1, 0]);
	});
});

describe('prioritaire demandes (ADR 039)', () => {
	// Due at the end of the 2nd working day: created Thursday 2 April 2026, due Monday 6 April.
	const created = at('2026-04-02T08:00:00Z');
	const dueAt = at('2026-04-06T21:59:59.999Z');
	const prioritaire = (
		id: number,
		kind: 'rendez_vous' | 'rappel',
		priority: 'detresse' | 'rappel_rapide'
	) =>
		demande({
			id,
			kind,
			status: 'en_cours',
			departementCode: '69',
			source: 'moi_meme',
			createdAt: created,
			dueAt,
			priority
		});
	const contact = (demandeId: number, iso: string, to: string): StatsEventRow => ({
		demandeId,
		type: 'tentative_contact',
		at: at(iso),
		to
	});
	const input = {
		demandes: [
			prioritaire(1, 'rappel', 'rappel_rapide'), // reached on Friday: in time
			prioritaire(2, 'rappel', 'detresse'), // not reached, then reached too late
			prioritaire(3, 'rappel', 'rappel_rapide'), // only a message left
			prioritaire(4, 'rendez_vous', 'detresse'), // rendez-vous held on Monday: in time
			prioritaire(5, 'rappel', 'detresse'), // nothing yet
			demande({
				id: 6,
				kind: 'rappel',
				status: 'nouvelle',
				departementCode: '69',
				source: 'moi_meme',
				createdAt: created
			})
		],
		rendezVous: [rdv(4, '2026-04-06T08:00:00Z', 'confirme', 'honore')],
		events: [
			contact(1, '2026-04-03T09:00:00Z', 'joint'),
			contact(2, '2026-04-03T09:00:00Z', 'non_joint'),
			contact(2, '2026-04-07T09:00:00Z', 'joint'),
			contact(3, '2026-04-03T09:00:00Z', 'message_laisse'),
			contact(6, '2026-04-03T09:00:00Z', 'joint')
		],
		from: '2026-04',
		to: '2026-04'
	};

	it('counts them by reason and the share reached within their shorter delay', () => {
		const total = computeStats(input, NOW).total;
		expect(total.prioritaires).toBe(5);
		expect(total.byPriority).toEqual({ rappel_rapide: 2, detresse: 3 });
		// All five are past due on 10 April; reached in time: 1 and 4.
		expect([total.prioritairesDue, total.prioritairesWithinTarget]).toEqual([5, 2]);
		expect(total.sharePrioritairesWithinTarget).toBeCloseTo(2 / 5, 10);
	});

	it('judges a prioritaire demande before its due date only once it is reached', () => {
		// Saturday 4 April: 1 is reached (counted), 4's rendez-vous is recorded as honoured
		// ahead (counted), the others are not yet due.
		const total = computeStats(input, at('2026-04-04T08:00:00Z')).total;
		expect([total.prioritairesDue, total.prioritairesWithinTarget]).toEqual([2, 2]);
		expect(total.sharePrioritairesWithinTarget).toBe(1);
		const none = computeStats({ ...input, demandes: input.demandes.slice(5) }, NOW).total;
		expect([none.prioritaires, none.sharePrioritairesWithinTarget]).toEqual([0, null]);
	});
});

describe('no-show rate by reminder channel', () => {
	it('splits the recorded attendances by the channel of the day-before reminder', () => {
		const rows = [1, 2, 3, 4, 5, 6].map((id) =>
			demande({
				id,
				kind: 'rendez_vous',
				status: 'en_cours',
				departementCode: '69',
				source: 'moi_meme',
				createdAt: at('2026-02-02T09:00:00Z')
			})
		);
		const reminded = (
			id: number,
			attendance: 'honore' | 'absent' | null,
			reminderChannel: StatsRendezVousRow['reminderChannel']
		) => ({ ...rdv(id, '2026-02-09T09:00:00Z', 'confirme', attendance), reminderChannel });
		const stats = computeStats(
			{
				demandes: rows,
				rendezVous: [
					reminded(1, 'honore', 'sms'),
					reminded(2, 'honore', 'sms'),
					reminded(3, 'absent', 'email'),
					reminded(4, 'honore', 'email_sms'),
					reminded(5, 'absent', null),
					reminded(6, null, 'sms')
				],
				events: [],
				from: '2026-02',
				to: '2026-02'
			},
			NOW
		);
		expect(stats.total.byReminder).toEqual({
			sms: { honore: 2, absent: 0, noShowRate: 0 },
			email: { honore: 0, absent: 1, noShowRate: 1 },
			email_sms: { honore: 1, absent: 0, noShowRate: 0 },
			aucun: { honore: 0, absent: 1, noShowRate: 1 }
		});
		expect(stats.total.noShowRate).toBeCloseTo(2 / 5, 10);
	});
});

describe('edge cases', () => {
	it('an empty period gives zeros and no rate (null, shown as —), never NaN', () => {
		const stats = computeStats(
			{ demandes: [], rendezVous: [], events: [], from: '2025-11', to: '2026-02' },
			NOW
		);
		expect(stats.months.map((m) => m.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(stats.total.demandes).toBe(0);
		expect(stats.total.shareWithinTarget).toBeNull();
		expect(stats.total.medianDelayDays).toBeNull();
		expect(stats.total.noShowRate).toBeNull();
		expect(formatPercent(stats.total.shareWithinTarget, 'fr')).toBe('—');
		expect(formatDays(stats.total.medianDelayDays, 'fr')).toBe('—');
		expect(formatPercent(Number.NaN, 'fr')).toBe('—');
	});

	it('median, ratio, month helpers', () => {
		expect(median([])).toBeNull();
		expect(median([5])).toBe(5);
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(ratio(1, 0)).toBeNull();
		expect(ratio(0, 4)).toBe(0);
		expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(monthRange('2026-03', '2026-02')).toEqual([]);
		// 31 January 23:30 UTC is 00:30 on 1 February in Paris (UTC+1), still January in Guadeloupe (UTC−4).
		expect(demandeMonth({ createdAt: at('2026-01-31T23:30:00Z'), departementCode: '69' })).toBe(
			'2026-02'
		);
		expect(demandeMonth({ createdAt: at('2026-01-31T22:30:00Z'), departementCode: '971' })).toBe(
			'2026-01'
		);
		expect(formatPercent(2 / 7, 'fr').replace(/\s/g, ' ')).toBe('28,6 %');
		expect(formatPercent(0.5, 'en')).toBe('50%');
		expect(formatDays(13.5, 'fr')).toBe('13,5');
	});

	it("demandeMonth is the creation month in the département's time zone, every 97 minutes over four years", () => {
		// Paris (DST changes), Guadeloupe (UTC−4), Guyane (UTC−3), Réunion (UTC+4), Mayotte (UTC+3).
		const codes = ['69', '971', '973', '974', '976'];
		const start = Date.parse('2025-01-01T00:00:00Z');
		const end = Date.parse('2029-01-01T00:00:00Z');
		let checked = 0;
		for (let t = start; t < end; t += 97 * 60 * 1000)
			for (const departementCode of codes) {
				const row = { createdAt: new Date(t), departementCode };
				const zone = departementByCode(departementCode)!.timeZone;
				if (demandeMonth(row) !== monthIn(row.createdAt, zone))
					throw new Error(`${departementCode} ${row.createdAt.toISOString()}`);
				checked += 1;
			}
		expect(checked).toBeGreaterThan(100_000);
		// The instants around a month's first midnight, read exactly.
		for (const [iso, departementCode, month] of [
			['2026-01-31T22:59:59.999Z', '69', '2026-01'],
			['2026-01-31T23:00:00Z', '69', '2026-02'],
			['2026-03-31T21:59:59.999Z', '69', '2026-03'],
			['2026-03-31T22:00:00Z', '69', '2026-04'],
			['2026-02-28T19:59:59.999Z', '974', '2026-02'],
			['2026-02-28T20:00:00Z', '974', '2026-03'],
			['2028-02-29T12:00:00Z', '971', '2028-02'],
			['2028-03-01T03:59:59.999Z', '971', '2028-02']
		])
			expect(demandeMonth({ createdAt: at(iso!), departementCode: departementCode! })).toBe(month);
	});
});
