import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { isHttpError } from '@sveltejs/kit';
import { testDb, urlOf } from '../helpers/db';
import { sampleAnswers } from '../fixtures/answers';
import { scoreAnswers } from '$lib/scoring/score';
import { seedDemoData } from '$lib/server/db/seed';
import { closeDb } from '$lib/server/db/client';
import {
	agendas,
	auditLog,
	demandeEvents,
	demandes,
	rendezVous,
	type Demande
} from '$lib/server/db/schema';
import type { Db } from '$lib/server/db/index';
import type { StaffContext } from '$lib/server/auth/guard';
import { createI18n } from '$lib/server/i18n';
import { hashToken } from '$lib/server/tokens';
import { loadStats, parseStatsQuery } from '$lib/server/staff/stats';
import { UTF8_BOM } from '$lib/stats/csv';
import { parseCsv } from '../helpers/csv';
import { isPrivateRoute } from '$lib/server/cache-policy';
import type { StatsResult } from '$lib/stats/compute';
import { load } from '../../src/routes/espace-pro/statistiques/+page.server';
import { GET } from '../../src/routes/espace-pro/statistiques/export.csv/+server';

/*
 * Statistics from a seeded set of demandes in two teams' départements, checked against figures
 * computed by hand; and the département scope (IDOR) on the page load and on the CSV export.
 *
 * Team A works 69 and 01; team B works 974. Period: January to March 2026.
 *  a1 69  rendez-vous  médecin traitant  shared "eleve"    06 Jan  rdv 13 Jan honoured (7 d)   closed: poste aménagé
 *  a2 69  rendez-vous  employeur         result NOT shared 10 Feb  rdv 02 Mar absent (20 d)    en cours
 *  a3 69  rappel       moi-même          sans créneau      20 Feb  2 contact attempts           closed: sans suite
 *  a4 01  rendez-vous  médecin du travail (anonymised)     03 Mar  rdv 05 Mar cancelled, rdv 09 Mar past, not recorded (6 d)
 *  a5 69  (15 Dec 2025: outside the period)
 *  b1 974 rendez-vous  partenaire                          05 Feb  rdv honoured                 closed: formation
 *  b2 974 rappel       sans créneau                        10 Mar  3 contact attempts
 *
 * All of A (69 + 01): 4 demandes (Jan 1, Feb 2, Mar 1); 3 rendez-vous demandes, 1 callback (sans créneau),
 * 2 contact attempts; levels: eleve 1, non communiqué 3 (a2 did not consent: its level is not counted);
 * with a rendez-vous: a1 a2 a4 = 3; held within 14 days: a1, a4 = 2 → 66.7 %; delays 7, 20, 6 → median 7;
 * honoured 1, absent 1 → no-show 50 %; closed 2 (poste aménagé 1, sans suite 1).
 * 69 only: 3 demandes; with a rendez-vous 2, held within 14 days 1 → 50 %; delays 7, 20 → 13.5.
 * If B leaked into "all my départements", A would see 6 demandes and 2 closed with a "formation" outcome.
 */

const DAY = 24 * 60 * 60 * 1000;
/** A real scoring result, its level set to "eleve" so the expected figures are fixed. */
const result = { ...scoreAnswers(sampleAnswers, 'salarie'), level: 'eleve' as const };
const teamA: StaffContext = {
	user: { id: 9001, email: 'a@example.org', name: 'A', role: 'agent' },
	departements: ['01', '69'],
	sessionId: 's-a'
};
const teamB: StaffContext = {
	user: { id: 9002, email: 'b@example.org', name: 'B', role: 'responsable' },
	departements: ['974'],
	sessionId: 's-b'
};
const PERIOD = { from: '2026-01', to: '2026-03' };
const NOW = new Date('2026-11-23T09:00:00Z');

let db: Db;
let counter = 0;

async function addDemande(
	values: Partial<Demande> & Pick<Demande, 'kind' | 'departementCode' | 'source' | 'createdAt'>
): Promise<number> {
	counter += 1;
	return (
		await db
			.insert(demandes)
			.values({
				reference:
					`PDP-STAT${'ABCDEFGHJK'[counter]}${'ABCDEFGHJK'[counter]}${'ABCDEFGHJK'[counter]}${'ABCDEFGHJK'[counter]}`.slice(
						0,
						12
					),
				manageTokenHash: hashToken(`stats-test-${counter}`),
				nom: 'Fictif',
				prenom: 'Personne',
				dueAt: new Date(values.createdAt.getTime() + 14 * DAY),
				...values
			})
			.returning({ id: demandes.id })
	)[0]!.id;
}

async function addRdv(
	demandeId: number,
	departementCode: string,
	startsAt: string,
	status: 'confirme' | 'annule',
	attendance: 'honore' | 'absent' | null = null,
	reminderChannel: 'email' | 'sms' | 'email_sms' | null = null
) {
	const agenda = (
		await db
			.select({ id: agendas.id })
			.from(agendas)
			.where(and(eq(agendas.departementCode, departementCode), eq(agendas.mode, 'telephone')))
	)[0]!;
	const start = new Date(startsAt);
	await db.insert(rendezVous).values({
		demandeId,
		agendaId: agenda.id,
		mode: 'telephone',
		startsAt: start,
		endsAt: new Date(start.getTime() + 45 * 60_000),
		status,
		attendance,
		reminderChannel,
		createdAt: start
	});
}

async function addEvents(
	demandeId: number,
	type: 'tentative_contact' | 'cloture' | 'note',
	n: number
) {
	for (let i = 0; i < n; i += 1)
		await db
			.insert(demandeEvents)
			.values({ demandeId, type, at: new Date('2026-03-20T10:00:00Z') });
}

beforeAll(async () => {
	db = testDb();
	await seedDemoData(db, { onlyIfEmpty: false });
	const a1 = await addDemande({
		kind: 'rendez_vous',
		departementCode: '69',
		source: 'medecin_traitant',
		shareResult: true,
		result,
		createdAt: new Date('2026-01-06T09:00:00Z'),
		status: 'cloturee',
		outcome: 'emploi_poste_amenage',
		closedAt: new Date('2026-01-20T09:00:00Z')
	});
	await addRdv(a1, '69', '2026-01-13T09:00:00Z', 'confirme', 'honore', 'sms');
	await addEvents(a1, 'cloture', 1);
	const a2 = await addDemande({
		kind: 'rendez_vous',
		departementCode: '69',
		source: 'employeur',
		shareResult: false,
		result,
		createdAt: new Date('2026-02-10T09:00:00Z'),
		status: 'en_cours'
	});
	await addRdv(a2, '69', '2026-03-02T09:00:00Z', 'confirme', 'absent', 'email');
	const a3 = await addDemande({
		kind: 'rappel',
		departementCode: '69',
		source: 'moi_meme',
		sansCreneau: true,
		createdAt: new Date('2026-02-20T09:00:00Z'),
		status: 'cloturee',
		outcome: 'sans_suite'
	});
	await addEvents(a3, 'tentative_contact', 2);
	await addEvents(a3, 'note', 1);
	const a4 = await addDemande({
		kind: 'rendez_vous',
		departementCode: '01',
		source: 'medecin_travail',
		createdAt: new Date('2026-03-03T09:00:00Z'),
		nom: '',
		prenom: '',
		email: null,
		telephone: null,
		anonymisedAt: new Date('2026-11-01T00:00:00Z')
	});
	await addRdv(a4, '01', '2026-03-05T09:00:00Z', 'annule');
	await addRdv(a4, '01', '2026-03-09T09:00:00Z', 'confirme');
	const a5 = await addDemande({
		kind: 'rendez_vous',
		departementCode: '69',
		source: 'moi_meme',
		createdAt: new Date('2025-12-15T09:00:00Z'),
		status: 'cloturee',
		outcome: 'autre'
	});
	await addRdv(a5, '69', '2025-12-18T09:00:00Z', 'confirme', 'absent');
	const b1 = await addDemande({
		kind: 'rendez_vous',
		departementCode: '974',
		source: 'partenaire',
		createdAt: new Date('2026-02-05T09:00:00Z'),
		status: 'cloturee',
		outcome: 'formation_reconversion'
	});
	await addRdv(b1, '974', '2026-02-09T09:00:00Z', 'confirme', 'honore');
	const b2 = await addDemande({
		kind: 'rappel',
		departementCode: '974',
		source: 'moi_meme',
		sansCreneau: true,
		createdAt: new Date('2026-03-10T09:00:00Z')
	});
	await addEvents(b2, 'tentative_contact', 3);
	// The route handlers use the process-wide database: point it at this one.
	process.env.DATABASE_URL = urlOf(db);
	await closeDb();
});

afterAll(closeDb);

describe('loadStats (real SQLite) matches hand-computed figures', () => {
	it('all of team A’s départements', async () => {
		const stats = await loadStats(db, teamA.departements, { departement: null, ...PERIOD }, NOW);
		expect(stats.months.map((m) => [m.month, m.demandes])).toEqual([
			['2026-01', 1],
			['2026-02', 2],
			['2026-03', 1]
		]);
		const t = stats.total;
		expect([
			t.demandes,
			t.rendezVousDemandes,
			t.rappels,
			t.rappelsSansCreneau,
			t.contactAttempts
		]).toEqual([4, 3, 1, 1, 2]);
		expect(t.bySource).toEqual({
			medecin_traitant: 1,
			medecin_travail: 1,
			employeur: 1,
			courrier_assurance_maladie: 0,
			partenaire: 0,
			moi_meme: 1,
			autre: 0
		});
		expect(t.byLevel).toEqual({ faible: 0, modere: 0, eleve: 1, non_communique: 3 });
		expect([t.withRendezVous, t.heldWithinTarget, t.delays, t.medianDelayDays]).toEqual([
			3, 2, 3, 7
		]);
		expect(t.shareWithinTarget).toBeCloseTo(2 / 3, 10);
		expect([t.honore, t.absent, t.noShowRate]).toEqual([1, 1, 0.5]);
		expect(t.closed).toBe(2);
		expect(t.byOutcome).toMatchObject({
			emploi_poste_amenage: 1,
			sans_suite: 1,
			formation_reconversion: 0,
			autre: 0
		});
	});

	it('one département of team A, and team B on its own', async () => {
		const lyon = (await loadStats(db, teamA.departements, { departement: '69', ...PERIOD }, NOW))
			.total;
		expect([
			lyon.demandes,
			lyon.withRendezVous,
			lyon.heldWithinTarget,
			lyon.shareWithinTarget,
			lyon.medianDelayDays
		]).toEqual([3, 2, 1, 0.5, 13.5]);
		const reunion = (await loadStats(db, teamB.departements, { departement: null, ...PERIOD }, NOW))
			.total;
		expect([
			reunion.demandes,
			reunion.rappels,
			reunion.contactAttempts,
			reunion.byOutcome.formation_reconversion
		]).toEqual([2, 1, 3, 1]);
		// A filter outside the scope matches nothing, even past the query parser.
		expect(
			(await loadStats(db, teamA.departements, { departement: '974', ...PERIOD }, NOW)).total
				.demandes
		).toBe(0);
		expect((await loadStats(db, [], { departement: null, ...PERIOD }, NOW)).total.demandes).toBe(0);
	});
});

type PageEvent = Parameters<typeof load>[0];
type CsvEvent = Parameters<typeof GET>[0];

function event(staff: StaffContext | null, query: string) {
	const { t } = createI18n('fr');
	const url = new URL(`http://localhost/espace-pro/statistiques${query}`);
	const headers: Record<string, string> = {};
	return {
		locals: { staff, t, locale: 'fr' },
		url,
		request: new Request(url),
		setHeaders: (h: Record<string, string>) => Object.assign(headers, h),
		headers
	};
}

async function status(run: () => unknown): Promise<number> {
	try {
		await run();
		return 200;
	} catch (e) {
		if (isHttpError(e)) return e.status;
		if (e && typeof e === 'object' && 'status' in e) return (e as { status: number }).status;
		throw e;
	}
}

describe('the page and the CSV export', () => {
	it('the page shows team A’s figures only, never B’s, and audits the view', async () => {
		const e = event(teamA, '?from=2026-01&to=2026-03');
		const data = (await load(e as unknown as PageEvent)) as {
			stats: StatsResult;
			departements: { code: string }[];
			exportHref: string;
		};
		expect(data.stats.total.demandes).toBe(4);
		expect(data.stats.total.byOutcome.formation_reconversion).toBe(0);
		expect(data.departements.map((d) => d.code)).toEqual(['01', '69']);
		expect(data.exportHref).toBe('/espace-pro/statistiques/export.csv?from=2026-01&to=2026-03');
		// Never cached: the handleNoStore hook decides it for the route (headers.e2e.ts sees it).
		expect(isPrivateRoute('/espace-pro/statistiques')).toBe(true);
		expect(JSON.stringify(data)).not.toMatch(/PDP-|Fictif|Personne/);
		const audit = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.userId, teamA.user.id), eq(auditLog.action, 'stats_view')));
		expect(audit.length).toBe(1);
		expect(audit[0]!.details).toEqual({ from: '2026-01', to: '2026-03', departements: 2 });
	});

	it('IDOR: ?departement=<B> is a 404 on the page and on the CSV, for A; and the other way round', async () => {
		for (const query of [
			'?departement=974',
			'?departement=974&from=2026-01&to=2026-03',
			'?departement=zz',
			'?departement=97'
		]) {
			expect(await status(() => load(event(teamA, query) as unknown as PageEvent)), query).toBe(
				404
			);
			expect(await status(() => GET(event(teamA, query) as unknown as CsvEvent)), query).toBe(404);
		}
		expect(await status(() => load(event(teamB, '?departement=69') as unknown as PageEvent))).toBe(
			404
		);
		expect(await status(() => GET(event(teamB, '?departement=01') as unknown as CsvEvent))).toBe(
			404
		);
		// Not logged in: to the login page.
		expect(await status(() => GET(event(null, '') as unknown as CsvEvent))).toBe(303);
		// Nothing was exported by these tries.
		expect(await db.select().from(auditLog).where(eq(auditLog.action, 'stats_export'))).toEqual([]);
	});

	it('the CSV: BOM, `;`, French labels, hand-computed figures, no personal data, attachment, no-store, audited', async () => {
		const response = await GET(
			event(teamA, '?departement=69&from=2026-01&to=2026-03') as unknown as CsvEvent
		);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="statistiques-69-2026-01-2026-03.csv"'
		);
		expect(response.headers.get('cache-control')).toContain('no-store');
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
		expect(text.startsWith(UTF8_BOM)).toBe(true);
		expect(text).not.toMatch(/PDP-|Fictif|Personne/);
		const rows = parseCsv(text);
		expect(rows).toHaveLength(5);
		const header = rows[0]!;
		expect(header.slice(0, 3)).toEqual(['Mois', 'Demandes', 'Demandes de rendez-vous']);
		const cell = (row: string[], label: string) => row[header.indexOf(label)];
		expect(rows.slice(1, 4).map((r) => [r[0], cell(r, 'Demandes')])).toEqual([
			['2026-01', '1'],
			['2026-02', '2'],
			['2026-03', '0']
		]);
		const total = rows[4]!;
		expect(total[0]).toBe('Total');
		expect(cell(total, 'Demandes')).toBe('3');
		expect(cell(total, 'Demandes de rappel')).toBe('1');
		expect(cell(total, 'Tentatives de contact')).toBe('2');
		expect(cell(total, 'Origine : Employeur')).toBe('1');
		expect(cell(total, 'Niveau : Non communiqué')).toBe('2');
		expect(cell(total, 'Part tenue sous 14 jours (%)')).toBe('50');
		expect(cell(total, 'Délai médian (jours)')).toBe('13,5');
		expect(cell(total, 'Taux d’absence (%)')).toBe('50');
		// By the channel of the day-before reminder: one attended after an SMS, one no-show after
		// an e-mail, none without a reminder (an empty rate, not 0).
		expect(cell(total, 'Rendez-vous honorés, rappel : SMS')).toBe('1');
		expect(cell(total, 'Absences, rappel : SMS')).toBe('0');
		expect(cell(total, 'Taux d’absence (%), rappel : SMS')).toBe('0');
		expect(cell(total, 'Absences, rappel : e-mail')).toBe('1');
		expect(cell(total, 'Taux d’absence (%), rappel : e-mail')).toBe('100');
		expect(cell(total, 'Taux d’absence (%), rappel : sans rappel')).toBe('');
		expect(cell(total, 'Issue : Maintien sur un poste aménagé')).toBe('1');
		// March had no rendez-vous in the 69: no rate, an empty cell (never NaN).
		expect(cell(rows[3]!, 'Part tenue sous 14 jours (%)')).toBe('');
		expect(text).not.toContain('NaN');
		const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'stats_export'));
		expect(audit.map((a) => [a.userId, a.departementCode, a.demandeReference])).toEqual([
			[teamA.user.id, '69', null]
		]);
	});

	it('all team A’s départements in the CSV: B’s rows never leak', async () => {
		const response = await GET(event(teamA, '?from=2026-01&to=2026-03') as unknown as CsvEvent);
		const rows = parseCsv(await response.text());
		const header = rows[0]!;
		const total = rows.at(-1)!;
		expect(total[header.indexOf('Demandes')]).toBe('4');
		expect(total[header.indexOf('Origine : Autre professionnel')]).toBe('0');
		expect(total[header.indexOf('Issue : Formation ou reconversion')]).toBe('0');
		expect(total[header.indexOf('Part tenue sous 14 jours (%)')]).toBe('66,7');
	});

	it('parses the same filters as the page', () => {
		expect(
			parseStatsQuery(new URLSearchParams('departement=974'), teamA.departements, NOW)
		).toEqual({ ok: false });
	});
});
