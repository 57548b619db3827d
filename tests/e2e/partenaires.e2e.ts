import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { expect, test, type Page } from '@playwright/test';
import { choose, demandesNamed, expectNoA11yViolations, labels, staffLogin } from './helpers';
import { eq, like } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';
import { ownName } from './builders';

/*
 * Espace médecins et partenaires (docs/partenaires.md, ADR 016). A doctor builds a link for the Ain (01),
 * prints the flyer and the note; a patient follows the QR code's URL (decoded from the PNG),
 * answers the questionnaire and books a video rendez-vous in 01 (slot 5: the back-office
 * suite uses 01's phone agenda); the demo agent of 01 sees the source on the demande.
 */

const AGENT_01 = 'agent.69@demo.portail-pdp.invalid';
const REFERENCE = /PDP-[A-Z2-9]{8}/;
/** An A4 page is 297 mm tall: half of it in CSS pixels (96 per inch). */
const HALF_A4_PX = (297 / 2 / 25.4) * 96;

async function pdfPages(page: Page): Promise<number> {
	await page.emulateMedia({ media: 'print' });
	const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
	await page.emulateMedia({ media: 'screen' });
	return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

test('a doctor builds a link and prints the flyer and the note; a patient follows the QR code and books; the demande shows source médecin traitant', async ({
	page,
	browser,
	baseURL
}) => {
	test.slow();
	const expectedUrl = `${baseURL}/questionnaire?source=medecin-traitant&departement=01`;

	// The page for professionals, and its link builder (a GET form).
	await page.goto('/professionnels');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Espace médecins et partenaires'
	);
	await expect(page.getByRole('heading', { name: 'Quels patients orienter ?' })).toBeVisible();
	await expect(
		page.getByRole('heading', { name: 'Visite de pré-reprise et médecin du travail' })
	).toBeVisible();
	await expectNoA11yViolations(page);
	await expect(page.getByLabel('Vous êtes')).toHaveValue('medecin_traitant');
	await page.getByLabel('Département de votre patient (facultatif)').selectOption('01');
	await page.getByRole('button', { name: 'Mettre à jour le lien' }).click();
	await expect(page).toHaveURL(/\/professionnels\?type=medecin_traitant&departement=01#tools$/);
	await expect(page.getByTestId('partner-link')).toHaveText(expectedUrl);
	await expect(
		page.getByRole('img', { name: `Code QR qui ouvre l'adresse ${expectedUrl}` })
	).toBeVisible();
	await expectNoA11yViolations(page);

	// The PNG download decodes to the very same URL: that is what the patient's phone opens.
	const pngHref = await page
		.getByRole('link', { name: 'Télécharger le code QR en PNG' })
		.getAttribute('href');
	const png = await page.request.get(pngHref!);
	expect(png.status()).toBe(200);
	expect(png.headers()['content-type']).toBe('image/png');
	expect(png.headers()['x-content-type-options']).toBe('nosniff');
	expect(png.headers()['cache-control']).toContain('max-age');
	const image = PNG.sync.read(await png.body());
	const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
	expect(decoded?.data).toBe(expectedUrl);

	// The A4 flyer: one printed page, header and footer hidden, the QR code inline.
	await page.getByRole('link', { name: "Affiche A4 pour la salle d'attente" }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'En arrêt de travail et inquiet pour votre emploi ?'
	);
	await expect(page.getByText(expectedUrl, { exact: true })).toBeVisible();
	await expect(page.getByRole('img', { name: /Code QR/ })).toBeVisible();
	await expectNoA11yViolations(page);
	expect(await pdfPages(page)).toBe(1);
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation')).toBeHidden();
	await expect(page.getByText('Cette page est prête à imprimer')).toBeHidden();
	await page.emulateMedia({ media: 'screen' });

	// The half-page note, "remis par votre médecin": one page, the note in its top half.
	await page.goto('/professionnels?type=medecin-traitant&departement=01');
	await page.getByRole('link', { name: /Note « remise par votre médecin »/ }).click();
	await expect(page.getByText('Remis par votre médecin')).toBeVisible();
	await expectNoA11yViolations(page);
	expect(await pdfPages(page)).toBe(1);
	await page.emulateMedia({ media: 'print' });
	const box = await page.getByTestId('note').boundingBox();
	expect(box!.height).toBeLessThanOrEqual(HALF_A4_PX);
	await page.emulateMedia({ media: 'screen' });

	// In English, the print pages follow the portal's language.
	const english = await browser.newContext({ baseURL, locale: 'en-GB' });
	const en = await english.newPage();
	await en.goto('/professionnels/flyer?type=medecin-traitant&departement=01');
	await expect(en.locator('html')).toHaveAttribute('lang', 'en');
	await expect(en.getByRole('heading', { level: 1 })).toHaveText(
		'On sick leave and worried about your job?'
	);
	await expectNoA11yViolations(en);
	expect(await pdfPages(en)).toBe(1);
	await en.goto('/professionnels/note?type=medecin-traitant');
	await expect(en.getByText('Given by your doctor')).toBeVisible();
	await expectNoA11yViolations(en);
	await english.close();

	// The patient, on their own phone, opens the decoded URL.
	const patientContext = await browser.newContext({ baseURL, locale: 'fr-FR' });
	const patient = await patientContext.newPage();
	await patient.goto(decoded!.data);
	await patient.getByRole('button', { name: 'Commencer le questionnaire' }).click();
	await expect(patient).toHaveURL(/\/questionnaire\/profil$/);
	// Source and département come pre-filled from the link.
	await expect(patient.getByLabel('Dans quel département habitez-vous ?')).toHaveValue('01');
	await expect(
		patient
			.getByRole('group', { name: 'Comment avez-vous connu ce portail ?' })
			.getByLabel(labels.sourceMedecin, { exact: true })
	).toBeChecked();
	await choose(patient, 'Quelle est votre situation professionnelle ?', labels.salarieCdi);
	await choose(patient, 'Pour quelle raison êtes-vous en arrêt de travail ?', labels.maladie);
	await choose(patient, /reconnaissance de la qualité de travailleur handicapé/, labels.rqthNon);
	await patient.getByRole('button', { name: 'Continuer' }).click();
	for (const [index, answer] of [
		'Entre 3 et 6 mois',
		'3',
		'Non',
		'Difficiles',
		'Un peu',
		'4'
	].entries()) {
		await expect(patient).toHaveURL(new RegExp(`/questionnaire/question/${index + 1}$`));
		await patient.getByRole('group').getByLabel(answer, { exact: true }).check();
		await patient
			.getByRole('button', { name: index === 5 ? 'Voir le récapitulatif' : 'Continuer' })
			.click();
	}
	await patient.getByRole('button', { name: 'Voir mon résultat' }).click();
	await expect(patient).toHaveURL(/\/questionnaire\/resultat$/);

	// Booking: the département is already chosen.
	await patient.goto('/rendez-vous');
	await expect(patient.getByLabel('Votre département')).toHaveValue('01');
	await patient
		.getByRole('group', { name: 'Comment voulez-vous faire le rendez-vous ?' })
		.getByLabel('En visio', { exact: true })
		.check();
	await patient.getByRole('button', { name: 'Voir les créneaux libres' }).click();
	await expect(patient).toHaveURL(/\/rendez-vous\/creneaux\?departement=01&mode=visio/);
	// The last free slot of all the days: the first day may have few left (other specs and a
	// retry book 01's video slots), and the builders take the first ones.
	await patient.getByRole('link', { name: 'Voir tous les créneaux à la suite' }).click();
	await expect(patient).toHaveURL(/[?&]jour=tous/);
	await patient.getByRole('radio').last().check();
	await patient.getByRole('button', { name: 'Continuer' }).click();
	await patient.getByLabel('Nom', { exact: true }).fill('Orientee');
	await patient.getByLabel('Prénom', { exact: true }).fill('Patiente');
	await patient.getByLabel('Numéro de téléphone').fill('06 11 22 33 44');
	await patient.getByLabel('Adresse e-mail').fill('patiente@example.org');
	await patient.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(patient).toHaveURL(/\/rendez-vous\/gerer\//);
	const reference = (await patient.locator('p.reference strong').textContent())?.trim() ?? '';
	expect(reference).toMatch(REFERENCE);
	await patientContext.close();

	// Stored with the source, and nothing that identifies the doctor.
	const [row] = await e2eDb()
		.select({
			source: schema.demandes.source,
			departement_code: schema.demandes.departementCode,
			orienteur: schema.demandes.orienteur
		})
		.from(schema.demandes)
		.where(eq(schema.demandes.reference, reference));
	expect(row).toEqual({ source: 'medecin_traitant', departement_code: '01', orienteur: null });

	// The demo agent of 01 sees it on the demande.
	const staffContext = await browser.newContext({ baseURL, locale: 'fr-FR' });
	const staff = await staffContext.newPage();
	await staffLogin(staff, AGENT_01);
	await staff.goto(`/espace-pro/demandes/${reference}`);
	await expect(staff.getByText(reference).first()).toBeVisible();
	await expect(staff.getByText('Médecin traitant', { exact: true })).toBeVisible();
	await staffContext.close();
});

test('QR images: validated query, right types, no sniffing; a bad link is a 400', async ({
	request
}) => {
	const svg = await request.get('/professionnels/qr.svg?type=medecin-travail&departement=974');
	expect(svg.status()).toBe(200);
	expect(svg.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
	expect(svg.headers()['x-content-type-options']).toBe('nosniff');
	expect(svg.headers()['content-security-policy']).toContain("default-src 'none'");
	const body = await svg.text();
	expect(body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
	expect(body).toContain('/questionnaire?source=medecin-travail&#38;departement=974</title>');
	for (const bad of [
		'type=moi-meme',
		'type=%3Cscript%3E',
		'departement=999',
		`type=${'x'.repeat(5000)}`
	]) {
		expect((await request.get(`/professionnels/qr.png?${bad}`)).status(), bad).toBe(400);
		expect((await request.get(`/professionnels/qr.svg?${bad}`)).status(), bad).toBe(400);
		expect((await request.get(`/professionnels/flyer?${bad}`)).status(), bad).toBe(400);
	}
});

for (const javaScriptEnabled of [true, false]) {
	test.describe(`orientation form, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('errors are announced; a complete form creates a callback demande with the source and the orienteur', async ({
			page,
			browser,
			baseURL
		}) => {
			test.slow();
			// Of this attempt: a retry finds the first attempt's demande (looked up by name).
			const nom = ownName(javaScriptEnabled ? 'Orientejs' : 'Orientesansjs');
			await page.goto('/professionnels');
			await page.getByRole('link', { name: 'Remplir la demande de contact' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				'Demander au service social de contacter une personne'
			);
			if (javaScriptEnabled) await page.waitForLoadState('networkidle');
			// The honeypot is neither visible nor in the accessibility tree.
			await expect(page.locator('#website')).toBeHidden();
			await expect(page.getByRole('textbox', { name: 'Ne pas remplir ce champ' })).toHaveCount(0);
			if (javaScriptEnabled) await expectNoA11yViolations(page);

			// Missing agreement and no way to reach the person.
			await page.getByLabel('Vous êtes').selectOption('medecin_travail');
			await page.getByLabel('Votre nom').fill('Dr Claire Martin');
			await page.getByLabel('Votre adresse e-mail professionnelle').fill('c.martin@spst.example');
			await page.getByLabel('Nom', { exact: true }).fill(nom);
			await page.getByLabel('Prénom', { exact: true }).fill('Jeanne');
			await page.getByLabel('Son département de résidence').selectOption('69');
			await page
				.getByLabel('Pourquoi cette orientation ? (en quelques mots)')
				.fill('Arrêt long, inquiète pour son poste.');
			await page.getByRole('button', { name: 'Envoyer la demande' }).click();
			const alert = page.getByRole('alert');
			await expect(alert).toContainText(
				"Cochez la case pour confirmer que la personne est d'accord."
			);
			if (javaScriptEnabled) await expect(alert).toBeFocused();
			await expect(page.getByLabel(/La personne est d'accord/)).toHaveAttribute(
				'aria-invalid',
				'true'
			);
			await page.getByLabel(/La personne est d'accord/).check();
			await page.getByRole('button', { name: 'Envoyer la demande' }).click();
			await expect(alert).toContainText('Indiquez au moins un moyen de joindre la personne');
			await expect(page.getByLabel(/La personne est d'accord/)).toBeChecked();
			await expect(page).toHaveTitle(/^Erreur :/);
			// Typed values are kept.
			await expect(page.getByLabel('Votre nom')).toHaveValue('Dr Claire Martin');
			await expect(page.getByLabel('Pourquoi cette orientation ? (en quelques mots)')).toHaveValue(
				'Arrêt long, inquiète pour son poste.'
			);
			await expect(page.getByLabel('Son numéro de téléphone')).toHaveAttribute(
				'aria-invalid',
				'true'
			);
			if (javaScriptEnabled) await expectNoA11yViolations(page);
			expect(await demandesNamed(nom)).toHaveLength(0);

			await page.getByLabel('Son numéro de téléphone').fill('06 12 34 56 78');
			await page.getByRole('button', { name: 'Envoyer la demande' }).click();
			await expect(page).toHaveURL(/\/professionnels\/orienter\/merci$/);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demande envoyée');
			if (javaScriptEnabled) await expectNoA11yViolations(page);

			const rows = await e2eDb()
				.select({
					kind: schema.demandes.kind,
					source: schema.demandes.source,
					departement_code: schema.demandes.departementCode,
					orienteur: schema.demandes.orienteur,
					telephone: schema.demandes.telephone,
					message: schema.demandes.message
				})
				.from(schema.demandes)
				.where(eq(schema.demandes.nom, nom));
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({
				kind: 'rappel',
				source: 'medecin_travail',
				departement_code: '69',
				telephone: '0612345678',
				message: 'Arrêt long, inquiète pour son poste.'
			});
			expect(rows[0]!.orienteur).toEqual({
				type: 'medecin_travail',
				nom: 'Dr Claire Martin',
				structure: '',
				email: 'c.martin@spst.example',
				telephone: null
			});
			const mails = await e2eDb()
				.select({ recipient: schema.outbox.recipient, text: schema.outbox.text })
				.from(schema.outbox)
				.innerJoin(schema.demandes, eq(schema.demandes.id, schema.outbox.demandeId))
				.where(eq(schema.demandes.nom, nom))
				.orderBy(schema.outbox.id);
			expect(mails.map((m) => m.recipient)).toEqual(['c.martin@spst.example']);
			expect(mails[0]!.text).not.toContain(nom);
			expect(mails[0]!.text).not.toContain('inquiète');

			if (javaScriptEnabled) {
				// The service social sees who oriented the person, next to the reason.
				const [demande] = await e2eDb()
					.select({ reference: schema.demandes.reference })
					.from(schema.demandes)
					.where(eq(schema.demandes.nom, nom));
				const staffContext = await browser.newContext({ baseURL, locale: 'fr-FR' });
				const staff = await staffContext.newPage();
				await staffLogin(staff, AGENT_01);
				await staff.goto(`/espace-pro/demandes/${demande!.reference}`);
				const orienteur = staff.getByRole('region', { name: 'Orientée par un professionnel' });
				await expect(orienteur).toContainText('Médecin du travail');
				await expect(orienteur).toContainText('Dr Claire Martin');
				await expect(orienteur.getByRole('link', { name: 'c.martin@spst.example' })).toBeVisible();
				await expectNoA11yViolations(staff);
				await staffContext.close();
			}
		});
	});
}

test('abuse: a filled honeypot looks like a success and stores nothing; oversized and tampered posts are refused', async ({
	page,
	baseURL
}) => {
	await page.goto('/professionnels/orienter');
	const token = await page.locator('input[name="token"]').inputValue();
	const fields = {
		type: 'employeur',
		proNom: 'Ressources Humaines',
		proStructure: '',
		proEmail: 'rh@entreprise.example',
		proTelephone: '',
		nom: 'Robotpiege',
		prenom: 'Bot',
		email: 'bot@example.org',
		telephone: '',
		departement: '974',
		motif: 'Test',
		accord: 'oui',
		token
	};
	const post = (form: Record<string, string>) =>
		page.request.post('/professionnels/orienter', {
			form,
			headers: { origin: baseURL!, accept: 'text/html' },
			maxRedirects: 0
		});

	const trapped = await post({ ...fields, website: 'http://spam.example' });
	expect(trapped.status()).toBe(303);
	expect(trapped.headers()['location']).toBe('/professionnels/orienter/merci');
	expect(await demandesNamed('Robotpiege')).toHaveLength(0);

	for (const bad of [
		{ ...fields, website: '', accord: 'non' },
		{ ...fields, website: '', motif: 'x'.repeat(20_000) },
		{ ...fields, website: '', nom: 'N'.repeat(50_000) },
		{ ...fields, website: '', departement: "974' OR 1=1 --" },
		{ ...fields, website: '', type: 'admin' },
		{ ...fields, website: '', token: 'forged' }
	]) {
		const response = await post(bad);
		expect(response.status()).toBe(400);
		const html = await response.text();
		// The form again, with its error summary (the page ships no JavaScript, ADR 046).
		expect(html).toMatch(/<title>\s*Erreur : Demander au service social/);
		expect(html).toContain('role="alert"');
		expect(html).not.toContain('x'.repeat(700));
	}
	expect(
		await e2eDb()
			.select({ id: schema.demandes.id })
			.from(schema.demandes)
			.where(like(schema.demandes.nom, 'Robotpiege%'))
	).toHaveLength(0);
});
