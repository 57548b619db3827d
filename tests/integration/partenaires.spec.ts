/**
 * Partner links and orientation (docs/partenaires.md, ADR 016) over a real migrated SQLite and a real local SMTP server: the source of a
 * professional's link travels from the entry link to the demande, and the orientation form's
 * action creates exactly one callback demande and e-mails the professional — or stores nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isRedirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { demandes, outbox } from '$lib/server/db/schema';
import { seedDemoData } from '$lib/server/db/seed';
import { closeDb, getDb } from '$lib/server/db/client';
import { createI18n } from '$lib/server/i18n';
import { DraftStore } from '$lib/server/questionnaire/drafts';
import {
	rememberEntryLink,
	rememberedDepartement,
	rememberedSource
} from '$lib/server/questionnaire/source';
import { BookingService, newManageToken } from '$lib/server/booking/service';
import { createBookingEvents } from '$lib/server/booking/events';
import { OutboxWorker, type MailLogger } from '$lib/server/mail/worker';
import { MOTIF_MAX } from '$lib/partenaires/orientation';
import { prefilledDepartement, sourceOf } from '../../src/lib/server/rendez-vous/booking-forms';
import { actions } from '../../src/routes/professionnels/orienter/+page.server';
import { parseMessage, startSmtp, textOf, transportTo } from '../helpers/smtp';
import { testDatabaseUrl } from '../helpers/db';

const FROM = 'Portail PDP <ne-pas-repondre@portail-pdp.example>';
const silent: MailLogger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

function jar(): Cookies {
	const values = new Map<string, string>();
	return {
		get: (name: string) => values.get(name),
		getAll: () => [...values].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void values.set(name, value),
		delete: (name: string) => void values.delete(name),
		serialize: () => ''
	} as unknown as Cookies;
}

// The action uses the process-wide database: point it at a private copy of the migrated base.
beforeAll(async () => {
	process.env.DATABASE_URL = await testDatabaseUrl();
	process.env.PUBLIC_URL = 'https://portail.example';
	await seedDemoData(getDb(), { onlyIfEmpty: false });
});
afterAll(closeDb);

const db = () => getDb();
const counts = async () => ({
	demandes: (await db().select().from(demandes)).length,
	outbox: (await db().select().from(outbox)).length
});

beforeEach(async () => {
	await db().delete(outbox);
	await db().delete(demandes);
});

const validForm = {
	type: 'medecin-travail',
	proNom: 'Dr Claire Martin',
	proStructure: 'SPST du Rhône',
	proEmail: 'c.martin@spst.example',
	proTelephone: '04 72 00 00 00',
	nom: 'Dupont',
	prenom: 'Jeanne',
	email: 'jeanne.dupont@example.org',
	telephone: '06 12 34 56 78',
	departement: '69',
	motif: 'Arrêt long, inquiète pour son poste de cariste.',
	accord: 'oui',
	website: ''
};

/** Posts the orientation form to its real action; returns the redirect or the failure. */
async function post(fields: Record<string, string>, token = newManageToken()) {
	const body = new FormData();
	for (const [name, value] of Object.entries({ ...fields, token })) body.set(name, value);
	const url = new URL('https://portail.example/professionnels/orienter');
	const event = {
		request: new Request(url, { method: 'POST', body }),
		url,
		cookies: jar(),
		locals: { locale: 'fr', t: createI18n('fr').t, requestId: 'test', staff: null },
		setHeaders: () => {}
	} as unknown as RequestEvent;
	try {
		const result = (await actions.default!(event as never)) as {
			status: number;
			data: { errors: Record<string, string>; values: Record<string, string> };
		};
		return { redirect: undefined, status: result.status, data: result.data };
	} catch (thrown) {
		if (isRedirect(thrown))
			return { redirect: thrown.location, status: thrown.status, data: undefined };
		throw thrown;
	}
}

describe('source propagation: entry link → draft → demande', () => {
	it('a médecin traitant QR link gives a demande with source médecin traitant, département pre-filled', async () => {
		const cookies = jar();
		rememberEntryLink(
			new URL('https://portail.example/questionnaire?source=medecin-traitant&departement=01'),
			cookies
		);
		// What the questionnaire's start action does with the remembered link.
		const store = new DraftStore(db(), 30);
		const { draft } = await store.create({
			source: rememberedSource(cookies)!,
			departement: rememberedDepartement(cookies)!
		});
		expect(draft.profile).toEqual({ source: 'medecin_traitant', departement: '01' });
		// The booking pages start with the département and take the draft's source.
		expect(prefilledDepartement(new URL('https://portail.example/rendez-vous'), draft)).toBe('01');
		const source = sourceOf(draft, jar());
		expect(source).toBe('medecin_traitant');
		const service = new BookingService(
			db(),
			createBookingEvents({
				baseUrl: 'https://portail.example',
				isDemo: false,
				now: () => new Date()
			})
		);
		const slot = (await service.freeSlots('01', 'telephone'))[0]!;
		const outcome = await service.book({
			departementCode: '01',
			source,
			contact: {
				nom: 'Martin',
				prenom: 'Paul',
				email: null,
				telephone: '0612345678',
				nir: null,
				message: null
			},
			share: null,
			locale: 'fr',
			token: newManageToken(),
			agendaId: slot.agendaId,
			start: slot.start
		});
		expect(outcome.ok).toBe(true);
		expect(
			(await db().select().from(demandes)).map((d) => [d.source, d.departementCode, d.orienteur])
		).toEqual([['medecin_traitant', '01', null]]);
	});

	it('without an entry link, the questionnaire answer or "moi-même" is the source', () => {
		expect(sourceOf(undefined, jar())).toBe('moi_meme');
		const cookies = jar();
		rememberEntryLink(new URL('https://portail.example/?source=employeur'), cookies);
		expect(sourceOf(undefined, cookies)).toBe('employeur');
	});
});

describe('orientation form', () => {
	it('creates exactly one callback demande with the source and the orienteur, and e-mails the professional an acknowledgement without health data', async () => {
		const smtp = await startSmtp();
		const result = await post(validForm);
		expect(result).toMatchObject({ status: 303, redirect: '/professionnels/orienter/merci' });

		const rows = await db().select().from(demandes);
		expect(rows).toHaveLength(1);
		const demande = rows[0]!;
		expect(demande).toMatchObject({
			kind: 'rappel',
			status: 'nouvelle',
			departementCode: '69',
			source: 'medecin_travail',
			nom: 'Dupont',
			prenom: 'Jeanne',
			email: 'jeanne.dupont@example.org',
			telephone: '0612345678',
			nir: null,
			message: validForm.motif,
			shareResult: false,
			sansCreneau: false,
			orienteur: {
				type: 'medecin_travail',
				nom: 'Dr Claire Martin',
				structure: 'SPST du Rhône',
				email: 'c.martin@spst.example',
				telephone: '0472000000'
			}
		});

		// One mail to the professional, one to the département; none to the person.
		const queued = await db().select().from(outbox);
		expect(queued.map((m) => m.recipient).sort()).toEqual([
			'c.martin@spst.example',
			'service-social-69@demo.portail-pdp.invalid'
		]);
		const worker = new OutboxWorker(db(), transportTo(smtp.port), {
			from: FROM,
			now: () => new Date(),
			logger: silent,
			devLog: false
		});
		expect(await worker.runOnce()).toMatchObject({ sent: 2, failed: 0 });
		const ack = smtp.received.find((m) => m.to.includes('c.martin@spst.example'));
		const message = parseMessage(ack!.raw);
		const text = `${message.subject}\n${textOf(message)}`;
		expect(text).toContain(demande.reference);
		expect(text).toContain('Carsat Rhône-Alpes – Rhône');
		expect(text).toContain('14 jours');
		for (const secret of [
			'Dupont',
			'Jeanne',
			'jeanne',
			'0612345678',
			'06 12',
			'cariste',
			'Arrêt long',
			'inquiète'
		]) {
			expect(text, secret).not.toContain(secret);
		}
		const team = textOf(
			parseMessage(
				smtp.received.find((m) => m.to.includes('service-social-69@demo.portail-pdp.invalid'))!.raw
			)
		);
		expect(team).toContain(demande.reference);
		expect(team).not.toContain('Dupont');
		expect(team).not.toContain('cariste');
	});

	it('a replayed post (same token) creates no second demande', async () => {
		const token = newManageToken();
		expect((await post(validForm, token)).status).toBe(303);
		expect((await post(validForm, token)).status).toBe(303);
		expect(await counts()).toEqual({ demandes: 1, outbox: 2 });
	});

	it('a filled honeypot answers like a success and stores nothing, sends nothing', async () => {
		const result = await post({ ...validForm, website: 'https://spam.example' });
		expect(result).toMatchObject({ status: 303, redirect: '/professionnels/orienter/merci' });
		expect(await counts()).toEqual({ demandes: 0, outbox: 0 });
	});

	it('bad or tampered input: 400 with this form’s messages, nothing stored, honeypot and token never echoed', async () => {
		const cases: [Record<string, string>, Record<string, string>][] = [
			[{ ...validForm, accord: '' }, { accord: 'partenaires:errors.accord' }],
			[
				{ ...validForm, email: '', telephone: '' },
				{ email: 'partenaires:errors.reachable', telephone: 'partenaires:errors.reachable' }
			],
			[{ ...validForm, proEmail: 'pas une adresse' }, { proEmail: 'partenaires:errors.email' }],
			[{ ...validForm, departement: '00' }, { departement: 'partenaires:errors.departement' }],
			[{ ...validForm, type: 'moi_meme' }, { type: 'partenaires:errors.type' }],
			[{ ...validForm, nom: '<script>alert(1)</script>' }, { nom: 'partenaires:errors.nameChars' }],
			[
				{ ...validForm, motif: 'x'.repeat(MOTIF_MAX + 1) },
				{ motif: 'partenaires:errors.motifTooLong' }
			],
			// Oversized input everywhere: bounded messages, no crash.
			[
				Object.fromEntries(
					Object.entries(validForm).map(([k, v]) => [
						k,
						k === 'website' || k === 'accord' ? v : v + 'é'.repeat(100_000)
					])
				),
				{}
			]
		];
		for (const [fields, expected] of cases) {
			const result = await post(fields);
			expect(result.status, JSON.stringify(expected)).toBe(400);
			if (Object.keys(expected).length > 0) expect(result.data!.errors).toEqual(expected);
			else
				expect(
					Object.values(result.data!.errors).every((key) => key.startsWith('partenaires:errors.'))
				).toBe(true);
			expect(result.data!.values.website).toBeUndefined();
			expect(result.data!.values.token).toBeUndefined();
			expect(
				Object.values(result.data!.values).every((v) => v === undefined || v.length <= 600)
			).toBe(true);
		}
		// A forged token is refused too.
		const forged = await post(validForm, 'not-a-token');
		expect(forged.status).toBe(400);
		expect(forged.data!.errors).toEqual({ token: 'partenaires:errors.form' });
		expect(await counts()).toEqual({ demandes: 0, outbox: 0 });
	});
});
