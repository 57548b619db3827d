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

function setup() {
	const db = testDb();
	seedDemoData(db, { onlyIfEmpty: false });
	db.delete(campagnes).run(); // the demo campaign: these tests count their own
	const responsable = addStaff(db, 'Resp', 'responsable', ['69', '974'], NOW);
	const created = createCampagne(db, responsable, form(['69', '974']), NOW);
	if (!created.ok) throw new Error('campaign not created');
	const code = db.select().from(campagnes).where(eq(campagnes.id, created.value)).get()!.code;
	return { db, responsable, id: created.value, code };
}

const visits = (db: Db) => db.select().from(campagneVisits).all();

/** A phone booking in 69 on the first free slot, by a person with these cookies (and draft). */
function bookPhone(
	db: Db,
	service: BookingService,
	cookies: Cookies,
	telephone: string,
	draft?: QuestionnaireDraft
) {
	const slot = service.freeSlots('69', 'telephone')[0]!;
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
		campagneId: campagneOf(db, { cookies, draft }, NOW)
	});
}

describe('campaigns: who creates, edits and reads them', () => {
	it('a responsable creates one in their départements, with a code and a typed audit line', () => {
		const { db, responsable, id, code } = setup();
		expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
		expect(campagneFor(db, responsable, id)?.departements).toEqual([
			{ code: '69', lettersSent: null },
			{ code: '974', lettersSent: null }
		]);
		const line = db.select().from(auditLog).where(eq(auditLog.action, 'campagne_create')).get();
		expect(line?.details).toEqual({ campagne: code, departements: '69,974' });
	});

	it('refuses a département outside the scope, and an agent; nothing is stored', () => {
		const { db, responsable } = setup();
		expect(createCampagne(db, responsable, form(['69', '75']), NOW)).toMatchObject({
			ok: false,
			status: 400,
			field: 'departements'
		});
		const agent = addStaff(db, 'Agent', 'agent', ['69'], NOW);
		expect(createCampagne(db, agent, form(['69']), NOW)).toMatchObject({ ok: false, status: 403 });
		expect(db.select().from(campagnes).all()).toHaveLength(1);
	});

	it('an agent reads the campaigns of their départements; others do not see them', () => {
		const { db, id } = setup();
		const agent = addStaff(db, 'Agent', 'agent', ['69'], NOW);
		const other = addStaff(db, 'Autre', 'responsable', ['75'], NOW);
		expect(listCampagnes(db, agent).map((c) => c.id)).toEqual([id]);
		expect(listCampagnes(db, other)).toEqual([]);
		expect(campagneFor(db, other, id)).toBeUndefined();
		expect(updateCampagne(db, other, id, form(['75']), NOW)).toMatchObject({ status: 404 });
		expect(updateCampagne(db, agent, id, form(['69']), NOW)).toMatchObject({ status: 403 });
	});

	it('an edit keeps the letters sent of the départements it keeps; a responsable of only one of them cannot edit', () => {
		const { db, responsable, id } = setup();
		expect(
			setLettersSent(db, responsable, id, { departement: '69', lettersSent: 1200 }, NOW)
		).toMatchObject({ ok: true });
		expect(
			setLettersSent(db, responsable, id, { departement: '75', lettersSent: 5 }, NOW)
		).toMatchObject({
			ok: false,
			status: 400
		});
		expect(
			updateCampagne(db, responsable, id, form(['69'], { name: 'Renommée' }), NOW)
		).toMatchObject({ ok: true });
		expect(campagneFor(db, responsable, id)).toMatchObject({
			name: 'Renommée',
			departements: [{ code: '69', lettersSent: 1200 }]
		});
		const only69 = addStaff(db, 'Seul', 'responsable', ['69'], NOW);
		updateCampagne(db, responsable, id, form(['69', '974']), NOW);
		expect(updateCampagne(db, only69, id, form(['69']), NOW)).toMatchObject({
			ok: false,
			status: 403,
			reason: 'campagnes:errors.notAllYours'
		});
	});
});

describe('the landing: an aggregate count and the code carried, nothing about the person', () => {
	it('counts a visit per day and département, once per browser, in any case of the code', () => {
		const { db, code } = setup();
		const cookies = jar();
		const landing = land(
			db,
			{ code: code.toLowerCase(), departement: '69', secure: false },
			cookies,
			NOW
		);
		expect(landing).toEqual({ campagne: { code }, departement: '69' });
		expect(cookies.get(CAMPAGNE_COOKIE)).toBe(code);
		land(db, { code, departement: '69', secure: false }, cookies, NOW); // a reload
		land(db, { code, departement: '75', secure: false }, jar(), NOW); // not one of its départements
		expect(visits(db).map((v) => [v.day, v.departement, v.count])).toEqual([
			['2026-11-23', '69', 1],
			['2026-11-23', '', 1]
		]);
	});

	it('an unknown or expired code counts nothing, sets nothing, and still answers', () => {
		const { db, code } = setup();
		const cookies = jar();
		expect(
			land(db, { code: 'ZZZZZZ', departement: undefined, secure: false }, cookies, NOW)
		).toEqual({
			campagne: null,
			departement: null
		});
		expect(
			land(db, { code: '<script>', departement: '69', secure: false }, cookies, NOW).campagne
		).toBeNull();
		// 90 days after the end of November: 28 February 2027 still counts, 1 March no more.
		expect(
			land(
				db,
				{ code, departement: undefined, secure: false },
				cookies,
				new Date('2027-03-01T08:00:00Z')
			).campagne
		).toBeNull();
		expect(cookies.get(CAMPAGNE_COOKIE)).toBeUndefined();
		expect(visits(db)).toEqual([]);
	});
});

describe('attribution: what a campaign link started carries the campaign, nothing else does', () => {
	const visitor = (db: Db, cookies: Cookies) => ({
		draft: undefined,
		cookies,
		locale: 'fr',
		requester: { public: false } as const,
		campagneId: campagneOf(db, { cookies }, NOW)
	});
	/** The campaign of the latest demande. */
	const lastCampagne = (db: Db) =>
		db.select({ campagneId: demandes.campagneId }).from(demandes).orderBy(desc(demandes.id)).get()
			?.campagneId;

	it('a booking started from a campaign link carries it; one without does not', () => {
		const { db, id, code } = setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const fromLetter = jar();
		land(db, { code, departement: '69', secure: false }, fromLetter, NOW);
		const booked = bookPhone(db, service, fromLetter, '0612345678');
		expect(booked.ok).toBe(true);
		expect(lastCampagne(db)).toBe(id);

		const unattributed = bookPhone(db, service, jar(), '0698765432');
		expect(unattributed.ok).toBe(true);
		expect(lastCampagne(db)).toBeNull();
	});

	it('a callback request carries it too', () => {
		const { db, id, code } = setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const cookies = jar();
		land(db, { code, departement: undefined, secure: false }, cookies, NOW);
		const parsed = callbackForm.schema.parse({
			nom: 'Martin',
			prenom: 'Claire',
			departement: '974',
			website: '',
			telephone: '0612345678',
			token: newManageToken()
		});
		expect(requestCallback(service, parsed, visitor(db, cookies)).ok).toBe(true);
		expect(lastCampagne(db)).toBe(id);
	});

	it('a questionnaire started from the link is counted for the campaign when completed, once', () => {
		const { db, id, code } = setup();
		const cookies = jar();
		land(db, { code, departement: '974', secure: false }, cookies, NOW);
		const store = new DraftStore(db, 7, () => NOW);
		const { draft } = store.create({}, campagneOf(db, { cookies }, NOW));
		const result = scoreAnswers(
			sampleAnswers,
			variantFor(sampleProfile.statut),
			draft.questionnaireVersion
		);
		store.complete(draft, sampleProfile, result);
		store.complete(draft, sampleProfile, result); // a double submit
		store.complete(store.create({}).draft, sampleProfile, result); // not from a campaign
		expect(db.select().from(campagneQuestionnaires).all()).toEqual([
			{ campagneId: id, month: '2026-11', departement: '974', count: 1 }
		]);
		// The draft keeps its campaign even once the link's cookie is gone.
		expect(campagneOf(db, { cookies: jar(), draft }, NOW)).toBe(id);
	});

	it('deleting a campaign leaves its demandes, unattributed', () => {
		const { db, code } = setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const cookies = jar();
		land(db, { code, departement: '69', secure: false }, cookies, NOW);
		bookPhone(db, service, cookies, '0612345678');
		db.delete(campagnes).run();
		expect(db.select().from(demandes).all()).toHaveLength(1);
		expect(lastCampagne(db)).toBeNull();
	});
});

describe('the demo campaign', () => {
	it('is seeded with its letters sent, visits and questionnaires', () => {
		const db = testDb();
		seedDemoData(db, { onlyIfEmpty: false });
		const admin = addStaff(db, 'Admin', 'administrateur', ['69', '974'], NOW);
		const [demo] = readCampagneStats(db, admin, 'stats_view', NOW);
		expect(demo).toMatchObject({
			code: 'ARRET9',
			visits: 34,
			questionnaires: 13,
			lettersSent: 400
		});
	});
});

describe('the campaign statistics read from the database', () => {
	it('count the visit, the completed questionnaire, the demande and its rendez-vous held; the CSV says the same', () => {
		const { db, responsable, id, code } = setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const cookies = jar();
		land(db, { code, departement: '69', secure: false }, cookies, NOW);
		const store = new DraftStore(db, 7, () => NOW);
		const { draft } = store.create({}, campagneOf(db, { cookies }, NOW));
		store.complete(
			draft,
			{ ...sampleProfile, departement: '69' },
			scoreAnswers(sampleAnswers, variantFor(sampleProfile.statut), draft.questionnaireVersion)
		);
		const booked = bookPhone(db, service, cookies, '0612345678', draft);
		expect(booked.ok).toBe(true);
		db.update(rendezVous).set({ attendance: 'honore' }).run();
		setLettersSent(db, responsable, id, { departement: '69', lettersSent: 50 }, NOW);

		const [stats] = readCampagneStats(db, responsable, 'stats_view', NOW);
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
		expect(db.select().from(auditLog).where(eq(auditLog.action, 'stats_view')).all()).toHaveLength(
			1
		);
	});

	it('count a registration to an évènement made after the link, which outlives the registration', () => {
		const { db, responsable, id } = setup();
		const evenement = publishedEvenement(db, responsable, NOW, {
			date: '2026-12-10',
			deadlineDate: '2026-12-09'
		});
		const config = { baseUrl: 'https://pdp.example.org', isDemo: false };
		const made = register(db, config, registration(evenement, { campagneId: id }), NOW);
		expect(made.ok && made.value.inscription.campagneId).toBe(id);
		expect(register(db, config, registration(evenement), NOW).ok).toBe(true);
		const figures = () => readCampagneStats(db, responsable, 'stats_view', NOW)[0]!;
		expect(figures().inscriptions).toBe(1);
		expect(figures().byDepartement.find((d) => d.departement === '974')?.inscriptions).toBe(1);
		// Three months after the évènement its registrations are purged; the count stays.
		expect(purgeInscriptions(db, new Date('2027-03-11T12:00:00Z'), 3)).toBe(2);
		expect(db.select().from(inscriptions).all()).toHaveLength(0);
		expect(figures().inscriptions).toBe(1);
	});

	it("count as held only the rendez-vous of the campaign's own demandes", () => {
		const { db, responsable, code } = setup();
		const service = new BookingService(db, noBookingEvents, () => NOW);
		const book = (cookies: Cookies, telephone: string) =>
			expect(bookPhone(db, service, cookies, telephone).ok).toBe(true);
		book(jar(), '0698765432'); // unattributed, and held
		db.update(rendezVous).set({ attendance: 'honore' }).run();
		const cookies = jar();
		land(db, { code, departement: '69', secure: false }, cookies, NOW);
		book(cookies, '0612345678'); // by the campaign, not held (yet)
		const [stats] = readCampagneStats(db, responsable, 'stats_view', NOW);
		expect(stats).toMatchObject({ demandes: 1, rendezVous: 1, held: 0 });
	});
});
