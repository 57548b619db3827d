import { describe, expect, it } from 'vitest';
import { fits, promotions, seatsHeld, seatsLeft } from './capacity';

describe('évènement seats', () => {
	it('counts the seats held by confirmed registrations', () => {
		expect(seatsHeld([{ places: 1 }, { places: 3 }])).toBe(4);
		expect(seatsHeld([])).toBe(0);
	});

	it('never gives more than the capacity, nor a negative number of seats left', () => {
		expect(fits(10, 7, 3)).toBe(true);
		expect(fits(10, 8, 3)).toBe(false);
		expect(seatsLeft(10, 12)).toBe(0);
		expect(fits(10, 12, 1)).toBe(false);
	});

	it('promotes the waiting list in order, letting a smaller group past one that does not fit', () => {
		const waiting = [
			{ id: 1, places: 3 },
			{ id: 2, places: 1 },
			{ id: 3, places: 2 },
			{ id: 4, places: 1 }
		];
		expect(promotions(10, 8, waiting)).toEqual([2, 4]);
		expect(promotions(10, 5, waiting)).toEqual([1, 2, 4]);
		expect(promotions(10, 10, waiting)).toEqual([]);
	});
});
