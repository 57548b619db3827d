import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { testDb } from '../../../../tests/helpers/db';
import { fieldErrors } from '$lib/server/forms';
import { seedDemoData } from '$lib/server/db/seed';
import { BookingService, newManageToken, noBookingEvents } from '$lib/server/booking/service';
import { bookForm, bookRendezVous, contactStep, publicFailure } from './book';

const NOW = new Date('2026-11-23T09:00:00Z');
const base = { nom: 'Martin', prenom: 'Claire', departement: '69', website: '' };
const cookies = { get: () => undefined } as unknown as Cookies;

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	return new BookingService(db, noBookingEvents, () => NOW);
}

function errorsFor(mode: string, contact: Record<string, string>) {
	const parsed = bookForm.schema.safeParse({
		...base,
		...contact,
		mode,
		slot: `1|${NOW.toISOString()}`,
		token: newManageToken()
	});
	return parsed.success ? {} : fieldErrors(parsed.error);
}

describe('the booking form: the way to reach the person, by mode', () => {
	it('asks a phone rendez-vous for a phone number only, with its own message', () => {
		expect(errorsFor('telephone', {})).toEqual({ telephone: 'booking:errors.telephoneForPhone' });
		expect(errorsFor('telephone', { email: 'claire@example.org' })).toEqual({
			telephone: 'booking:errors.telephoneForPhone'
		});
		expect(errorsFor('telephone', { telephone: '06 12 34 56 78' })).toEqual({});
	});

	it('asks a video rendez-vous for an e-mail address only', () => {
		expect(errorsFor('visio', {})).toEqual({ email: 'booking:errors.emailForVisio' });
		expect(errorsFor('visio', { telephone: '06 12 34 56 78' })).toEqual({
			email: 'booking:errors.emailForVisio'
		});
		expect(errorsFor('visio', { email: 'claire@example.org' })).toEqual({});
	});

	it('asks a rendez-vous at the accueil for at least one of the two', () => {
		expect(errorsFor('accueil', {})).toEqual({
			email: 'booking:errors.reachable',
			telephone: 'booking:errors.reachable'
		});
		expect(errorsFor('accueil', { telephone: '06 12 34 56 78' })).toEqual({});
	});
});

describe('the contact step and the booking use case (real SQLite, demo agendas)', () => {
	it('says the rule of the mode on the page, before sending', async () => {
		const service = await setup();
		const slot = (await service.freeSlots('69', 'visio'))[0]!;
		const step = await contactStep(
			service,
			{ departement: '69', mode: 'visio', slot: { agendaId: slot.agendaId, start: slot.start } },
			undefined
		);
		expect(step.ok && step.value.reach).toBe('email');
		expect(step.ok && step.value.chosen?.start).toBe(slot.start.toISOString());
	});

	it('books a free slot; the same slot again is refused with the nearest free ones', async () => {
		const service = await setup();
		const slot = (await service.freeSlots('69', 'telephone'))[0]!;
		const form = (token: string) =>
			bookForm.schema.parse({
				...base,
				telephone: '0612345678',
				mode: 'telephone',
				slot: `${slot.agendaId}|${slot.start.toISOString()}`,
				token
			});
		const visitor = {
			draft: undefined,
			cookies,
			locale: 'fr',
			requester: { public: false } as const
		};
		const token = newManageToken();
		expect(await bookRendezVous(service, form(token), visitor)).toEqual({ ok: true, value: token });
		const again = await bookRendezVous(
			service,
			{ ...form(newManageToken()), telephone: '0698765432' },
			visitor
		);
		expect(again).toMatchObject({ ok: false, status: 409, field: 'slot' });
		const failure = publicFailure({
			values: { nom: 'Martin', nir: '1 23', token },
			refusal: again.ok ? undefined : again
		});
		expect(failure.values).toEqual({ nom: 'Martin' });
		expect((failure.nearest as unknown[]).length).toBeGreaterThan(0);
		expect(failure.limit).toBeNull();
	});

	it('a slot of another département or mode is refused on the slot field, nothing booked', async () => {
		const service = await setup();
		const slot = (await service.freeSlots('69', 'telephone'))[0]!;
		const outcome = await bookRendezVous(
			service,
			bookForm.schema.parse({
				...base,
				departement: '974',
				telephone: '0612345678',
				mode: 'telephone',
				slot: `${slot.agendaId}|${slot.start.toISOString()}`,
				token: newManageToken()
			}),
			{ draft: undefined, cookies, locale: 'fr', requester: { public: false } }
		);
		expect(outcome).toMatchObject({ ok: false, status: 400, reason: 'booking:errors.slotInvalid' });
		expect((await service.freeSlots('69', 'telephone'))[0]?.start).toEqual(slot.start);
	});

	it('a filled honeypot gets the generic answer, nothing echoed', () => {
		expect(publicFailure({ values: { nom: 'Bot', website: 'x' } })).toEqual({
			values: {},
			errors: { form: 'booking:errors.rejected' },
			nearest: null,
			limit: null
		});
	});
});
