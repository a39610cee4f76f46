import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { DEMO_PASSWORD, expectAccessible, open, settled, signIn } from './support';

/** A small, real PDF: enough for the content check that evidence files go through. */
const PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
		'2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
);

/** Opens the setting's self-evaluation for a cycle from the list, as a person would. */
async function openEvaluation(page: Page, cycle: string) {
	await open(page, '/self-evaluation');
	await page.getByRole('link', { name: cycle, exact: true }).click();
	await page.waitForURL(/\/self-evaluation\/[^/]+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${cycle} self-evaluation`);
}

/** Chooses a rating and writes the evidence on the criterion page in view. */
async function judge(page: Page, level: string, narrative: string) {
	await page.getByRole('radio', { name: level, exact: true }).check();
	await page.getByLabel('Evidence: what shows this is in place').fill(narrative);
}

test('a SENCO completes a section with autosave and a file; the head returns it, then signs it off and shares the summary', async ({
	browser,
	page
}) => {
	test.slow();
	await signIn(page, 'senco@kent.test');
	await openEvaluation(page, '2026/27');
	await expectAccessible(page);
	await page.getByRole('link', { name: /MCS-12 Additional support: sensory/ }).click();
	await settled(page);
	await expectAccessible(page);
	await page.getByRole('link', { name: /MCS-12\.1/ }).click();
	await settled(page);

	// The first criterion saves itself as it is typed.
	await judge(page, 'Established', 'Audiology advice is in every plan; radio aids checked weekly.');
	await expect(page.getByRole('status').filter({ hasText: /^Saved at/ })).toBeVisible({
		timeout: 15_000
	});
	await expectAccessible(page);
	await page.reload();
	await expect(page.getByLabel('Evidence: what shows this is in place')).toHaveValue(
		'Audiology advice is in every plan; radio aids checked weekly.'
	);
	await expect(page.getByRole('radio', { name: 'Established', exact: true })).toBeChecked();

	// A file as evidence, checked by its content.
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await settled(page);
	await expectAccessible(page);
	await page
		.getByLabel('File', { exact: true })
		.setInputFiles({ name: 'hearing-audit.pdf', mimeType: 'application/pdf', buffer: PDF });
	await page.getByRole('button', { name: 'Upload file', exact: true }).click();
	await expect(page.getByText('Evidence added.')).toBeVisible();
	await expect(page.getByRole('link', { name: /hearing-audit/ })).toBeVisible();

	// The rest of the section, each saved with the button that moves on.
	const saveAndMove = page.getByRole('button', { name: /^Save and (go to next|return)/ });
	await settled(page);
	await saveAndMove.click();
	for (let i = 2; i <= 6; i++) {
		await expect(page.getByRole('heading', { level: 1 })).toContainText(`MCS-12.${i}`);
		await judge(page, i % 2 ? 'Embedded' : 'Emerging', `Seen in practice for MCS-12.${i}.`);
		await saveAndMove.click();
	}
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026/27 self-evaluation');
	await openEvaluation(page, '2026/27');
	await expect(page.getByText('72 of 72 criteria complete').first()).toBeVisible();
	await page.getByRole('link', { name: 'Submit for sign-off' }).click();
	await settled(page);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Submit for sign-off' }).click();
	await expect(page.getByRole('status')).toContainText(/submitted/i);

	// The head sends it back with a comment.
	const headContext = await browser.newContext();
	const head = await headContext.newPage();
	await signIn(head, 'head@kent.test');
	await openEvaluation(head, '2026/27');
	await head.getByRole('link', { name: 'Sign off or return' }).click();
	await settled(head);
	await expectAccessible(head);
	await head.getByLabel('What needs to change').fill('Say how the hearing audit is followed up.');
	await head.getByRole('button', { name: 'Return to the SENCO' }).click();
	await expect(head.getByRole('status')).toContainText(/returned/i);

	// The SENCO sees why, and submits again.
	await openEvaluation(page, '2026/27');
	await expect(page.getByText('Say how the hearing audit is followed up.').first()).toBeVisible();
	await page.getByRole('link', { name: 'Submit for sign-off' }).click();
	await settled(page);
	await page.getByRole('button', { name: 'Submit for sign-off' }).click();
	await expect(page.getByRole('status')).toContainText(/submitted/i);

	// The head signs it off, which locks it, and shares the summary with the area board.
	await openEvaluation(head, '2026/27');
	await head.getByRole('link', { name: 'Sign off or return' }).click();
	await settled(head);
	await head.getByRole('button', { name: 'Sign off', exact: true }).click();
	await expect(head.getByRole('status')).toContainText('Signed off');
	await head.getByRole('link', { name: 'Choose what the area board sees' }).click();
	await settled(head);
	await expectAccessible(head);
	await head.getByLabel('The summary ratings').check();
	await head.getByRole('button', { name: 'Save' }).click();
	await expect(head.getByRole('status')).toContainText(/area board/i);
	await headContext.close();

	// The SENCO can no longer change anything.
	await page.reload();
	await page.getByRole('link', { name: /MCS-12 Additional support: sensory/ }).click();
	await page.getByRole('link', { name: /MCS-12\.1/ }).click();
	await expect(page.getByText('Signed off: locked')).toBeVisible();
	await expect(page.getByRole('radio')).toHaveCount(0);
});

test('the summary shows each section as a chart with a table beside it, and last year', async ({
	page
}) => {
	await signIn(page, 'staff@kent.test');
	await openEvaluation(page, '2026/27');
	await page.getByRole('link', { name: 'See the summary level of each section' }).click();
	await settled(page);
	await expect(page.locator('canvas')).toBeVisible();
	const table = page.getByRole('table').first();
	await expect(table.getByRole('row')).toHaveCount(13);
	await expect(table).toContainText('2025/26');
	await expectAccessible(page);
});

test('a second browser changing the same criterion is shown both versions', async ({
	browser,
	page
}) => {
	await signIn(page, 'reviewer@kent.test');
	await open(page, '/self-evaluation');
	await page.getByRole('button', { name: /Start the 2026\/27 self-evaluation/ }).click();
	await settled(page);
	await page.getByRole('link', { name: /MCS-1 / }).click();
	await page.getByRole('link', { name: /MCS-1\.1/ }).click();
	await page.waitForURL(/\/criteria\//);
	const criterionUrl = page.url();

	const tabletContext = await browser.newContext();
	const tablet = await tabletContext.newPage();
	await signIn(tablet, 'reviewer@kent.test');
	await open(tablet, new URL(criterionUrl).pathname);

	await judge(page, 'Emerging', 'Written on the laptop.');
	await expect(page.getByRole('status').filter({ hasText: /^Saved at/ })).toBeVisible({
		timeout: 15_000
	});
	await judge(tablet, 'Embedded', 'Written on the tablet.');
	await expect(
		tablet.getByRole('heading', { name: /saved this criterion while you were working on it/ })
	).toBeVisible({ timeout: 15_000 });
	await expect(tablet.getByText('Written on the laptop.').first()).toBeVisible();
	await expectAccessible(tablet);
	await tabletContext.close();
});

test('the whole self-evaluation downloads as a PDF with every criterion in it', async ({
	page
}) => {
	await signIn(page, 'senco@kent.test');
	await openEvaluation(page, '2025/26');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download the self-evaluation (PDF)' }).click()
	]);
	const bytes = await readFile(await download.path());
	expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
		mergePages: true
	});
	const flat = text.replace(/\s+/g, ' ');
	expect(flat).toContain('Oakfield Primary School');
	expect(flat).toContain('MCS-12.6');
	expect(flat).toContain('Sensory processing and motor coordination needs are identified');
});

test('another tenant asking for a self-evaluation, its criterion or its PDF by URL gets 404', async ({
	browser,
	page
}) => {
	await signIn(page, 'senco@kent.test');
	await openEvaluation(page, '2025/26');
	const evaluation = new URL(page.url()).pathname;
	await page.getByRole('link', { name: /MCS-1 / }).click();
	await page.getByRole('link', { name: /MCS-1\.1/ }).click();
	await page.waitForURL(/\/criteria\//);
	const criterion = new URL(page.url()).pathname;

	const northburyContext = await browser.newContext();
	const northbury = await northburyContext.newPage();
	await signIn(northbury, 'senco@northbury.test');
	for (const path of [evaluation, criterion, `${evaluation}/summary`, `${evaluation}/export.pdf`]) {
		const response = await northbury.request.get(path);
		expect(response.status(), path).toBe(404);
	}
	await northbury.goto(evaluation);
	await expect(northbury.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
	await northburyContext.close();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a SENCO starts a self-evaluation and saves a rating with the Save button', async ({
		page
	}) => {
		await page.goto('/sign-in');
		await page.getByLabel('Email').fill('eysenco@kent.test');
		await page.getByLabel('Password').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.goto('/self-evaluation');
		await page.getByRole('button', { name: /Start the 2026\/27 self-evaluation/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('2026/27 self-evaluation');
		await page.getByRole('link', { name: /EY-U1 / }).click();
		await page.getByRole('link', { name: /EY-U1\.1/ }).click();
		await judge(page, 'Emerging', 'Key persons note new words each week.');
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page.getByText('Your judgement has been saved.')).toBeVisible();
		// (axe needs script in the page, so the criterion page is checked in the journeys above.)
		await expect(page.getByRole('radio', { name: 'Emerging', exact: true })).toBeChecked();
	});
});
