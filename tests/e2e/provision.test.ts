import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, open, settled, signIn, unique } from './support';

const PUPILS_HEADER =
	'Reference,Year group,SEN status,Primary need,Secondary need,Date added,Date removed';

/** Uploads a pupils file on the import page and waits for its preview. */
async function uploadPupils(page: Page, name: string, rows: string[]) {
	await open(page, '/provision/import?kind=pupils');
	await page.getByRole('radio', { name: 'Pupils' }).check();
	await page.locator('input[type="file"]').setInputFiles({
		name,
		mimeType: 'text/csv',
		buffer: Buffer.from([PUPILS_HEADER, ...rows].join('\r\n') + '\r\n')
	});
	await page.getByRole('button', { name: 'Upload and check' }).click();
	await page.waitForURL(/\/provision\/import\/[0-9a-f-]{36}$/);
	await settled(page);
}

test('a SENCO imports pupils, fixes a bad row, adds a pupil and provision by hand and sees the map', async ({
	page
}) => {
	test.slow();
	const prefix = unique('E2E');
	const rows = (need: string) => [
		`${prefix}-1,3,K,SEMH,,01/09/2025,`,
		`${prefix}-2,4,E,ASD,SLCN,2025-09-01,`,
		`${prefix}-3,5,K,${need},,2025-09-01,`
	];
	await signIn(page, 'senco@kent.test');
	await open(page, '/provision');
	await expectAccessible(page);

	// One bad row: the preview names its line and the value, and nothing can be imported.
	await uploadPupils(page, 'register.csv', rows('XYZ'));
	const main = page.getByRole('main');
	const bad = main
		.getByRole('table', { name: 'Rows that cannot be imported' })
		.getByRole('row')
		.filter({ hasText: 'XYZ' });
	await expect(bad).toHaveText(
		new RegExp(`^\\s*4\\s*${prefix}-3\\s*Primary need "XYZ" is not a census code`)
	);
	await expect(page.getByRole('button', { name: /^Import / })).toHaveCount(0);
	await expectAccessible(page);

	// The corrected file imports all three.
	await main.getByRole('link', { name: 'Upload a corrected file' }).click();
	await page.waitForURL(/\/provision\/import\?kind=pupils/);
	await uploadPupils(page, 'register-fixed.csv', rows('MLD'));
	await expect(main).toContainText('This will add 3 pupils');
	await page.getByRole('button', { name: 'Import 3 pupils' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import complete');
	await expectAccessible(page);
	await open(page, `/provision/pupils?q=${prefix}`);
	await expect(main.getByRole('link', { name: `${prefix}-2` })).toBeVisible();

	// A pupil added by hand.
	await open(page, '/provision/pupils/new');
	await expectAccessible(page);
	await page.getByLabel('Reference').fill(`${prefix}-4`);
	await page.getByLabel('Year group or age band').selectOption('2');
	await page.getByLabel('SEN status').selectOption('K');
	await page.getByLabel('Primary need').selectOption('SLCN');
	await page.getByRole('button', { name: 'Add pupil' }).click();
	await page.waitForURL(/\/provision\/pupils\/[0-9a-f-]{36}/);
	await settled(page);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(`${prefix}-4`);
	await expectAccessible(page);

	// And a place on an intervention for them, with its cost worked out.
	await main.getByRole('link', { name: 'Add provision' }).click();
	await page.waitForURL(/\/provision\/records\/new\?pupil=/);
	await settled(page);
	await expect(page.getByLabel('Pupil')).toHaveValue(/[0-9a-f-]{36}/);
	await page.getByLabel('Intervention').selectOption({ label: 'Talk Boost language group' });
	await page.getByLabel('For a term (optional)').selectOption({ index: 1 });
	await page.getByLabel('Weeks delivered (optional)').fill('10');
	await page.getByRole('button', { name: 'Add the record' }).click();
	await page.waitForURL(/\/provision\/records\/[0-9a-f-]{36}/);
	await settled(page);
	// 3 sessions × 30 minutes × 10 weeks = 15 hours at £18.50, shared by a group of 4.
	await expect(main).toContainText('£69.38');
	await expectAccessible(page);

	// The provision map draws its charts beside their tables.
	await open(page, '/provision');
	await expect(main.getByRole('img').first()).toBeVisible();
	await expect(main.getByRole('table').first()).toBeVisible();
	await expectAccessible(page);
});

test('a board member sees district aggregates with small numbers hidden, and no pupil page', async ({
	page
}) => {
	await signIn(page, 'board@kent.test');
	await open(page, '/board/provision');
	const main = page.getByRole('main');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Provision in your area');
	const register = main.getByRole('table', { name: /Pupils on the SEN register/ });
	await expect(register.getByRole('rowheader')).toHaveText([
		'Ashford',
		'Dover',
		'Folkestone & Hythe',
		'All settings'
	]);
	// Small counts show as <5 (read out as "fewer than 5"); no pupil reference appears anywhere.
	await expect(main.getByText('fewer than 5').first()).toBeAttached();
	await expect(main).toContainText('<5');
	await expect(main).not.toContainText(/OAK-\d{3}/);
	await expectAccessible(page);

	await page.getByLabel('Group settings by').selectOption('community');
	await page.getByRole('button', { name: 'Show' }).click();
	await page.waitForURL(/by=community/);
	await settled(page);
	await expect(register.getByRole('rowheader').first()).not.toHaveText('Ashford');
	await expectAccessible(page);

	// Pupil-level pages are the setting's alone.
	for (const path of [
		'/provision',
		'/provision/pupils',
		'/provision/pupils/00000000-0000-4000-8000-000000000000',
		'/provision/export.csv'
	]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
	}
});
