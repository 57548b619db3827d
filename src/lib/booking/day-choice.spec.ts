import { describe, expect, it } from 'vitest';
import { ALL_DAYS, choosePlace, chooseDay, groupByDay, placesOf, townOf } from './day-choice';

const slot = (date: string, time: string, point: number | null = null) => ({
	date,
	start: `${date}T${time}:00.000Z`,
	point:
		point === null
			? null
			: {
					id: point,
					name: `Accueil ${point}`,
					address:
						point === 1
							? '12 rue de Paris, 97400 Saint-Denis'
							: '3 place Nette, 97410 Saint-Pierre',
					accessibility: point === 1 ? 'Plain-pied' : '',
					isDemo: false
				}
});

describe('groupByDay', () => {
	it('groups sorted slots by local date, keeping their order', () => {
		const days = groupByDay([
			slot('2026-12-08', '08:00'),
			slot('2026-12-08', '09:00'),
			slot('2026-12-10', '08:00')
		]);
		expect(days.map((d) => [d.date, d.slots.length])).toEqual([
			['2026-12-08', 2],
			['2026-12-10', 1]
		]);
	});
});

describe('chooseDay', () => {
	const days = groupByDay([slot('2026-12-08', '08:00'), slot('2026-12-10', '08:00')]);

	it('shows the first day with free slots when no day is asked', () => {
		expect(chooseDay(days, null)).toEqual({ kind: 'day', day: days[0], missed: false });
	});

	it('shows the day asked for when it has free slots', () => {
		expect(chooseDay(days, '2026-12-10')).toEqual({ kind: 'day', day: days[1], missed: false });
	});

	it('falls back to the first day, saying so, when the day asked has no free slot any more', () => {
		expect(chooseDay(days, '2026-12-09')).toEqual({ kind: 'day', day: days[0], missed: true });
	});

	it('ignores a malformed day', () => {
		expect(chooseDay(days, '<script>')).toEqual({ kind: 'day', day: days[0], missed: false });
	});

	it('shows every day on demand, and nothing when there is no slot', () => {
		expect(chooseDay(days, ALL_DAYS)).toEqual({ kind: 'all' });
		expect(chooseDay([], '2026-12-08')).toEqual({ kind: 'none' });
	});
});

describe('townOf', () => {
	it('reads the town after the postal code', () => {
		expect(townOf('12 rue de Paris, 97400 Saint-Denis')).toBe('Saint-Denis');
		expect(townOf('CS 90001 - 1 av. X 69003 Lyon 3e Arrondissement ')).toBe(
			'Lyon 3e Arrondissement'
		);
	});

	it('gives null without a postal code', () => {
		expect(townOf("1 rue de l'Exemple, Rhône (adresse fictive)")).toBeNull();
	});
});

describe('placesOf and choosePlace', () => {
	const slots = [
		slot('2026-12-08', '08:00', 2),
		slot('2026-12-08', '09:00', 1),
		slot('2026-12-09', '08:00', 2)
	];

	it('lists each point once, by town, with its free slots', () => {
		expect(placesOf(slots).map((p) => [p.id, p.town, p.free])).toEqual([
			[1, 'Saint-Denis', 1],
			[2, 'Saint-Pierre', 2]
		]);
		expect(placesOf([slot('2026-12-08', '08:00')])).toEqual([]);
	});

	it('has no town when the address has no postal code, and sorts by name then', () => {
		const [place] = placesOf([
			{
				point: {
					id: 5,
					name: 'Accueil du centre',
					address: 'Centre-ville',
					accessibility: '',
					isDemo: true
				}
			}
		]);
		expect(place?.town).toBeNull();
	});

	it('asks the person to choose when there are several places and none (valid) was asked', () => {
		const places = placesOf(slots);
		expect(choosePlace(places, null)).toBeNull();
		expect(choosePlace(places, '99')).toBeNull();
		expect(choosePlace(places, '1 OR 1=1')).toBeNull();
		expect(choosePlace(places, '2')?.town).toBe('Saint-Pierre');
	});

	it('takes the only place without asking', () => {
		const only = placesOf([slot('2026-12-08', '08:00', 1)]);
		expect(choosePlace(only, null)?.id).toBe(1);
	});
});
