import { expect, test } from '@playwright/test';
import { staffLogin } from './helpers';
import { and, eq, isNotNull } from 'drizzle-orm';
import * as schema from '../../src/lib/server/db/schema';
import { e2eDb } from './db';
import { RESPONSABLE_974, followedRegistration, publishedEvenement } from './evenement-builders';

/*
 * A registration's 6-month follow-up obtained by phone (ADR 045 addendum), without JavaScript,
 * against the production build: the attendance list offers the record only where the person
 * agreed and has not answered; the form's errors; the record with a callback asked; the
 * confirmation on the attendance list; the person's one-time link then spent; another
 * département's staff get a 404.
 */

const AGENT_69 = 'agent.69@demo.portail-pdp.invalid';
const LINK = 'Saisir le suivi obtenu par téléphone';

test.describe('a registration’s follow-up recorded by phone', () => {
	test.use({ javaScriptEnabled: false });

	test('staff record it from the attendance list; the link then works no more', async ({
		page
	}) => {
		const id = await publishedEvenement({ titleFr: 'Réunion suivie par téléphone' });
		const agreed = await followedRegistration(id, 'Suivitelephone');
		await followedRegistration(id, 'Suivisansaccord', false);

		// The person's link works before the call.
		const before = await page.goto(`/suivi/${agreed.token}`);
		expect(before?.status()).toBe(200);

		await staffLogin(page, RESPONSABLE_974, { retour: `/espace-pro/evenements/${id}/presences` });
		await expect(page.getByRole('link', { name: new RegExp(LINK) })).toHaveCount(1);
		await page.getByRole('link', { name: `${LINK} pour Suivitelephone` }).click();
		await expect(page).toHaveURL(new RegExp(`/espace-pro/evenements/${id}/suivi/${agreed.id}$`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Suivi obtenu par téléphone');
		await expect(page.getByText(/Suivitelephone, inscrit\(e\) à « Réunion suivie/)).toBeVisible();

		// Nothing chosen: the errors, nothing stored.
		await page.getByRole('button', { name: 'Enregistrer le suivi' }).click();
		await expect(page.getByRole('alert')).toContainText('Dites si vous êtes toujours');
		await expect(page.getByRole('alert')).toContainText("Dites si vous travaillez aujourd'hui.");
		const answered = async () =>
			(
				await e2eDb()
					.select({
						channel: schema.suivis.channel,
						recordedBy: schema.suivis.recordedBy,
						version: schema.suivis.version,
						emploi: schema.suivis.emploi,
						wantsCallback: schema.suivis.wantsCallback,
						callback: schema.suivis.callbackDemandeId
					})
					.from(schema.suivis)
					.where(
						and(eq(schema.suivis.inscriptionId, agreed.id), isNotNull(schema.suivis.answeredAt))
					)
			)[0];
		expect(await answered()).toBeUndefined();

		await page.getByLabel('Non, mon arrêt de travail est terminé').check();
		await page.getByLabel('Oui, chez un autre employeur').check();
		await page.getByLabel('Oui, je souhaite être rappelé(e)').check();
		await page.getByRole('button', { name: 'Enregistrer le suivi' }).click();
		await expect(page).toHaveURL(
			new RegExp(`/espace-pro/evenements/${id}/presences\\?fait=suivi$`)
		);
		await expect(page.getByRole('status')).toContainText(
			'Le suivi obtenu par téléphone est enregistré.'
		);
		await expect(page.getByRole('link', { name: new RegExp(LINK) })).toHaveCount(0);
		const row = await answered();
		expect(row).toMatchObject({
			channel: 'telephone',
			version: 'suivi-2026-1',
			emploi: 'autre_employeur',
			wantsCallback: true
		});
		expect(row!.recordedBy).not.toBeNull();
		expect(row!.callback).not.toBeNull();

		// The record page now says it is done; another département's staff get a 404.
		await page.goto(`/espace-pro/evenements/${id}/suivi/${agreed.id}`);
		await expect(page.getByRole('alert')).toContainText(
			'Un suivi est déjà enregistré pour cette inscription.'
		);
		await expect(page.getByRole('button', { name: 'Enregistrer le suivi' })).toHaveCount(0);
		await staffLogin(page, AGENT_69, { retour: '/espace-pro' });
		const elsewhere = await page.goto(`/espace-pro/evenements/${id}/suivi/${agreed.id}`);
		expect(elsewhere?.status()).toBe(404);

		// The person's one-time link is spent.
		await page.context().clearCookies();
		const after = await page.goto(`/suivi/${agreed.token}`);
		expect(after?.status()).toBe(410);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ce lien ne fonctionne plus');
	});
});
