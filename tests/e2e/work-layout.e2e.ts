import { expect, test, type Page } from '@playwright/test';
import { bookDemande, ownName } from './builders';
import { completeQuestionnaire, staffLogin } from './helpers';
import { distinctContact } from './persons';
import { and, eq, isNull, like } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';

/*
 * ADR 039 — the back office for real caseloads: a demande whose shared result signals distress
 * is prioritaire (first in its département's list, « PRIORITAIRE » in the département's e-mail,
 * its own line in the statistics, due within 2 working days); the demande page's two panes
 * (actions beside the details on a wide screen, stacked with the actions first on a phone);
 * unassign; « annuler le rendez-vous et clôturer » in one step. agent.69 works 69 and 01; 01
 * is used here so that 69's parallel specs do not change the order checked.
 */

const AGENT = 'agent.69@demo.portail-pdp.invalid';

/** A salarié's answers with « je me sens à bout » (distress). */
const DISTRESS_ANSWERS = [
	'Entre 3 et 6 mois',
	'5',
	'Oui',
	'Correctes',
	"C'est très dur, je me sens à bout",
	'5'
];

const done = (page: Page) => page.locator('.alert-success[role="status"]');
const fact = (page: Page, term: string) =>
	page.locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd');

for (const javaScriptEnabled of [true, false]) {
	test.describe(`work layout, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
		test.use({ javaScriptEnabled });

		test('an ordinary callback with a shared distress result is prioritaire: list, e-mail, statistics, due date', async ({
			page
		}) => {
			test.setTimeout(120_000);
			const nom = javaScriptEnabled ? 'Aboutjs' : 'Aboutsansjs';
			await completeQuestionnaire(page, '01', DISTRESS_ANSWERS);
			// The ordinary callback form, not the rapid callback: distress alone makes it prioritaire.
			await page.goto('/rendez-vous/rappel?departement=01');
			await page.getByLabel('Nom', { exact: true }).fill(nom);
			await page.getByLabel('Prénom').fill('Test');
			await page.getByLabel('Numéro de téléphone').fill(distinctContact().telephone);
			await page.getByLabel("Oui, l'envoyer au service social").check();
			await page.getByRole('button', { name: 'Envoyer ma demande de rappel' }).click();
			await expect(page).toHaveURL(/\/rendez-vous\/gerer\/.+confirmation=1/);
			const reference = (await page.locator('.reference strong').textContent())!.trim();

			const [row] = await e2eDb()
				.select({
					priority: schema.demandes.priority,
					createdAt: schema.demandes.createdAt,
					dueAt: schema.demandes.dueAt
				})
				.from(schema.demandes)
				.where(eq(schema.demandes.reference, reference));
			expect(row!.priority).toBe('detresse');
			// The end of the 2nd working day: between 2 and 6 days later (weekends, holidays).
			const due = row!.dueAt.getTime() - row!.createdAt.getTime();
			expect(due).toBeGreaterThan(86_400_000);
			expect(due).toBeLessThan(7 * 86_400_000);
			const [notice] = await e2eDb()
				.select({ subject: schema.outbox.subject, text: schema.outbox.text })
				.from(schema.outbox)
				.where(and(like(schema.outbox.subject, `%${reference}%`), isNull(schema.outbox.demandeId)));
			expect(notice!.subject).toContain('PRIORITAIRE');
			for (const word of ['bout', 'détresse', 'Détresse', nom])
				expect(`${notice!.subject}\n${notice!.text}`).not.toContain(word);

			await staffLogin(page, AGENT, { retour: '/espace-pro?departement=01' });
			const rows = page.getByRole('row');
			const ours = rows.filter({ hasText: reference });
			await expect(ours.getByText('Prioritaire', { exact: true })).toBeVisible();
			// Every row above ours is prioritaire too: open prioritaire demandes come first.
			const texts = await rows.allTextContents();
			const index = texts.findIndex((text) => text.includes(reference));
			expect(index).toBeGreaterThan(0);
			for (const text of texts.slice(1, index)) expect(text).toContain('Prioritaire');

			await page.goto('/espace-pro/statistiques?departement=01');
			const priority = page.getByRole('region', { name: /Demandes prioritaires par mois/ });
			const total = priority.getByRole('row').last();
			await expect(total.getByRole('rowheader')).toHaveText('Total');
			expect(Number((await total.getByRole('cell').nth(2).textContent())!.trim())).toBeGreaterThan(
				0
			);
		});

		test('unassign, then « annuler le rendez-vous et clôturer »: one step, one e-mail', async ({
			page
		}) => {
			// Of this attempt: a retry finds the first attempt's mail to this address.
			const nom = ownName(javaScriptEnabled ? 'Desassignejs' : 'Desassignesansjs');
			const email = `${nom.toLowerCase()}@example.org`;
			const demande = await bookDemande({
				departement: '01',
				mode: 'telephone',
				slot: javaScriptEnabled ? 20 : 22,
				nom,
				email
			});
			await staffLogin(page, AGENT, { retour: `/espace-pro/demandes/${demande.reference}` });
			await page.getByRole('button', { name: 'Je prends en charge cette demande' }).click();
			await expect(done(page)).toHaveText('Vous avez pris la demande en charge.');
			await page.getByRole('button', { name: 'Retirer la prise en charge' }).click();
			await expect(done(page)).toHaveText("Plus personne n'a la demande en charge.");
			await expect(fact(page, 'Prise en charge par')).toHaveText("Personne pour l'instant");
			await expect(page.getByRole('region', { name: 'Historique' })).toContainText(
				'Retrait de la prise en charge'
			);
			// The history's times carry their zone.
			await expect(page.getByRole('region', { name: 'Historique' })).toContainText(/UTC[+−-]\d/);

			// A rendez-vous to come: the close form is « annuler et clôturer », with the message.
			await expect(page.getByRole('button', { name: 'Clôturer la demande' })).toHaveCount(0);
			const submit = page.getByRole('button', { name: 'Annuler le rendez-vous et clôturer' });
			await submit.click();
			await expect(page.getByRole('alert')).toContainText("Choisissez l'issue de la demande.");
			await expect(page.getByRole('alert')).toContainText('Écrivez le message pour la personne.');
			await page.getByLabel('Issue (obligatoire)').selectOption({ label: 'Sans suite' });
			await page
				.locator('#close-message')
				.fill('Vous avez retrouvé un poste : nous clôturons votre demande.');
			await submit.click();
			await expect(done(page)).toHaveText(
				'Le rendez-vous est annulé et la demande clôturée. La personne est prévenue par e-mail.'
			);
			await expect(fact(page, 'Statut')).toHaveText('Clôturée');
			await expect(page.getByText('Ce rendez-vous a été annulé.')).toBeVisible();
			const mails = await e2eDb()
				.select({ subject: schema.outbox.subject, text: schema.outbox.text })
				.from(schema.outbox)
				.where(eq(schema.outbox.recipient, email));
			expect(mails).toHaveLength(1);
			expect(mails[0]!.subject).toContain('votre demande close');
			expect(mails[0]!.text).toContain('Votre demande est close');
			expect(mails[0]!.text).not.toContain('reste ouverte');
		});
	});
}

test.describe('work layout on a wide and a narrow screen', () => {
	test('1280 px: actions beside the details, distress notice above the fold; 375 px: actions first', async ({
		page
	}) => {
		const demande = await bookDemande({
			departement: '01',
			mode: 'telephone',
			slot: 24,
			nom: 'Deuxvolets',
			shared: true,
			distress: true
		});
		await page.setViewportSize({ width: 1280, height: 720 });
		await staffLogin(page, AGENT, { retour: `/espace-pro/demandes/${demande.reference}` });
		const actions = page.getByRole('region', { name: 'Traiter la demande' });
		const details = page.getByRole('region', { name: 'Détails de la demande' });
		const notice = page.getByText('Une réponse suggère une détresse');
		const wide = {
			actions: (await actions.boundingBox())!,
			details: (await details.boundingBox())!,
			notice: (await notice.boundingBox())!
		};
		expect(wide.actions.x + wide.actions.width).toBeLessThanOrEqual(wide.details.x);
		expect(Math.abs(wide.actions.y - wide.details.y)).toBeLessThan(5);
		expect(wide.notice.y + wide.notice.height).toBeLessThan(720);
		await expect(page.getByText('Prioritaire', { exact: true })).toBeInViewport();
		// The skip link leads to the actions.
		await page.getByRole('link', { name: 'Aller aux actions' }).click();
		await expect(actions).toBeFocused();

		await page.setViewportSize({ width: 375, height: 740 });
		const narrow = {
			actions: (await actions.boundingBox())!,
			details: (await details.boundingBox())!,
			notice: (await notice.boundingBox())!
		};
		expect(narrow.actions.y + narrow.actions.height).toBeLessThanOrEqual(narrow.details.y);
		expect(narrow.notice.y).toBeLessThan(narrow.actions.y);
		expect(narrow.actions.width).toBeGreaterThan(300);
		// Nothing wider than the screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			375
		);
	});
});
