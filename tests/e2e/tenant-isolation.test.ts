import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './support';

/** The paths of the first few links on a list page whose href starts with the prefix. */
async function detailPaths(page: Page, listPath: string, prefix: RegExp): Promise<string[]> {
	await page.goto(listPath);
	await expectAccessible(page);
	const hrefs = await page
		.locator('main a[href]')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	return [...new Set(hrefs.filter((h) => prefix.test(h)))].slice(0, 3);
}

test('a Kent admin asking for Northbury pages by URL gets 404, and the reverse', async ({
	browser
}) => {
	// Three lists, each opened by both LAs, and every detail page tried both ways.
	test.setTimeout(90_000);
	const northbury = await browser.newContext();
	const kent = await browser.newContext();
	const northburyPage = await northbury.newPage();
	const kentPage = await kent.newPage();
	await signIn(northburyPage, 'la.admin@northbury.test');
	await signIn(kentPage, 'la.admin@kent.test');

	const lists: [string, RegExp][] = [
		['/la/users', /^\/la\/users\/[0-9a-f-]{36}$/],
		['/la/settings', /^\/la\/settings\/[0-9a-f-]{36}$/],
		['/la/boards', /^\/la\/boards\/[0-9a-f-]{36}$/]
	];
	for (const [list, pattern] of lists) {
		const theirs = await detailPaths(northburyPage, list, pattern);
		const ours = await detailPaths(kentPage, list, pattern);
		expect(theirs.length, `Northbury links on ${list}`).toBeGreaterThan(0);
		expect(ours.length, `Kent links on ${list}`).toBeGreaterThan(0);
		for (const path of theirs) {
			const response = await kentPage.goto(path);
			expect(response?.status(), `Kent opening ${path}`).toBe(404);
			await expect(
				kentPage.getByRole('heading', { level: 1, name: 'Page not found' })
			).toBeVisible();
		}
		for (const path of ours) {
			const response = await northburyPage.goto(path);
			expect(response?.status(), `Northbury opening ${path}`).toBe(404);
			// The owner still sees it.
			expect((await kentPage.goto(path))?.status()).toBe(200);
		}
		await expectAccessible(kentPage);
	}
	await expectAccessible(northburyPage);
	await northbury.close();
	await kent.close();
});

test('a SENCO cannot open the LA admin pages', async ({ page }) => {
	await signIn(page, 'senco@kent.test');
	for (const path of ['/la/users', '/la/settings', '/la/audit', '/platform']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
	}
	await expectAccessible(page);
});
