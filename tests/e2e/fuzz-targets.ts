import { spawnSync } from 'node:child_process';
import { expect } from '@playwright/test';
import { contactFieldNames } from '../../src/lib/booking/contact';
import { guideParams } from '../../src/lib/dispositifs/query';
import { orientationFieldNames } from '../../src/lib/partenaires/orientation';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session';
import { E2E_DATABASE } from './env';
import { FuzzClient, inputValue } from './fuzz-client';
import { newStaffSession } from './helpers';
import { distinctContact } from './persons';

/**
 * Every form action, query-driven page and API endpoint the fuzz run attacks
 * (tests/e2e/fuzz.e2e.ts). ONE entry per target; a new form is one more entry:
 *
 *   { name: 'demande: note', method: 'POST', context: 'staff',
 *     path: (ctx) => `/espace-pro/demandes/${ctx.reference}?/note`, fields: ['note'] },
 *
 * - `context` says what the request needs to reach real code (a questionnaire draft cookie,
 *   a staff session, a booking form's token, a manage link...). Contexts are built once per
 *   target before the run, from a fresh client.
 * - `fields` are the names the server reads; the run sends them missing, duplicated, of the
 *   wrong kind, huge, hostile, plus unknown fields. `valid` gives correct values, so that
 *   most runs change only some fields and get past the first check.
 * - `body: 'json'` for JSON endpoints; `method: 'GET'` with `fields` fuzzes a query string.
 * - Targets run in order: the ones that end a session (logout) come last.
 */

export type ContextKind =
	| 'none'
	| 'draft'
	| 'draftProfile'
	| 'draftComplete'
	| 'bookingForm'
	| 'callbackForm'
	| 'manage'
	| 'staff';

export interface FuzzContext {
	client: FuzzClient;
	/** Booking page query (departement, mode, slot) and its form token. */
	bookingQuery?: string;
	slot?: string;
	token?: string;
	/** Manage-link token of a confirmed booking. */
	manageToken?: string;
	/** This context's own e-mail and phone (a person may hold at most 2 upcoming rendez-vous, ADR 026). */
	contact?: { email: string; telephone: string };
	/** A demande reference the staff member may read. */
	reference?: string;
	/** An agenda and a team member (the fuzz account itself) of the fuzz département. */
	agendaId?: string;
	memberId?: string;
}

export interface FuzzTarget {
	name: string;
	method: 'POST' | 'GET';
	context: ContextKind;
	path: (ctx: FuzzContext) => string;
	fields: readonly string[];
	valid?: (ctx: FuzzContext) => Record<string, string>;
	body?: 'form' | 'json';
}

/** Départements the other specs do not book in (the fuzz run takes slots there). */
export const FUZZ_DEPARTEMENT = '52';
export const FUZZ_STAFF_EMAIL = `fuzz.agent.${process.pid}@demo.portail-pdp.invalid`;
export const FUZZ_STAFF_PASSWORD = 'tortue-violette-quai-2026';

const profileFields = ['statut', 'arret', 'departement', 'rqth', 'source'];
const validProfile = {
	statut: 'salarie_cdi',
	arret: 'maladie',
	departement: FUZZ_DEPARTEMENT,
	rqth: 'non',
	source: 'medecin_traitant'
};
const validAnswers = ['3_6_mois', '4', 'avec_amenagements', 'correctes', 'un_peu', '6'];
const validContact = (ctx: FuzzContext) => ({
	nom: 'Martin',
	prenom: 'Claire',
	email: ctx.contact?.email ?? 'claire.martin@example.org',
	telephone: ctx.contact?.telephone ?? '06 12 34 56 78',
	nir: '',
	message: 'Bonjour',
	shareResult: 'non',
	departement: FUZZ_DEPARTEMENT,
	website: '',
	token: ctx.token ?? ''
});

export const fuzzTargets: FuzzTarget[] = [
	// ------------------------------------------------------------ questionnaire
	{
		name: 'questionnaire: start',
		method: 'POST',
		context: 'none',
		path: () => '/questionnaire?/start',
		fields: []
	},
	{
		name: 'questionnaire: profile',
		method: 'POST',
		context: 'draft',
		path: () => '/questionnaire/profil',
		fields: profileFields,
		valid: () => validProfile
	},
	...[1, 2, 3, 4, 5, 6].map((n): FuzzTarget => ({
		name: `questionnaire: question ${n}`,
		method: 'POST',
		context: 'draftProfile',
		path: () => `/questionnaire/question/${n}`,
		fields: ['answer'],
		valid: () => ({ answer: validAnswers[n - 1]! })
	})),
	{
		name: 'questionnaire: summary',
		method: 'POST',
		context: 'draftComplete',
		path: () => '/questionnaire/recapitulatif',
		fields: []
	},
	{
		name: 'language',
		method: 'POST',
		context: 'none',
		path: () => '/langue',
		fields: ['lang', 'redirectTo'],
		valid: () => ({ lang: 'fr', redirectTo: '/' })
	},

	// ------------------------------------------------------------ booking
	{
		name: 'booking: slots page',
		method: 'GET',
		context: 'none',
		path: () => '/rendez-vous/creneaux',
		fields: ['departement', 'mode', 'semaine'],
		valid: () => ({ departement: FUZZ_DEPARTEMENT, mode: 'telephone' })
	},
	{
		name: 'booking: contact page',
		method: 'GET',
		context: 'none',
		path: () => '/rendez-vous/coordonnees',
		fields: ['departement', 'mode', 'slot'],
		valid: () => ({ departement: FUZZ_DEPARTEMENT, mode: 'telephone' })
	},
	{
		name: 'booking: book',
		method: 'POST',
		context: 'bookingForm',
		path: (ctx) => `/rendez-vous/coordonnees?${ctx.bookingQuery}&/book`,
		fields: [...contactFieldNames, 'mode', 'slot', 'token'],
		valid: (ctx) => ({ ...validContact(ctx), mode: 'telephone', slot: ctx.slot ?? '' })
	},
	{
		name: 'booking: callback request',
		method: 'POST',
		context: 'callbackForm',
		path: () => `/rendez-vous/rappel?departement=${FUZZ_DEPARTEMENT}`,
		fields: [...contactFieldNames, 'sansCreneau', 'token'],
		valid: (ctx) => ({ ...validContact(ctx), sansCreneau: '0' })
	},
	{
		name: 'booking: manage page',
		method: 'GET',
		context: 'manage',
		path: (ctx) => `/rendez-vous/gerer/${ctx.manageToken}`,
		fields: ['confirmation', 'changer', 'deplace', 'annule']
	},
	{
		name: 'booking: move',
		method: 'POST',
		context: 'manage',
		path: (ctx) => `/rendez-vous/gerer/${ctx.manageToken}?changer=1&/move`,
		fields: ['slot'],
		valid: (ctx) => ({ slot: ctx.slot ?? '' })
	},
	{
		name: 'booking: cancel',
		method: 'POST',
		context: 'manage',
		path: (ctx) => `/rendez-vous/gerer/${ctx.manageToken}?/cancel`,
		fields: []
	},
	{
		name: 'booking: erase',
		method: 'POST',
		context: 'manage',
		path: (ctx) => `/rendez-vous/gerer/${ctx.manageToken}?/erase`,
		fields: []
	},
	{
		name: 'booking: unknown manage link',
		method: 'POST',
		context: 'none',
		path: () => '/rendez-vous/gerer/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?/cancel',
		fields: []
	},
	{
		name: 'dispositifs: guide filters',
		method: 'GET',
		context: 'none',
		path: () => '/dispositifs',
		fields: guideParams
	},

	// ------------------------------------------------------------ médecins et partenaires (docs/partenaires.md)
	{
		name: 'partners: link builder',
		method: 'GET',
		context: 'none',
		path: () => '/professionnels',
		fields: ['type', 'departement'],
		valid: () => ({ type: 'medecin-traitant' })
	},
	{
		name: 'partners: QR SVG',
		method: 'GET',
		context: 'none',
		path: () => '/professionnels/qr.svg',
		fields: ['type', 'departement'],
		valid: () => ({ type: 'medecin-traitant' })
	},
	{
		name: 'partners: QR PNG',
		method: 'GET',
		context: 'none',
		path: () => '/professionnels/qr.png',
		fields: ['type', 'departement'],
		valid: () => ({ type: 'medecin-traitant' })
	},
	{
		name: 'partners: flyer',
		method: 'GET',
		context: 'none',
		path: () => '/professionnels/flyer',
		fields: ['type', 'departement']
	},
	{
		name: 'partners: note',
		method: 'GET',
		context: 'none',
		path: () => '/professionnels/note',
		fields: ['type', 'departement']
	},
	{
		name: 'partners: orientation',
		method: 'POST',
		context: 'none',
		path: () => '/professionnels/orienter',
		fields: orientationFieldNames,
		valid: () => ({
			type: 'medecin_traitant',
			proNom: 'Dr Fuzz',
			proEmail: 'cabinet@example.org',
			nom: 'Fuzz',
			prenom: 'Personne',
			telephone: '06 12 34 56 78',
			departement: FUZZ_DEPARTEMENT,
			motif: 'Arrêt long',
			accord: 'oui',
			website: '',
			token: 'fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz'
		})
	},

	// ------------------------------------------------------------ espace pro (public)
	{
		name: 'staff: login',
		method: 'POST',
		context: 'none',
		path: () => '/espace-pro/connexion?/login',
		fields: ['email', 'password', 'retour']
	},
	{
		name: 'staff: login code',
		method: 'POST',
		context: 'none',
		path: () => '/espace-pro/connexion?/code',
		fields: ['code']
	},
	{
		name: 'staff: login setup',
		method: 'POST',
		context: 'none',
		path: () => '/espace-pro/connexion?/setup',
		fields: ['secret', 'code']
	},
	{
		name: 'staff: login cancel',
		method: 'POST',
		context: 'none',
		path: () => '/espace-pro/connexion?/cancel',
		fields: []
	},
	{
		name: 'staff: activation',
		method: 'POST',
		context: 'none',
		path: () => '/espace-pro/activation/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
		fields: ['password', 'confirmation']
	},

	// ------------------------------------------------------------ espace pro (signed in)
	{
		name: 'staff: inbox filters',
		method: 'GET',
		context: 'staff',
		path: () => '/espace-pro',
		fields: [
			'status',
			'kind',
			'mode',
			'source',
			'sansCreneau',
			'level',
			'departement',
			'overdue',
			'page'
		]
	},
	{
		name: 'staff: demande page',
		method: 'GET',
		context: 'staff',
		path: (ctx) => `/espace-pro/demandes/${ctx.reference}`,
		fields: ['retour', 'onglet']
	},
	{
		name: 'staff: unknown demande',
		method: 'GET',
		context: 'staff',
		path: () => '/espace-pro/demandes/PDP-0000-ZZZZ',
		fields: []
	},
	{
		name: 'staff: account password',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/compte?/password',
		fields: ['current', 'password', 'confirmation']
	},
	{
		name: 'staff: account totp enable',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/compte?/totpEnable',
		fields: ['secret', 'code']
	},
	{
		name: 'staff: account totp disable',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/compte?/totpDisable',
		fields: ['code']
	},
	{
		name: 'staff: forgotten password',
		method: 'POST',
		context: 'none',
		path: () => '/espace-pro/mot-de-passe-oublie',
		fields: ['email'],
		valid: () => ({ email: 'personne@portail-pdp.invalid' })
	},

	// demande workflow (docs/backoffice.md)
	...(
		[
			['takeCharge', []],
			['unassign', []],
			['assign', ['assignee']],
			['contact', ['channel', 'result', 'note']],
			['attendance', ['attendance']],
			['note', ['note']],
			['close', ['outcome', 'note']],
			['reopen', ['note']],
			['cancel', ['message']],
			['cancelAndClose', ['outcome', 'note', 'message']]
		] as const
	).map(([action, fields]): FuzzTarget => ({
		name: `demande: ${action}`,
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/demandes/${ctx.reference}?/${action}`,
		fields
	})),
	{
		name: 'staff: unknown demande action',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/demandes/PDP-0000-ZZZZ?/note',
		fields: ['note']
	},
	{
		name: 'staff: journal filters',
		method: 'GET',
		context: 'staff',
		path: () => '/espace-pro/journal',
		fields: ['action', 'reference', 'from', 'to', 'page']
	},
	{
		name: 'staff: statistics filters',
		method: 'GET',
		context: 'staff',
		path: () => '/espace-pro/statistiques',
		fields: ['departement', 'year', 'from', 'to']
	},
	{
		name: 'staff: statistics CSV',
		method: 'GET',
		context: 'staff',
		path: () => '/espace-pro/statistiques/export.csv',
		fields: ['departement', 'year', 'from', 'to']
	},

	// agendas (docs/slots.md §5)
	{
		name: 'agendas: create',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/agendas?/createAgenda',
		fields: ['departement', 'mode', 'pointAccueil'],
		valid: () => ({ departement: FUZZ_DEPARTEMENT, mode: 'visio' })
	},
	{
		name: 'agendas: create point',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/agendas?/createPoint',
		fields: ['departement', 'name', 'address', 'accessibility'],
		valid: () => ({ departement: FUZZ_DEPARTEMENT, name: 'Accueil', address: '1 rue de la Gare' })
	},
	{
		name: 'agendas: update point',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/agendas?/updatePoint',
		fields: ['id', 'name', 'address', 'accessibility']
	},
	{
		name: 'agendas: point active',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/agendas?/pointActive',
		fields: ['id', 'active']
	},
	{
		name: 'agendas: add closure',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/agendas?/addClosure',
		fields: ['departement', 'date'],
		valid: () => ({ departement: FUZZ_DEPARTEMENT })
	},
	{
		name: 'agendas: remove closure',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/agendas?/removeClosure',
		fields: ['departement', 'date']
	},
	{
		name: 'agenda: weekly hours',
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/agendas/${ctx.agendaId}?/weekly`,
		fields: [1, 2, 3, 4, 5, 6, 7].flatMap((d) =>
			[1, 2].flatMap((r) => [`d${d}r${r}start`, `d${d}r${r}end`])
		),
		valid: () => ({ d1r1start: '09:00', d1r1end: '12:00' })
	},
	{
		name: 'agenda: settings',
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/agendas/${ctx.agendaId}?/settings`,
		fields: ['slotMinutes', 'minNoticeDays'],
		valid: () => ({ slotMinutes: '45', minNoticeDays: '1' })
	},
	{
		name: 'agenda: active',
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/agendas/${ctx.agendaId}?/active`,
		fields: ['active'],
		valid: () => ({ active: '1' })
	},
	{
		name: 'agenda: add opening',
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/agendas/${ctx.agendaId}?/addOpening`,
		fields: ['date', 'start', 'end']
	},
	{
		name: 'agenda: remove opening',
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/agendas/${ctx.agendaId}?/removeOpening`,
		fields: ['id']
	},
	{
		name: 'agenda: add absence',
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/agendas/${ctx.agendaId}?/addAbsence`,
		fields: ['startDate', 'startTime', 'endDate', 'endTime', 'label']
	},
	{
		name: 'agenda: remove absence',
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/agendas/${ctx.agendaId}?/removeAbsence`,
		fields: ['id']
	},
	{
		name: 'agenda: unknown agenda',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/agendas/999999999?/settings',
		fields: ['slotMinutes', 'minNoticeDays']
	},

	// team (docs/accounts.md)
	{
		name: 'team: create member',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/equipe/nouveau',
		fields: ['name', 'email', 'role', 'departements'],
		valid: () => ({
			name: 'Agent Fuzz',
			email: `agent.${Date.now()}@demo.portail-pdp.invalid`,
			role: 'agent',
			departements: FUZZ_DEPARTEMENT
		})
	},
	{
		name: 'team: reset link',
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/equipe/${ctx.memberId}?/reset`,
		fields: []
	},
	{
		name: 'team: disable (self, refused)',
		method: 'POST',
		context: 'staff',
		path: (ctx) => `/espace-pro/equipe/${ctx.memberId}?/disable`,
		fields: []
	},
	{
		name: 'team: unknown member',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/equipe/999999999?/disable',
		fields: []
	},

	// ------------------------------------------------------------ API
	{
		name: 'api: scoring',
		method: 'POST',
		context: 'none',
		body: 'json',
		path: () => '/api/v1/scoring',
		fields: ['answers', 'profile', 'statut', 'variant', 'lang']
	},
	{
		name: 'api: questionnaire',
		method: 'GET',
		context: 'none',
		path: () => '/api/v1/questionnaire',
		fields: ['lang']
	},
	{
		name: 'api: departements',
		method: 'GET',
		context: 'none',
		path: () => '/api/v1/departements',
		fields: ['lang']
	},
	{
		name: 'api: slots',
		method: 'GET',
		context: 'none',
		path: () => `/api/v1/departements/${FUZZ_DEPARTEMENT}/creneaux`,
		fields: ['mode', 'lang'],
		valid: () => ({ mode: 'telephone' })
	},
	{
		name: 'api: slots of a fuzzed département',
		method: 'GET',
		context: 'none',
		path: () => '/api/v1/departements/%3Cscript%3E/creneaux',
		fields: ['mode']
	},

	// ------------------------------------------------------------ last: these end sessions
	{
		name: 'staff: logout all sessions',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/compte?/logoutAll',
		fields: []
	},
	{
		name: 'staff: logout',
		method: 'POST',
		context: 'staff',
		path: () => '/espace-pro/deconnexion',
		fields: []
	}
];

// ------------------------------------------------------------------ contexts

/** Free slots of a département and mode, from the slots page. */
async function freeSlots(client: FuzzClient, departement: string): Promise<string[]> {
	const page = await client.get(
		`/rendez-vous/creneaux?departement=${departement}&mode=telephone&jour=tous`
	);
	expect(page.status).toBe(200);
	return [
		...page.body.matchAll(/name="slot"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="slot"/g)
	].map((m) => (m[1] ?? m[2])!.replace(/&amp;/g, '&'));
}

async function bookingForm(ctx: FuzzContext, index: number): Promise<void> {
	const slots = await freeSlots(ctx.client, FUZZ_DEPARTEMENT);
	expect(slots.length).toBeGreaterThan(index);
	ctx.slot = slots[index]!;
	ctx.bookingQuery = new URLSearchParams({
		departement: FUZZ_DEPARTEMENT,
		mode: 'telephone',
		slot: ctx.slot
	}).toString();
	const page = await ctx.client.get(`/rendez-vous/coordonnees?${ctx.bookingQuery}`);
	expect(page.status).toBe(200);
	ctx.token = inputValue(page.body, 'token');
	expect(ctx.token).toMatch(/^[a-z2-7]{32}$/);
}

let bookings = 0;
let staffAccountReady = false;
let staffIds: Pick<FuzzContext, 'reference' | 'agendaId' | 'memberId'> | undefined;

/**
 * A dedicated staff account (never a demo one: fuzzed passwords count as failures). A responsable,
 * so that agenda and team forms reach their validation instead of stopping at the role check.
 */
function ensureStaffAccount(baseUrl: string): string | undefined {
	if (staffAccountReady) return undefined;
	const result = spawnSync(
		process.execPath,
		[
			'node_modules/tsx/dist/cli.mjs',
			'scripts/staff-create.ts',
			'--email',
			FUZZ_STAFF_EMAIL,
			'--name',
			'Compte robustesse',
			'--role',
			'responsable',
			'--departements',
			FUZZ_DEPARTEMENT
		],
		{
			env: { ...process.env, DATABASE_URL: E2E_DATABASE, ORIGIN: baseUrl, LOG_LEVEL: 'silent' },
			encoding: 'utf8'
		}
	);
	expect(result.status, result.stderr).toBe(0);
	staffAccountReady = true;
	return /\/espace-pro\/activation\/([a-z2-7]+)/.exec(result.stdout)?.[1];
}

export async function buildContext(kind: ContextKind, baseUrl: string): Promise<FuzzContext> {
	const ctx: FuzzContext = {
		client: new FuzzClient(baseUrl),
		contact: distinctContact('claire.martin')
	};
	const { client } = ctx;
	if (kind === 'draft' || kind === 'draftProfile' || kind === 'draftComplete') {
		expect((await client.postForm('/questionnaire?/start', {})).status).toBe(303);
		if (kind !== 'draft')
			expect((await client.postForm('/questionnaire/profil', validProfile)).status).toBe(303);
		if (kind === 'draftComplete') {
			for (const [index, answer] of validAnswers.entries()) {
				expect(
					(await client.postForm(`/questionnaire/question/${index + 1}`, { answer })).status
				).toBe(303);
			}
		}
	}
	if (kind === 'bookingForm') await bookingForm(ctx, bookings++);
	if (kind === 'callbackForm') {
		const page = await client.get(`/rendez-vous/rappel?departement=${FUZZ_DEPARTEMENT}`);
		expect(page.status).toBe(200);
		ctx.token = inputValue(page.body, 'token');
	}
	if (kind === 'manage') {
		await bookingForm(ctx, bookings++);
		const booked = await client.postForm(`/rendez-vous/coordonnees?${ctx.bookingQuery}&/book`, {
			...validContact(ctx),
			mode: 'telephone',
			slot: ctx.slot!
		});
		expect(booked.status).toBe(303);
		ctx.manageToken = /\/rendez-vous\/gerer\/([a-z2-7]{32})/.exec(
			String(booked.headers.location)
		)?.[1];
		expect(ctx.manageToken).toBeTruthy();
		// Another free slot, to move to.
		ctx.slot = (await freeSlots(client, FUZZ_DEPARTEMENT))[bookings++];
	}
	if (kind === 'staff') {
		const activation = ensureStaffAccount(baseUrl);
		if (activation) {
			const done = await client.postForm(`/espace-pro/activation/${activation}`, {
				password: FUZZ_STAFF_PASSWORD,
				confirmation: FUZZ_STAFF_PASSWORD
			});
			expect(done.status).toBe(303);
		}
		if (staffIds) {
			// One real login is enough: the other staff contexts get a session of their own
			// straight from the session module (no argon2 per context), and the same ids.
			client.cookies.set(SESSION_COOKIE, (await newStaffSession(FUZZ_STAFF_EMAIL)).token);
			Object.assign(ctx, staffIds);
			return ctx;
		}
		const login = await client.postForm('/espace-pro/connexion?/login', {
			email: FUZZ_STAFF_EMAIL,
			password: FUZZ_STAFF_PASSWORD
		});
		expect(login.status, 'fuzz staff login').toBe(303);
		const inbox = await client.get('/espace-pro');
		expect(inbox.status).toBe(200);
		ctx.reference =
			/\/espace-pro\/demandes\/([A-Za-z0-9-]+)/.exec(inbox.body)?.[1] ?? 'PDP-0000-ZZZZ';
		const agendas = await client.get('/espace-pro/agendas');
		expect(agendas.status).toBe(200);
		ctx.agendaId = /\/espace-pro\/agendas\/(\d+)/.exec(agendas.body)?.[1] ?? '999999999';
		const team = await client.get('/espace-pro/equipe');
		expect(team.status).toBe(200);
		ctx.memberId = /\/espace-pro\/equipe\/(\d+)/.exec(team.body)?.[1] ?? '999999999';
		staffIds = { reference: ctx.reference, agendaId: ctx.agendaId, memberId: ctx.memberId };
	}
	return ctx;
}
