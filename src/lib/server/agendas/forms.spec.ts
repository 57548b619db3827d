import { describe, expect, it } from 'vitest';
import { fieldErrors } from '$lib/server/forms';
import {
	absenceInstants,
	absenceSchema,
	activeSchema,
	createAgendaSchema,
	createPointSchema,
	openingSchema,
	removeSchema,
	settingsSchema,
	weeklySchema
} from './forms';

const errorsOf = (result: { success: boolean; error?: unknown }) =>
	result.success ? {} : fieldErrors(result.error as Parameters<typeof fieldErrors>[0]);

describe('weeklySchema', () => {
	it('turns up to two ranges per weekday into WeeklyOpening, skipping empty ranges and normalising 9h00', () => {
		const parsed = weeklySchema.safeParse({
			d1r1start: '9h00',
			d1r1end: '12:00',
			d1r2start: '13:30',
			d1r2end: '16:30',
			d3r2start: '',
			d3r2end: '',
			d5r2start: '14:00',
			d5r2end: '15:00'
		});
		expect(parsed.success && parsed.data).toEqual([
			{ weekday: 1, start: '09:00', end: '12:00' },
			{ weekday: 1, start: '13:30', end: '16:30' },
			{ weekday: 5, start: '14:00', end: '15:00' }
		]);
	});

	it('accepts no hours at all (an agenda that offers nothing)', () => {
		const parsed = weeklySchema.safeParse({});
		expect(parsed.success && parsed.data).toEqual([]);
	});

	it('rejects an end before or equal to the start, on the end field', () => {
		expect(errorsOf(weeklySchema.safeParse({ d2r1start: '12:00', d2r1end: '09:00' }))).toEqual({
			d2r1end: 'agendas:errors.endBeforeStart'
		});
		expect(errorsOf(weeklySchema.safeParse({ d2r1start: '09:00', d2r1end: '09:00' }))).toEqual({
			d2r1end: 'agendas:errors.endBeforeStart'
		});
	});

	it('rejects overlapping ranges of one day but accepts touching ones', () => {
		expect(
			errorsOf(
				weeklySchema.safeParse({
					d4r1start: '09:00',
					d4r1end: '12:00',
					d4r2start: '11:00',
					d4r2end: '14:00'
				})
			)
		).toEqual({
			d4r2start: 'agendas:errors.overlap'
		});
		expect(
			weeklySchema.safeParse({
				d4r1start: '09:00',
				d4r1end: '12:00',
				d4r2start: '12:00',
				d4r2end: '14:00'
			}).success
		).toBe(true);
	});

	it('rejects bad times and half-filled ranges, on the faulty field', () => {
		expect(errorsOf(weeklySchema.safeParse({ d1r1start: '25:00', d1r1end: '26:00' }))).toEqual({
			d1r1start: 'agendas:errors.time'
		});
		expect(errorsOf(weeklySchema.safeParse({ d1r1start: '09:00', d1r1end: '9 heures' }))).toEqual({
			d1r1end: 'agendas:errors.time'
		});
		expect(errorsOf(weeklySchema.safeParse({ d1r1start: '09:00' }))).toEqual({
			d1r1end: 'agendas:errors.rangeIncomplete'
		});
		expect(errorsOf(weeklySchema.safeParse({ d7r2end: '10:00' }))).toEqual({
			d7r2start: 'agendas:errors.rangeIncomplete'
		});
		expect(
			errorsOf(weeklySchema.safeParse({ d1r1start: '0'.repeat(50), d1r1end: '10:00' }))
		).toEqual({ d1r1start: 'agendas:errors.time' });
	});

	it('ignores fields that are not weekday ranges (no weekday 8, no third range)', () => {
		const parsed = weeklySchema.safeParse({
			d8r1start: '09:00',
			d8r1end: '10:00',
			d1r3start: '09:00',
			d1r3end: '10:00'
		});
		expect(parsed.success && parsed.data).toEqual([]);
	});
});

describe('settingsSchema', () => {
	it('accepts bounded integers', () => {
		expect(settingsSchema.safeParse({ slotMinutes: '30', minNoticeDays: '0' }).data).toEqual({
			slotMinutes: 30,
			minNoticeDays: 0
		});
	});
	it.each([
		[{ slotMinutes: '10', minNoticeDays: '1' }, 'slotMinutes'],
		[{ slotMinutes: '121', minNoticeDays: '1' }, 'slotMinutes'],
		[{ slotMinutes: '45.5', minNoticeDays: '1' }, 'slotMinutes'],
		[{ slotMinutes: '-45', minNoticeDays: '1' }, 'slotMinutes'],
		[{ slotMinutes: '45', minNoticeDays: '11' }, 'minNoticeDays'],
		[{ slotMinutes: '45' }, 'minNoticeDays']
	])('rejects %j on %s', (values, field) => {
		expect(Object.keys(errorsOf(settingsSchema.safeParse(values)))).toEqual([field]);
	});
});

describe('openingSchema', () => {
	it('accepts a date and a range', () => {
		expect(
			openingSchema.safeParse({ date: '2026-12-02', start: '14:00', end: '17:00' }).data
		).toEqual({ date: '2026-12-02', start: '14:00', end: '17:00' });
	});
	it('rejects non-existent dates, missing times and an end before the start', () => {
		expect(
			errorsOf(openingSchema.safeParse({ date: '2026-02-30', start: '14:00', end: '17:00' }))
		).toEqual({ date: 'agendas:errors.date' });
		expect(
			errorsOf(openingSchema.safeParse({ date: '2026-12-02', start: '', end: '17:00' }))
		).toEqual({ start: 'agendas:errors.startRequired' });
		expect(
			errorsOf(openingSchema.safeParse({ date: '2026-12-02', start: '17:00', end: '14:00' }))
		).toEqual({ end: 'agendas:errors.endBeforeStart' });
	});
});

describe('absenceSchema and absenceInstants', () => {
	const form = (over: Record<string, string> = {}) =>
		absenceSchema.parse({
			startDate: '2026-11-24',
			startTime: '09:00',
			endDate: '2026-11-24',
			endTime: '12:00',
			...over
		});

	it('turns local times of the département into instants (Paris winter UTC+1, Réunion UTC+4)', () => {
		expect(absenceInstants(form(), 'Europe/Paris')).toEqual({
			ok: true,
			start: new Date('2026-11-24T08:00:00Z'),
			end: new Date('2026-11-24T11:00:00Z')
		});
		expect(absenceInstants(form(), 'Indian/Reunion')).toEqual({
			ok: true,
			start: new Date('2026-11-24T05:00:00Z'),
			end: new Date('2026-11-24T08:00:00Z')
		});
	});

	it('is DST-safe: across the change the real length differs, and a time in the spring gap is refused', () => {
		const night = absenceInstants(
			form({
				startDate: '2027-03-27',
				startTime: '22:00',
				endDate: '2027-03-28',
				endTime: '04:00'
			}),
			'Europe/Paris'
		);
		expect(night.ok && night.end.getTime() - night.start.getTime()).toBe(5 * 3_600_000);
		expect(
			absenceInstants(
				form({
					startDate: '2027-03-28',
					startTime: '02:30',
					endDate: '2027-03-28',
					endTime: '05:00'
				}),
				'Europe/Paris'
			)
		).toEqual({
			ok: false,
			field: 'startTime',
			message: 'agendas:errors.nonexistentTime'
		});
	});

	it('refuses an end before the start, even on another day', () => {
		expect(absenceInstants(form({ endDate: '2026-11-23' }), 'Europe/Paris')).toMatchObject({
			ok: false,
			field: 'endTime',
			message: 'agendas:errors.endBeforeStart'
		});
	});

	it('rejects malformed fields and long labels', () => {
		const bad = absenceSchema.safeParse({
			startDate: '24/11/2026',
			startTime: '9',
			endDate: '2026-11-24',
			endTime: '12:00',
			label: 'x'.repeat(101)
		});
		expect(errorsOf(bad)).toEqual({
			startDate: 'agendas:errors.date',
			startTime: 'agendas:errors.time',
			label: 'agendas:errors.tooLong'
		});
	});
});

describe('tampered ids and choices', () => {
	it.each(['0', '-1', '1.5', '1e3', '1 OR 1=1', '99999999999', ''])(
		'removeSchema rejects %j',
		(id) => {
			expect(errorsOf(removeSchema.safeParse({ id }))).toEqual({ id: 'agendas:errors.id' });
		}
	);
	it('removeSchema accepts a positive integer', () => {
		expect(removeSchema.parse({ id: '42' })).toEqual({ id: 42 });
	});
	it('activeSchema only knows 1 and 0', () => {
		expect(activeSchema.parse({ active: '0' })).toEqual({ active: false });
		expect(activeSchema.safeParse({ active: 'true' }).success).toBe(false);
	});
	it('createAgendaSchema requires a point d’accueil exactly for in-person agendas, and a real département and mode', () => {
		expect(
			createAgendaSchema.parse({ departement: '974', mode: 'accueil', pointAccueil: '7' })
		).toEqual({ departement: '974', mode: 'accueil', pointAccueil: 7 });
		expect(
			createAgendaSchema.parse({ departement: '2A', mode: 'visio', pointAccueil: '' })
		).toEqual({ departement: '2A', mode: 'visio', pointAccueil: null });
		expect(
			errorsOf(
				createAgendaSchema.safeParse({ departement: '974', mode: 'accueil', pointAccueil: '' })
			)
		).toEqual({ pointAccueil: 'agendas:errors.pointAccueil' });
		expect(
			errorsOf(
				createAgendaSchema.safeParse({ departement: '974', mode: 'telephone', pointAccueil: '3' })
			)
		).toEqual({ pointAccueil: 'agendas:errors.pointAccueil' });
		expect(
			errorsOf(
				createAgendaSchema.safeParse({ departement: '99', mode: 'pigeon', pointAccueil: '' })
			)
		).toEqual({
			departement: 'agendas:errors.departement',
			mode: 'agendas:errors.mode'
		});
	});
	it('createPointSchema requires a name and an address, trims and bounds them', () => {
		expect(
			createPointSchema.parse({ departement: '974', name: ' Saint-Denis ', address: '1 rue X' })
		).toEqual({
			departement: '974',
			name: 'Saint-Denis',
			address: '1 rue X',
			accessibility: ''
		});
		expect(
			errorsOf(
				createPointSchema.safeParse({ departement: '974', name: '  ', address: 'y'.repeat(301) })
			)
		).toEqual({
			name: 'agendas:errors.name',
			address: 'agendas:errors.tooLong'
		});
	});
});
