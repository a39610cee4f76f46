import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { expectAccessible, open, settled, signIn, unique } from './support';

// In the demo, Dover's 2025/26 self-evaluations: Langdon Ridge Academy shares everything,
// Castle Hill Infant School its summary; Cliffside, Harbour View, Buckland Brook, Deal Shore
// and Sandwich Haven share nothing and must never be named to the board.
const SHARES_EVERYTHING = 'Langdon Ridge Academy';
const PRIVATE = [
	'Cliffside Primary School',
	'Harbour View Academy',
	'Buckland Brook Primary School',
	'Deal Shore Primary School',
	'Sandwich Haven Primary School'
];

/** Follows a download link and returns the file's bytes. */
async function download(page: Page, name: string | RegExp) {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name }).click()
	]);
	return readFile(await file.path());
}

function expectNoPrivateName(text: string, where: string) {
	for (const name of PRIVATE) expect(text, `${name} in ${where}`).not.toContain(name);
}

test('a board member scrutinises Dover: filters, opens a shared setting, records a note and an action, takes the PDF and a CSV, and never sees a private setting named', async ({
	page
}) => {
	await signIn(page, 'board@kent.test');
	const main = page.getByRole('main');

	// The district view, filtered to Dover in the closed cycle.
	await open(page, '/board');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('District view');
	await expectAccessible(page);
	const filters = page.getByRole('search', { name: 'Choose what to show' });
	await filters.getByLabel('Cycle').selectOption({ label: '2025/26' });
	await filters.getByLabel('District', { exact: true }).selectOption({ label: 'Dover' });
	await filters.getByRole('button', { name: 'Show' }).click();
	await page.waitForURL(/district=/);
	await settled(page);
	const coverage = main.getByRole('table', { name: /^Coverage/ });
	await expect(coverage.getByRole('rowheader').first()).toHaveText(
		'Dover and Deal Community of Schools'
	);
	await expect(coverage.getByRole('rowheader').last()).toHaveText('All settings');
	await expect(main.getByRole('heading', { name: 'Standards picture' })).toBeVisible();
	await expect(main.getByRole('img').first()).toBeVisible();
	expectNoPrivateName(await main.innerText(), 'the district view');
	await expectAccessible(page);

	// The CSVs say what the page says, and name nobody who does not share.
	const coverageCsv = (await download(page, 'Download coverage (CSV)')).toString('utf8');
	expect(coverageCsv).toContain('South Kent Area Board, 2025/26: Dover');
	expect(coverageCsv).toContain('Dover and Deal Community of Schools');
	expectNoPrivateName(coverageCsv, 'the coverage CSV');
	const namedCsv = (await download(page, 'Download the named results (CSV)')).toString('utf8');
	expect(namedCsv).toContain(SHARES_EVERYTHING);
	expectNoPrivateName(namedCsv, 'the named results CSV');

	// A setting that shares everything: its page shows its narratives.
	await main
		.getByRole('link', { name: new RegExp(`^${SHARES_EVERYTHING}`) })
		.first()
		.click();
	await page.waitForURL(/\/board\/settings\//);
	await settled(page);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(SHARES_EVERYTHING);
	await expectAccessible(page);

	// Scrutiny for Dover in 2025/26: a note and an action.
	await open(page, '/board/scrutiny');
	const choose = main.getByRole('form', { name: 'Choose what to show' });
	await choose.getByLabel('Cycle').selectOption({ label: '2025/26 (closed)' });
	await choose.getByLabel('District').selectOption({ label: 'Dover' });
	await choose.getByRole('button', { name: 'Show' }).click();
	await page.waitForURL(/district=/);
	await settled(page);
	await expectAccessible(page);
	const note = unique('Dover coverage checked at the meeting ');
	await main.getByLabel('Note').fill(note);
	await main.getByRole('button', { name: 'Add the note' }).click();
	await expect(main.getByText(note)).toBeVisible();
	await main.getByRole('link', { name: /^Actions/ }).click();
	await settled(page);
	const action = unique('Ask Dover schools for their SEN support reviews ');
	await main.getByLabel('Action').fill(action);
	await main.getByLabel('Owner').fill('Board chair');
	await main.getByLabel('Due date').fill('2027-03-31');
	await main.getByRole('button', { name: 'Add the action' }).click();
	await expect(main.getByText(action)).toBeVisible();
	await expectAccessible(page);

	// The board report for Dover holds the tables, the note and the action.
	await open(page, '/board/report');
	await main.getByLabel('Cycle').selectOption({ label: '2025/26' });
	await main.getByLabel('District', { exact: true }).selectOption({ label: 'Dover' });
	await expectAccessible(page);
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		main.getByRole('button', { name: 'Download the board report (PDF)' }).click()
	]);
	const pdf = await readFile(await file.path());
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
		mergePages: true
	});
	const flat = text.replace(/\s+/g, ' ');
	expect(flat).toContain('South Kent Area Board');
	expect(flat).toContain(note);
	expect(flat).toContain(action);
	expect(flat).toContain(SHARES_EVERYTHING);
	expectNoPrivateName(flat, 'the board report');
});

test('the LA compares districts, reads the boards’ scrutiny and keeps the outcome indicators; a head sees board questions', async ({
	browser,
	page
}) => {
	await signIn(page, 'la.admin@kent.test');
	const main = page.getByRole('main');
	await open(page, '/la/districts');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('District dashboard');
	const side = main.getByRole('table', { name: 'Side by side' });
	await expect(side.getByRole('rowheader')).toContainText(['Ashford', 'Dover']);
	await expectAccessible(page);
	for (const path of ['/la/scrutiny', '/la/outcomes']) {
		await open(page, path);
		await expectAccessible(page);
	}
	await expect(main).toContainText('48');

	const headContext = await browser.newContext();
	const head = await headContext.newPage();
	await signIn(head, 'head@kent.test');
	await open(head, '/questions');
	await expect(head.getByRole('heading', { level: 1 })).toBeVisible();
	await expectAccessible(head);
	// A setting's role opens none of the board's or the LA's views.
	for (const path of ['/board', '/board/export/coverage', '/la/districts', '/la/outcomes']) {
		expect((await head.goto(path))?.status(), path).toBe(403);
	}
	await headContext.close();
});
