import { expect, test } from '@playwright/test';

/**
 * RDV-Solidarités' known weakness is double booking under concurrency. Here 50 people post the
 * same slot at the same moment: exactly one booking, 49 clear refusals, never a 500.
 */
test('50 simultaneous bookings of the same slot give one rendez-vous and 49 refusals', async ({
	page,
	playwright,
	baseURL
}) => {
	test.slow();
	await page.goto('/rendez-vous/creneaux?departement=13&mode=visio&jour=tous');
	const slot = await page.locator('input[name="slot"]').nth(5).getAttribute('value');
	expect(slot).toMatch(/^\d+\|\d{4}-\d\d-\d\dT/);
	const query = new URLSearchParams({ departement: '13', mode: 'visio', slot: slot! });
	await page.goto(`/rendez-vous/coordonnees?${query}`);
	const action = `/rendez-vous/coordonnees?${query}&/book`;

	// Each person has their own form (own manage token), as 50 browsers would.
	const tokens = await Promise.all(
		Array.from({ length: 50 }, async () => {
			const html = await (await page.request.get(`/rendez-vous/coordonnees?${query}`)).text();
			return html
				.match(/name="token"[^>]*value="([a-z2-7]{32})"|value="([a-z2-7]{32})"[^>]*name="token"/)!
				.slice(1)
				.find(Boolean)!;
		})
	);
	expect(new Set(tokens).size).toBe(50);

	const client = await playwright.request.newContext({ baseURL });
	const responses = await Promise.all(
		tokens.map((token, i) =>
			client.post(action, {
				form: {
					departement: '13',
					nom: 'Concurrent',
					prenom: `Personne ${String.fromCharCode(65 + (i % 26))}`,
					email: `personne${i}@example.org`,
					telephone: '',
					nir: '',
					message: '',
					shareResult: 'non',
					website: '',
					mode: 'visio',
					slot: slot!,
					token
				},
				headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
				maxRedirects: 0
			})
		)
	);
	const statuses = responses.map((r) => r.status());
	expect(statuses.filter((s) => s === 303)).toHaveLength(1);
	expect(statuses.filter((s) => s === 409)).toHaveLength(49);
	expect(statuses.some((s) => s >= 500)).toBe(false);
	const refusal = await responses[statuses.indexOf(409)]!.text();
	expect(refusal).toContain('vient d');

	// The winner's manage page shows the rendez-vous; the slot is no longer offered.
	const winner = responses[statuses.indexOf(303)]!.headers()['location']!;
	await page.goto(winner);
	await expect(page.getByRole('status')).toContainText(/confirmé/i);
	await page.goto('/rendez-vous/creneaux?departement=13&mode=visio&jour=tous');
	await expect(page.locator(`input[name="slot"][value="${slot}"]`)).toHaveCount(0);
	await client.dispose();
});
