import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { demandes, loginAttempts } from '$lib/server/db/schema';
import { seedDemoData } from '$lib/server/db/seed';
import { closeDb, getDb } from '$lib/server/db/client';
import { createI18n } from '$lib/server/i18n';
import { bookingService } from '$lib/server/booking/context';
import { newManageToken } from '$lib/server/booking/service';
import { actions } from '../../src/routes/rendez-vous/coordonnees/+page.server';
import { testDatabaseUrl } from '../helpers/db';

/*
 * security review (docs/security-review-2026-12.md) finding 4 through the booking form's real action (ADR 026): the public is limited —
 * per person (409) and per client address (429), with the limit's message for the page that
 * offers the callback — and a signed-in staff member is not.
 */

const jar = (): Cookies =>
	({
		get: () => undefined,
		getAll: () => [],
		set: () => {},
		delete: () => {},
		serialize: () => ''
	}) as unknown as Cookies;

beforeAll(async () => {
	process.env.DATABASE_URL = await testDatabaseUrl();
	process.env.PUBLIC_URL = 'https://portail.example';
	await seedDemoData(getDb(), { onlyIfEmpty: false });
});
afterAll(closeDb);

let next = 0;
/** Posts the booking form for the next free phone slot of a département; returns the status and the refusal. */
async function post(
	departement: string,
	contact: { email?: string; telephone: string },
	options: { address: string; staff?: boolean }
) {
	const slot = (await bookingService().freeSlots(departement, 'telephone'))[next++]!;
	const value = `${slot.agendaId}|${slot.start.toISOString()}`;
	const body = new FormData();
	const fields = {
		nom: 'Hoarau',
		prenom: 'Paul',
		email: '',
		nir: '',
		message: '',
		shareResult: 'non',
		website: '',
		departement,
		mode: 'telephone',
		slot: value,
		token: newManageToken(),
		...contact
	};
	for (const [name, field] of Object.entries(fields)) body.set(name, field);
	const url = new URL(
		`https://portail.example/rendez-vous/coordonnees?departement=${departement}&mode=telephone`
	);
	const event = {
		request: new Request(url, { method: 'POST', body }),
		url,
		cookies: jar(),
		getClientAddress: () => options.address,
		locals: {
			locale: 'fr',
			t: createI18n('fr').t,
			requestId: 'test',
			staff: options.staff ? { user: { id: 1 } } : null
		},
		setHeaders: () => {}
	} as unknown as RequestEvent;
	try {
		const result = (await actions.book!(event as never)) as {
			status: number;
			data: { limit: string | null; errors: Record<string, string> };
		};
		return { status: result.status, limit: result.data.limit, errors: result.data.errors };
	} catch (thrown) {
		if (isRedirect(thrown)) return { status: thrown.status, limit: null, errors: {} };
		throw thrown;
	}
}

const count = async () => (await getDb().select().from(demandes)).length;

describe('the booking form action applies the limits of ADR 026 to the public only', () => {
	it('a third upcoming rendez-vous of one person: 409 with the limit message, nothing stored; staff may book it', async () => {
		const address = '192.0.2.10';
		expect((await post('44', { telephone: '06 11 22 33 44' }, { address })).status).toBe(303);
		expect((await post('44', { telephone: '+33 6 11 22 33 44' }, { address })).status).toBe(303);
		const before = await count();
		expect(await post('44', { telephone: '0033611223344' }, { address })).toEqual({
			status: 409,
			limit: 'booking:limits.person',
			errors: {}
		});
		expect(await count()).toBe(before);
		expect(
			(await post('44', { telephone: '06 11 22 33 44' }, { address, staff: true })).status
		).toBe(303);
	});

	it('a seventh public booking from one address in 24 h: 429 with its message; the address is kept only hashed', async () => {
		const address = '192.0.2.20';
		for (let i = 0; i < 6; i++)
			expect((await post('49', { telephone: `06 20 00 00 0${i}` }, { address })).status).toBe(303);
		const before = await count();
		expect(await post('49', { telephone: '06 20 00 00 09' }, { address })).toEqual({
			status: 429,
			limit: 'booking:limits.address',
			errors: {}
		});
		expect(await count()).toBe(before);
		expect(
			(await post('49', { telephone: '06 20 00 00 09' }, { address: '192.0.2.21' })).status
		).toBe(303);
		expect(
			(await post('49', { telephone: '06 20 00 00 08' }, { address, staff: true })).status
		).toBe(303);
		expect(JSON.stringify(await getDb().select().from(loginAttempts))).not.toContain('192.0.2.20');
	});
});
