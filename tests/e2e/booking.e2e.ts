import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { completeQuestionnaire } from './helpers';
import { distinctContact } from './persons';

/*
 * Booking a rendez-vous with the service social (ADR 009, docs/slots.md). The e2e server seeds demo data:
 * every département has a phone, a video and one demo in-person agenda. Tests running in
 * parallel use different départements (or different slots) so that they never race for
 * the same slot.
 */

const REUNION = 'Indian/Reunion';
const MANAGE_URL = /\/rendez-vous\/gerer\/[a-z2-7]{32}(\?.*)?$/;

/** The day and time of an instant as the pages show them, in the département's zone. */
function localTime(iso: string, timeZone: string): string {
	return new Intl.DateTimeFormat('fr', { hour: '2-digit', minute: '2-digit', timeZone }).format(
		new Date(iso)
	);
}
function localDate(iso: string, timeZone: string): string {
	return new Intl.DateTimeFormat('fr', {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone
	}).format(new Date(iso));
}
const startOf = (slotValue: string) => slotValue.split('|')[1]!;

/** Home → /rendez-vous → département and mode → the slot list. */
async function openSlots(
	page: Page,
	departement: string,
	mode: 'Par téléphone' | 'En visio' | "À l'accueil"
): Promise<void> {
	await page.goto('/');
	await page.getByRole('link', { name: 'Prendre rendez-vous avec le service social' }).click();
	await expect(page).toHaveURL(/\/rendez-vous$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Prendre rendez-vous avec le service social'
	);
	await page.getByLabel('Votre département').selectOption(departement);
	await page
		.getByRole('group', { name: 'Comment voulez-vous faire le rendez-vous ?' })
		.getByLabel(mode, { exact: true })
		.check();
	await page.getByRole('button', { name: 'Voir les créneaux libres' }).click();
	await expect(page).toHaveURL(/\/rendez-vous\/creneaux\?/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choisissez un créneau');
}

/** Checks the n-th free slot of the list and returns its value (`agendaId|start ISO`). */
async function pickSlot(page: Page, index: number): Promise<string> {
	const radio = page.getByRole('radio').nth(index);
	const value = await radio.getAttribute('value');
	expect(value).toMatch(/^\d+\|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
	await radio.check();
	return value!;
}

async function fillContact(
	page: Page,
	contact: { nom: string; prenom: string; email?: string; telephone?: string; nir?: string }
): Promise<void> {
	await page.getByLabel('Nom', { exact: true }).fill(contact.nom);
	await page.getByLabel('Prénom', { exact: true }).fill(contact.prenom);
	if (contact.email !== undefined) await page.getByLabel('Adresse e-mail').fill(contact.email);
	if (contact.telephone !== undefined)
		await page.getByLabel('Numéro de téléphone').fill(contact.telephone);
	if (contact.nir !== undefined)
		await page.getByLabel('Numéro de sécurité sociale (facultatif)').fill(contact.nir);
}

/** Free slot values of a département and mode, as the slot page offers them. */
async function freeSlots(page: Page, departement: string, mode: string): Promise<string[]> {
	await page.goto(`/rendez-vous/creneaux?departement=${departement}&mode=${mode}&jour=tous`);
	return page
		.getByRole('radio')
		.evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value));
}

for (const javaScriptEnabled of [true, false]) {
	test.describe(`booking, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });
		// The two runs share La Réunion's phone agenda: they use different slots.
		const [first, moved] = javaScriptEnabled ? [0, 12] : [3, 15];

		test('books a phone rendez-vous in La Réunion, moves it, then cancels it', async ({ page }) => {
			test.slow();
			await openSlots(page, '974', 'Par téléphone');
			await expect(page.getByText('heure de La Réunion')).toBeVisible();
			const slot = await pickSlot(page, first);
			await page.getByRole('button', { name: 'Continuer' }).click();

			// Contact details: no questionnaire on this device, so no consent question.
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vos coordonnées');
			await expect(
				page.getByRole('group', { name: /Envoyer le résultat de mon questionnaire/ })
			).toHaveCount(0);
			const start = startOf(slot);
			await expect(page.locator('#slot')).toContainText(
				`${localDate(start, REUNION)} à ${localTime(start, REUNION)}`
			);
			await expect(page.locator('#slot')).toContainText('(heure de La Réunion)');

			// An empty form: announced errors, tied to their fields.
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			const alert = page.getByRole('alert');
			await expect(alert).toContainText('erreurs à corriger');
			await expect(alert).toContainText('Indiquez votre nom.');
			// A phone rendez-vous: the phone number is what is missing (#13).
			await expect(alert).toContainText('Pour un rendez-vous par téléphone, indiquez votre numéro');
			if (javaScriptEnabled) await expect(alert).toBeFocused();
			await expect(page.getByLabel('Nom', { exact: true })).toHaveAttribute('aria-invalid', 'true');

			await fillContact(page, { nom: 'Payet', prenom: 'Marie-Ève', telephone: '0692 12 34 56' });
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();

			// The personal manage page.
			await expect(page).toHaveURL(MANAGE_URL);
			expect(page.url()).toContain('?confirmation=1');
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous est confirmé.');
			await expect(page.getByText(/^PDP-[A-Z2-9]{8}$/)).toBeVisible();
			await expect(
				page.getByText(`${localDate(start, REUNION)} à ${localTime(start, REUNION)}`)
			).toBeVisible();
			await expect(page.getByText('(heure de La Réunion)')).toBeVisible();
			await expect(page.getByText('vous appelle au 0692123456')).toBeVisible();
			await expect(page.getByRole('heading', { name: 'À préparer' })).toBeVisible();
			await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
			const manage = page.url().split('?')[0]!;

			// Move it to another free slot.
			await page.getByRole('link', { name: 'Changer de créneau' }).click();
			await expect(page.getByRole('heading', { name: 'Choisir un nouveau créneau' })).toBeVisible();
			await expect(page.locator(`input[value="${slot}"]`)).toHaveCount(0);
			const target = await pickSlot(page, moved);
			await page.getByRole('button', { name: 'Déplacer mon rendez-vous' }).click();
			await expect(page).toHaveURL(`${manage}?deplace=1`);
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous a été déplacé.');
			const newStart = startOf(target);
			await expect(
				page.getByText(`${localDate(newStart, REUNION)} à ${localTime(newStart, REUNION)}`)
			).toBeVisible();

			// Cancel, with a confirmation step.
			await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
			await expect(
				page.getByRole('heading', { name: 'Êtes-vous sûr de vouloir annuler ce rendez-vous ?' })
			).toBeVisible();
			if (javaScriptEnabled) await expect(page.locator('section.confirm')).toBeFocused();
			await expect(
				page.getByText(`${localDate(newStart, REUNION)} à ${localTime(newStart, REUNION)}`)
			).toBeVisible();
			await page.getByRole('button', { name: 'Oui, annuler le rendez-vous' }).click();
			await expect(page).toHaveURL(`${manage}?annule=1`);
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous est annulé.');
			await expect(page.getByRole('heading', { name: 'Rendez-vous annulé' })).toBeVisible();

			// Both slots are offered again.
			const free = await freeSlots(page, '974', 'telephone');
			expect(free).toContain(slot);
			expect(free).toContain(target);
		});

		test('a slot taken meanwhile is refused with the nearest free slots to choose from', async ({
			page
		}) => {
			const departement = javaScriptEnabled ? '2A' : '2B';
			await openSlots(page, departement, 'Par téléphone');
			const slot = await pickSlot(page, 0);
			await page.getByRole('button', { name: 'Continuer' }).click();
			// Contacts of their own per attempt (ADR 026: at most 2 upcoming rendez-vous per person;
			// the other run and a retry book too).
			const lucia = distinctContact('lucia');
			await fillContact(page, {
				nom: 'Santoni',
				prenom: 'Lucia',
				telephone: `+33 ${lucia.telephone.slice(1)}`,
				email: lucia.email
			});

			// Someone else books the same slot first.
			const other = await page.context().newPage();
			await other.goto(page.url());
			await fillContact(other, {
				nom: 'Rossi',
				prenom: 'Paul',
				telephone: distinctContact().telephone
			});
			await other.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			await expect(other).toHaveURL(MANAGE_URL);
			await other.close();

			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			await expect(page.getByRole('alert')).toContainText(
				"Ce créneau vient d'être réservé par quelqu'un d'autre"
			);
			const choices = page.getByRole('group', { name: 'Choisissez un autre créneau' });
			await expect(choices.getByRole('radio')).toHaveCount(3);
			await expect(page.locator(`input[value="${slot}"]`)).toHaveCount(0);
			// What was typed is kept (never the NIR).
			await expect(page.getByLabel('Nom', { exact: true })).toHaveValue('Santoni');
			const nearest = await choices.getByRole('radio').first().getAttribute('value');
			await choices.getByRole('radio').first().check();
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			await expect(page).toHaveURL(MANAGE_URL);
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous est confirmé.');
			expect(await freeSlots(page, departement, 'telephone')).not.toContain(nearest);
		});

		test('asks to be called back, then erases the request', async ({ page }) => {
			const departement = javaScriptEnabled ? '23' : '48';
			await page.goto(`/rendez-vous/creneaux?departement=${departement}&mode=visio`);
			await page.getByRole('link', { name: 'Être rappelé par le service social' }).click();
			await expect(page).toHaveURL(new RegExp(`/rendez-vous/rappel\\?departement=${departement}$`));
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Être rappelé par le service social'
			);
			await fillContact(page, {
				nom: 'Lefèvre',
				prenom: 'Jean',
				email: 'jean.lefevre@example.org'
			});
			await page.getByRole('button', { name: 'Envoyer ma demande de rappel' }).click();

			await expect(page).toHaveURL(MANAGE_URL);
			await expect(page.getByRole('status')).toContainText('Votre demande est enregistrée.');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre demande de rappel');
			await expect(page.getByText('E-mail : jean.lefevre@example.org')).toBeVisible();
			const manage = page.url().split('?')[0]!;

			await page.getByRole('button', { name: 'Supprimer mes données' }).click();
			await expect(
				page.getByRole('heading', { name: 'Êtes-vous sûr de vouloir supprimer vos données ?' })
			).toBeVisible();
			await page.getByRole('button', { name: 'Oui, supprimer mes données' }).click();
			await expect(page).toHaveURL(/\/rendez-vous\/supprime$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Vos données sont supprimées'
			);

			const response = await page.goto(manage);
			expect(response?.status()).toBe(404);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Lien introuvable ou expiré'
			);
		});

		test('after the questionnaire, the département is pre-filled and the result can be sent', async ({
			page
		}) => {
			test.slow();
			const departement = javaScriptEnabled ? '69' : '33';
			await completeQuestionnaire(page, departement);

			await page.getByRole('link', { name: 'Prendre rendez-vous (sous 14 jours)' }).click();
			await expect(page).toHaveURL(/\/rendez-vous$/);
			await expect(page.getByLabel('Votre département')).toHaveValue(departement);
			await page.getByLabel("À l'accueil", { exact: true }).check();
			await page.getByRole('button', { name: 'Voir les créneaux libres' }).click();
			await expect(page.getByText('démonstration').first()).toBeVisible();
			await expect(page.getByText(/Les horaires sont à l'heure de votre département/)).toHaveCount(
				0
			);
			await pickSlot(page, 0);
			await page.getByRole('button', { name: 'Continuer' }).click();

			const consent = page.getByRole('group', {
				name: 'Envoyer le résultat de mon questionnaire au service social ?'
			});
			await expect(consent).toBeVisible();
			await expect(consent.getByLabel("Non, ne pas l'envoyer")).toBeChecked();
			await consent.getByLabel("Oui, l'envoyer au service social").check();
			// An address of its own per attempt (ADR 026: at most 2 upcoming rendez-vous per person).
			await fillContact(page, {
				nom: 'Durand',
				prenom: 'Aline',
				email: distinctContact('aline.durand').email
			});
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();

			await expect(page).toHaveURL(MANAGE_URL);
			await expect(page.getByRole('status')).toContainText('Votre rendez-vous est confirmé.');
			await expect(
				page.getByText('Vous avez envoyé le résultat de votre questionnaire au service social.')
			).toBeVisible();
			await expect(page.getByText(/Accueil de démonstration/)).toBeVisible();
			await expect(page.locator('.recap .badge')).toHaveText('démonstration');
		});
	});
}

test.describe('booking pages reject bad input and store nothing', () => {
	/** A page's form token and the origin, to post like a browser (origin header, HTML). */
	async function formContext(page: Page, path: string) {
		await page.goto(path);
		const token = await page.locator('input[name="token"]').inputValue();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const origin = new URL(page.url()).origin;
		const post = (url: string, form: Record<string, string>): Promise<APIResponse> =>
			page.request.post(url, { form, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
		return { token, post };
	}

	test('tampered, past or malformed slots and invalid contact details get a 4xx with a clear message', async ({
		page
	}) => {
		const [slot] = await freeSlots(page, '13', 'telephone');
		const [elsewhere] = await freeSlots(page, '06', 'telephone');
		const agendaId = slot!.split('|')[0]!;
		const query = new URLSearchParams({ departement: '13', mode: 'telephone', slot: slot! });
		const { token, post } = await formContext(page, `/rendez-vous/coordonnees?${query}`);
		const action = `/rendez-vous/coordonnees?${query}&/book`;
		const valid = {
			nom: 'Martin',
			prenom: 'Claire',
			telephone: distinctContact().telephone,
			email: '',
			nir: '',
			message: '',
			departement: '13',
			mode: 'telephone',
			slot: slot!,
			token,
			website: ''
		};
		const nir = '1 85 05 78 006 084 00';

		const cases: [Record<string, string>, number, string][] = [
			[{ slot: elsewhere! }, 400, 'Ce créneau ne peut pas être réservé'],
			[
				{ slot: `${agendaId}|2020-01-06T08:00:00.000Z` },
				400,
				'Ce créneau ne peut pas être réservé'
			],
			[{ slot: 'abc' }, 400, 'Choisissez un créneau dans la liste.'],
			[
				{ slot: `${agendaId}|2026-13-45T09:00:00.000Z` },
				400,
				'Choisissez un créneau dans la liste.'
			],
			[
				{ slot: `${agendaId}|${startOf(slot!)}' OR 1=1` },
				400,
				'Choisissez un créneau dans la liste.'
			],
			[{ nir }, 400, "Ce numéro de sécurité sociale n'est pas valide"],
			[
				{ telephone: '', email: '' },
				400,
				'Pour un rendez-vous par téléphone, indiquez votre numéro'
			],
			[{ message: 'x'.repeat(5000) }, 400, 'Le message est trop long'],
			[{ nom: '<script>alert(1)</script>' }, 400, 'Utilisez seulement des lettres'],
			[{ mode: 'visio', email: 'claire@example.org' }, 400, 'Ce créneau ne peut pas être réservé'],
			[{ departement: '975' }, 400, 'Choisissez votre département dans la liste.'],
			[{ token: 'forged' }, 400, "Le formulaire n'est plus valide"],
			[{ website: 'https://spam.example' }, 400, "Votre demande n'a pas pu être envoyée"]
		];
		for (const [change, status, message] of cases) {
			const response = await post(action, { ...valid, ...change });
			const label = JSON.stringify(change).slice(0, 80);
			expect(response.status(), label).toBe(status);
			const html = await response.text();
			expect(html, label).toContain(message);
			// The NIR is never sent back.
			expect(html, label).not.toContain('85 05 78 006');
			expect(html, label).not.toContain('185057800608400');
		}
		// The message typed before an error comes back in the server-rendered textarea (no JS needed).
		const kept = await (
			await post(action, {
				...valid,
				email: 'pas-une-adresse',
				message: 'Merci de me rappeler le matin.'
			})
		).text();
		expect(kept).toMatch(
			/<textarea[^>]*name="message"[^>]*>Merci de me rappeler le matin\.<\/textarea>/
		);
		// A filled honeypot echoes nothing at all.
		const spam = await (await post(action, { ...valid, nom: 'Robotnik', website: 'x' })).text();
		expect(spam).not.toContain('Robotnik');

		// Nothing was stored: both slots are still free, and the same slot books fine afterwards.
		expect(await freeSlots(page, '06', 'telephone')).toContain(elsewhere);
		expect(await freeSlots(page, '13', 'telephone')).toContain(slot);
		const booked = await post(action, valid);
		expect(booked.status()).toBe(303);
		expect(booked.headers().location).toBe(`/rendez-vous/gerer/${token}?confirmation=1`);
		expect(await freeSlots(page, '13', 'telephone')).not.toContain(slot);
		// A replay (double click) finds the same booking instead of a "slot taken" refusal.
		const replay = await post(action, valid);
		expect(replay.status()).toBe(303);
		expect(replay.headers().location).toBe(`/rendez-vous/gerer/${token}?confirmation=1`);
	});

	test('a video rendez-vous needs an e-mail, a phone rendez-vous a phone number', async ({
		page
	}) => {
		const [visio] = await freeSlots(page, '59', 'visio');
		const visioQuery = new URLSearchParams({ departement: '59', mode: 'visio', slot: visio! });
		const { token, post } = await formContext(page, `/rendez-vous/coordonnees?${visioQuery}`);
		const base = { nom: 'Martin', prenom: 'Claire', departement: '59', token, website: '' };
		let response = await post(`/rendez-vous/coordonnees?${visioQuery}&/book`, {
			...base,
			mode: 'visio',
			slot: visio!,
			telephone: '0612345678'
		});
		expect(response.status()).toBe(400);
		expect(await response.text()).toContain(
			'Pour un rendez-vous en visio, indiquez votre adresse e-mail'
		);

		const [phone] = await freeSlots(page, '59', 'telephone');
		const phoneQuery = new URLSearchParams({ departement: '59', mode: 'telephone', slot: phone! });
		response = await post(`/rendez-vous/coordonnees?${phoneQuery}&/book`, {
			...base,
			mode: 'telephone',
			slot: phone!,
			email: 'claire@example.org'
		});
		expect(response.status()).toBe(400);
		expect(await response.text()).toContain(
			'Pour un rendez-vous par téléphone, indiquez votre numéro de téléphone'
		);
		expect(await freeSlots(page, '59', 'visio')).toContain(visio);
		expect(await freeSlots(page, '59', 'telephone')).toContain(phone);
	});

	test('the callback form refuses bad input, a robot and a forged token', async ({ page }) => {
		const path = '/rendez-vous/rappel?departement=85&sansCreneau=1';
		const { token, post } = await formContext(page, path);
		await expect(
			page.getByText("Il n'y a plus de créneau libre dans les 14 prochains jours.")
		).toBeVisible();
		const valid = {
			nom: 'Martin',
			prenom: 'Claire',
			email: 'claire@example.org',
			departement: '85',
			sansCreneau: '1',
			token,
			website: ''
		};
		for (const [change, message] of [
			[{ email: '' }, 'Indiquez une adresse e-mail ou un numéro de téléphone'],
			[{ email: 'claire@' }, 'Indiquez une adresse e-mail valide'],
			[{ departement: '20' }, 'Choisissez votre département dans la liste.'],
			[{ nir: '1 85 05 78 006 084 00' }, "Ce numéro de sécurité sociale n'est pas valide"],
			[{ message: 'x'.repeat(5000) }, 'Le message est trop long'],
			[{ sansCreneau: 'oui' }, "Le formulaire n'est plus valide"],
			[{ token: 'a'.repeat(32) + '1' }, "Le formulaire n'est plus valide"],
			[{ website: 'spam' }, "Votre demande n'a pas pu être envoyée"]
		] as const) {
			const response = await post(path, { ...valid, ...change });
			expect(response.status(), message).toBe(400);
			expect(await response.text()).toContain(message);
		}
		// Nothing stored under this token: the manage link does not exist yet, then works once sent.
		expect((await page.goto(`/rendez-vous/gerer/${token}`))?.status()).toBe(404);
		const response = await post(path, valid);
		expect(response.status()).toBe(303);
		const manage = await page.goto(`/rendez-vous/gerer/${token}`);
		expect(manage?.status()).toBe(200);
		expect(manage?.headers()['cache-control']).toBe('private, no-store');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Votre demande de rappel');
		await expect(
			page.getByText("Vous avez fait cette demande car il n'y avait plus de créneau libre.")
		).toBeVisible();
		// Replaying the same form (double click, back button) leads to the same request.
		const replay = await post(path, valid);
		expect(replay.status()).toBe(303);
		expect(replay.headers().location).toBe(`/rendez-vous/gerer/${token}?confirmation=1`);
	});

	test('bad links get a clear 400 or 404 page, never a 500', async ({ page }) => {
		for (const path of [
			'/rendez-vous/creneaux',
			'/rendez-vous/creneaux?departement=99&mode=telephone',
			'/rendez-vous/creneaux?departement=69&mode=pigeon',
			'/rendez-vous/coordonnees?departement=69&mode=telephone&slot=nope',
			'/rendez-vous/rappel?departement=2C'
		]) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(400);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Nous ne pouvons pas afficher cette page'
			);
			await expect(
				page.getByRole('link', { name: 'Recommencer la prise de rendez-vous' })
			).toBeVisible();
		}
		// A slot of another département's agenda in the link.
		const [elsewhere] = await freeSlots(page, '06', 'telephone');
		let response = await page.goto(
			`/rendez-vous/coordonnees?${new URLSearchParams({ departement: '69', mode: 'telephone', slot: elsewhere! })}`
		);
		expect(response?.status()).toBe(400);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText("Ce créneau n'est pas valide");
		// A past slot of the right agenda: offered the nearest free ones instead.
		const agendaId = elsewhere!.split('|')[0]!;
		response = await page.goto(
			`/rendez-vous/coordonnees?${new URLSearchParams({ departement: '06', mode: 'telephone', slot: `${agendaId}|2020-01-06T08:00:00.000Z` })}`
		);
		expect(response?.status()).toBe(200);
		await expect(page.getByText("Le créneau choisi n'est plus libre.")).toBeVisible();
		await expect(
			page.getByRole('group', { name: 'Choisissez un autre créneau' }).getByRole('radio')
		).toHaveCount(3);
		// Forged or malformed manage links.
		const forged = Array.from(
			{ length: 32 },
			(_, i) => 'abcdefghijklmnopqrstuvwxyz234567'[(i * 7 + 3) % 32]
		).join('');
		for (const token of [forged, 'abc', 'A'.repeat(32)]) {
			response = await page.goto(`/rendez-vous/gerer/${token}`);
			expect(response?.status(), token).toBe(404);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Lien introuvable ou expiré'
			);
		}
	});

	test('personal pages are not cached and a cross-site post is refused', async ({ page }) => {
		const [slot] = await freeSlots(page, '35', 'telephone');
		const query = new URLSearchParams({ departement: '35', mode: 'telephone', slot: slot! });
		const response = await page.goto(`/rendez-vous/coordonnees?${query}`);
		expect(response?.headers()['cache-control']).toBe('private, no-store');
		expect((await page.goto('/rendez-vous/rappel'))?.headers()['cache-control']).toBe(
			'private, no-store'
		);
		const token = await page.locator('input[name="token"]').inputValue();
		const crossSite = await page.request.post(`/rendez-vous/coordonnees?${query}&/book`, {
			form: {
				nom: 'Martin',
				prenom: 'Claire',
				telephone: '0612345678',
				departement: '35',
				mode: 'telephone',
				slot: slot!,
				token
			},
			headers: { origin: 'https://evil.example', accept: 'text/html' },
			maxRedirects: 0
		});
		expect(crossSite.status()).toBe(403);
		expect(await freeSlots(page, '35', 'telephone')).toContain(slot);
	});

	test('the English booking pages are complete (axe: a11y.e2e.ts)', async ({ page, context }) => {
		await page.goto('/');
		await context.addCookies([{ name: 'pdp_lang', value: 'en', url: page.url() }]);
		await page.goto('/rendez-vous?departement=972');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Book an appointment with the social service'
		);
		await expect(page.getByLabel('Your département')).toHaveValue('972');
		await page.getByLabel('By video', { exact: true }).check();
		await page.getByRole('button', { name: 'See the free slots' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a slot');
		await expect(page.getByText('Atlantic Standard Time')).toBeVisible();
		await expect(page.getByRole('group').nth(1)).toHaveAccessibleName(
			/^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} [A-Z][a-z]+$/
		);
	});
});
