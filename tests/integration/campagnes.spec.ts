/**
 * Outreach campaigns (ADR 044): the staff use cases with their authorisation, the landing's
 * aggregate visit counter and the attribution carried to a completed questionnaire, a booking
 * and a callback request. Real SQLite, demo agendas.
 */
import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { desc, eq } from 'drizzle-orm';
import { testDb } from '../helpers/db';
import { addStaff } from '../fixtures/staff';
import { sampleAnswers, sampleProfile } from '../fixtures/answers';
import type { Db } from '../../src/lib/server/db/index';
import {
	type QuestionnaireDraft,
	auditLog,
	campagneQuestionnaires,
	campagnes,
	campagneVisits,
	demandes,
	inscriptions,
	rendezVous
} from '../../src/lib/server/db/schema';
import { register } from '../../src/lib/server/evenements/registration';
import { purgeInscriptions } from '../../src/lib/server/evenements/jobs';
import { publishedEvenement, registration } from '../fixtures/evenements';
import { seedDemoData } from '../../src/lib/server/db/seed';
import {
	BookingService,
	newManageToken,
	noBookingEvents
} from '../../src/lib/server/booking/service';
import { bookForm, bookRendezVous } from '../../src/lib/server/rendez-vous/book';
import { callbackForm, requestCallback } from '../../src/lib/server/rendez-vous/callback';
import { DraftStore } from '../../src/lib/server/questionnaire/drafts';
import { scoreAnswers } from '../../src/lib/scoring/score';
import { variantFor } from '../../src/lib/questionnaire/definition';
import {
	campagneFor,
	createCampagne,
	listCampagnes,
	setLettersSent,
	updateCampagne
} from '../../src/lib/server/campagnes/campagnes';
import { CAMPAGNE_COOKIE, campagneOf, land } from '../../src/lib/server/campagnes/attribution';
import { campagneFormSchema } from '../../src/lib/campagnes/campagne';
import { campagneStatsCsv, readCampagneStats } from '../../src/lib/server/campagnes/stats';

const NOW = new Date('2026-11-23T09:00:00Z');
const form = (departements: string[], extra: object = {}) =>
	campagneFormSchema.parse({
		name: 'Arrêts de 90 jours',
		target: 'arrêts de 90 jours, novembre 2026',
		startsOn: '2026-11-01',
		endsOn: '2026-11-30',
		departements,
		...extra
	});

/** A browser's cookie jar, enough for what the landing and `campagneOf` do with it. */
function jar(): Cookies {
	const values = new Map<string, string>();
	return {
		get: (name: string) => values.get(name),
		set: (name: string, value: string) => void values.set(name, value)
	} as unknown as Cookies;
}

async function setup() {
	const db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	await db.delete(campagnes); // the demo campaign: these tests count their own
	const responsable = await addStaff(db, 'Resp', 'responsable', ['69', '974'], NOW);
	const created = await createCampagne(db, responsable, form(['69', '974']), NOW);
	if (!created.ok) throw new Error('campaign not created');
	const code = (await db.select().from(campagnes).where(eq(campagnes.id, created.value)))[0]!.code;
	return { db, responsable, id: created.value, code };
}

const visits = async (db: Db) => await db.select().from(campagneVisits);

/** A phone booking in 69 on the first free slot, by a person with these cookies (and draft). */
async function bookPhone(
	db: Db,
	service: BookingService,
	cookies: Cookies,
	telephone: string,
	draft?: QuestionnaireDraft
) {
	const slot = (await service.freeSlots('69', 'telephone'))[0]!;
	const form = bookForm.schema.parse({
		nom: 'Martin',
		prenom: 'Claire',
		departement: '69',
		website: '',
		telephone,
		mode: 'telephone',
		slot: `${slot.agendaId}|${slot.start.toISOString()}`,
		token: newManageToken()
	});
	return bookRendezVous(service, form, {
		draft,
		cookies,
		locale: 'fr',
		requester: { public: false },
		campagneId: await campagneOf(db, { cookies, draft }, NOW)
	});
}

describe('campaigns: who creates, edits and reads them', () => {
	it('a responsable creates one in their départements, with a code and a typed audit line', async () => {
		const { db, responsable, id, code } = await setup();
		expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
		expect((await campagneFor(db, responsable, id))?.departements).toEqual([
			{ code: '69', lettersSent: null },
			{ code: '974', lettersSent: null }
		]);
		const [line] = await db.select().from(auditLog).where(eq(auditLog.action, 'campagne_create'));
		expect(line?.details).toEqual({ campagne: code, departements: '69,974' });
	});

	it('refuses a département outside the scope, and an agent; nothing is stored', async () => {
		const { db, responsable } = await setup();
		expect(await createCampagne(db, responsable, form(['69', '75']), NOW)).toMatchObject({
			ok: false,
			status: 400,
			field: 'departements'
		});
		const agent = await addStaff(db, 'Agent', 'agent', ['69'], NOW);
		expect(await createCampagne(db, agent, form(['69']), NOW)).toMatchObject({
			ok: false,
			status: 403
		});
		expect(await db.select().from(campagnes)).toHaveLength(1);
	});

	it('an agent reads the campaigns of their départements; others do not see them', async () => {
		const { db, id } = await setup();
		const agent = await addStaff(db, 'Agent', 'agent', ['69'], NOW);
		const other = await addStaff(db, 'Autre', 'responsable', ['75'], NOW);
		expect((await listCampagnes(db, agent)).map((c) => c.id)).toEqual([id]);
		expect(await listCampagnes(db, other)).toEqual([]);
		expect(await campagneFor(db, other, id)).toBeUndefined();
		expect(await updateCampagne(db, other, id, form(['75']), NOW)).toMatchObject({ status: 404 });
		expect(await updateCampagne(db, agent, id, form(['69']), NOW)).toMatchObject({ status: 403 });
	});

	it('an edit keeps the letters sent of the départements it keeps; a responsable of only one of them cannot edit', async () => {
		const { db, responsable, id } = await setup();
		expect(
			await setLettersSent(db, responsable, id, { departement: '69', lettersSent: 1200 }, NOW)
		).toMatchObject({ ok: true });
		expect(
			await setLettersSent(db, responsable, id, { departement: '75', lettersSent: 5 }, NOW)
		).toMatchObject({
			ok: false,
			status: 400
		});
		expect(
			await updateCampagne(db, responsable, id, form(['69'], { name: 'Renommée' }), NOW)
		).toMatchObject({ ok: true });
		expect(await campagneFor(db, responsable, id)).toMatchObject({
			name: 'Renommée',
			departements: [{ code: '69', lettersSent: 1200 }]
		});
		const only69 = await addStaff(db, 'Seul', 'responsable', ['69'], NOW);
		await updateCampagne(db, responsable, id, form(['69', '974']), NOW);
		expect(await updateCampagne(db, only69, id, form(['69']), NOW)).toMatchObject({
			ok: false,
			status: 403,
			reason: 'campagnes:errors.notAllYours'
		});
	});
});

describe('the landing: an aggregate count and the code carried, nothing about the person', () => {
	it('counts a visit per day and département, once per browser, in any case of the code', async () => {
		const { db, code } = await setup();
		const cookies = jar();
		const landing = await land(
			db,
			{ code: code.toLowerCase(), departement: '69', secure: false },
			cookies,
			NOW
		);
		expect(landing).toEqual({ campagne: { code }, departement: '69' });
		expect(cookies.get(CAMPAGNE_COOKIE)).toBe(code);
		await land(db, { code, departement: '69', secure: false }, cookies, NOW); // a reload
		await land(db, { code, departement: '75', secure: false }, jar(), NOW); // not one of its départements
		expect((await visits(db)).map((v) => [v.day, v.departement, v.count])).toEqual([
			['2026-11-23', '69', 1],
			['2026-11-23', '', 1]
		]);
	});

	it('an unknown or expired code counts nothing, sets nothing, and still answers', async () => {
		const { db, code } = await setup();
		const cookies = jar();
		expect(
			await land(db, { code: 'ZZZZZZ', departement: undefined, secure: false }, cookies, NOW)
		).toEqual({
			campagne: null,
			departement: null
		});
		expect(
			(await land(db, { code: '<script>', departement: '69', secure: false }, cookies, NOW))
				.campagne
		).toBeNull();
		// 90 days after the end of November: 28 February 2027 still counts, 1 March no more.
		expect(
			(
				await land(
					db,
					{ code, departement: undefined, secure: false },
					cookies,
					new Date('2027-03-01T08:00:00Z')
				)
			).campagne
		).toBeNull();
		expect(cookies.get(CAMPAGNE_COOKIE)).toBeUndefined();
		expect(await visits(db)).toEqual([]);
	});
});

describe('attribution: what a campaign link started carries the campaign, nothing else does', () => {
	const visitor = async (db: Db, cookies: Cookies) => ({
		draft: undefined,
		cookies,
		locale: 'fr',
		requester: { public: false } as const,
		campagneId: await campagneOf(db, { cookies }, NOW)
	});
	/** The campaign of the latest demande. */
	const lastCampagne = async (db: Db) =>
		(
			await db.select({ campagneId: demandes.campagneId }).from(demandes).orderBy(desc(demandes.id))
		)[0]?.campagneId;

	it('a booking started from a campaign link carries it; one without does not', async () => {
		const { db, id, code } = await setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const fromLetter = jar();
		await land(db, { code, departement: '69', secure: false }, fromLetter, NOW);
		const booked = await bookPhone(db, service, fromLetter, '0612345678');
		expect(booked.ok).toBe(true);
		expect(await lastCampagne(db)).toBe(id);

		const unattributed = await bookPhone(db, service, jar(), '0698765432');
		expect(unattributed.ok).toBe(true);
		expect(await lastCampagne(db)).toBeNull();
	});

	it('a callback request carries it too', async () => {
		const { db, id, code } = await setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const cookies = jar();
		await land(db, { code, departement: undefined, secure: false }, cookies, NOW);
		const parsed = callbackForm.schema.parse({
			nom: 'Martin',
			prenom: 'Claire',
			departement: '974',
			website: '',
			telephone: '0612345678',
			token: newManageToken()
		});
		expect((await requestCallback(service, parsed, await visitor(db, cookies))).ok).toBe(true);
		expect(await lastCampagne(db)).toBe(id);
	});

	it('a questionnaire started from the link is counted for the campaign when completed, once', async () => {
		const { db, id, code } = await setup();
		const cookies = jar();
		await land(db, { code, departement: '974', secure: false }, cookies, NOW);
		const store = new DraftStore(db, 7, () => NOW);
		const { draft } = await store.create({}, await campagneOf(db, { cookies }, NOW));
		const result = scoreAnswers(
			sampleAnswers,
			variantFor(sampleProfile.statut),
			draft.questionnaireVersion
		);
		await store.complete(draft, sampleProfile, result);
		await store.complete(draft, sampleProfile, result); // a double submit
		await store.complete((await store.create({})).draft, sampleProfile, result); // not from a campaign
		expect(await db.select().from(campagneQuestionnaires)).toEqual([
			{ campagneId: id, month: '2026-11', departement: '974', count: 1 }
		]);
		// The draft keeps its campaign even once the link's cookie is gone.
		expect(await campagneOf(db, { cookies: jar(), draft }, NOW)).toBe(id);
	});

	it('deleting a campaign leaves its demandes, unattributed', async () => {
		const { db, code } = await setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const cookies = jar();
		await land(db, { code, departement: '69', secure: false }, cookies, NOW);
		await bookPhone(db, service, cookies, '0612345678');
		await db.delete(campagnes);
		expect(await db.select().from(demandes)).toHaveLength(1);
		expect(await lastCampagne(db)).toBeNull();
	});
});

describe('the demo campaign', () => {
	it('is seeded with its letters sent, visits and questionnaires', async () => {
		const db = testDb();
		await seedDemoData(db, { onlyIfEmpty: false });
		const admin = await addStaff(db, 'Admin', 'administrateur', ['69', '974'], NOW);
		const [demo] = await readCampagneStats(db, admin, 'stats_view', NOW);
		expect(demo).toMatchObject({
			code: 'ARRET9',
			visits: 34,
			questionnaires: 13,
			lettersSent: 400
		});
	});
});

describe('the campaign statistics read from the database', () => {
	it('count the visit, the completed questionnaire, the demande and its rendez-vous held; the CSV says the same', async () => {
		const { db, responsable, id, code } = await setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const cookies = jar();
		await land(db, { code, departement: '69', secure: false }, cookies, NOW);
		const store = new DraftStore(db, 7, () => NOW);
		const { draft } = await store.create({}, await campagneOf(db, { cookies }, NOW));
		await store.complete(
			draft,
			{ ...sampleProfile, departement: '69' },
			scoreAnswers(sampleAnswers, variantFor(sampleProfile.statut), draft.questionnaireVersion)
		);
		const booked = await bookPhone(db, service, cookies, '0612345678', draft);
		expect(booked.ok).toBe(true);
		await db.update(rendezVous).set({ attendance: 'honore' });
		await setLettersSent(db, responsable, id, { departement: '69', lettersSent: 50 }, NOW);

		const [stats] = await readCampagneStats(db, responsable, 'stats_view', NOW);
		expect(stats).toMatchObject({
			visits: 1,
			questionnaires: 1,
			demandes: 1,
			rendezVous: 1,
			held: 1,
			lettersSent: 50,
			responseRate: 0.02
		});
		const csv = campagneStatsCsv([stats!], (key) => key.split('.').at(-1)!, 'fr');
		expect(csv.split('\r\n')[1]).toBe('Arrêts de 90 jours;' + code + ';69;1;1;1;1;0;1;0;50;2');
		expect(await db.select().from(auditLog).where(eq(auditLog.action, 'stats_view'))).toHaveLength(
			1
		);
	});

	it('count a registration to an évènement made after the link, which outlives the registration', async () => {
		const { db, responsable, id } = await setup();
		const evenement = await publishedEvenement(db, responsable, NOW, {
			date: '2026-12-10',
			deadlineDate: '2026-12-09'
		});
		const config = { baseUrl: 'https://pdp.example.org', isDemo: false };
		const made = await register(db, config, registration(evenement, { campagneId: id }), NOW);
		expect(made.ok && made.value.inscription.campagneId).toBe(id);
		expect((await register(db, config, registration(evenement), NOW)).ok).toBe(true);
		const figures = async () => (await readCampagneStats(db, responsable, 'stats_view', NOW))[0]!;
		expect((await figures()).inscriptions).toBe(1);
		expect((await figures()).byDepartement.find((d) => d.departement === '974')?.inscriptions).toBe(
			1
		);
		// Three months after the évènement its registrations are purged; the count stays.
		expect(await purgeInscriptions(db, new Date('2027-03-11T12:00:00Z'), 3)).toBe(2);
		expect(await db.select().from(inscriptions)).toHaveLength(0);
		expect((await figures()).inscriptions).toBe(1);
	});

	it("count as held only the rendez-vous of the campaign's own demandes", async () => {
		const { db, responsable, code } = await setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const book = async (cookies: Cookies, telephone: string) =>
			expect((await bookPhone(db, service, cookies, telephone)).ok).toBe(true);
		await book(jar(), '0698765432'); // unattributed, and held
		await db.update(rendezVous).set({ attendance: 'honore' });
		const cookies = jar();
		await land(db, { code, departement: '69', secure: false }, cookies, NOW);
		await book(cookies, '0612345678'); // by the campaign, not held (yet)
		const [stats] = await readCampagneStats(db, responsable, 'stats_view', NOW);
		expect(stats).toMatchObject({ demandes: 1, rendezVous: 1, held: 0 });
	});
});
