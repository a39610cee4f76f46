import { expect, test, type Browser, type Page } from '@playwright/test';
import { extractText, getDocumentProxy } from 'unpdf';
import { expectAccessible, open, settled, signIn, unique } from './support';

/** A person signed in in a browser context of their own, so several can take turns. */
async function person(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, email);
	return page;
}

/** Follows a link in the page's main part and waits for where it leads, checking it with axe. */
async function follow(page: Page, name: string | RegExp, url: RegExp) {
	await page
		.getByRole('main')
		.getByRole('link', { name, exact: typeof name === 'string' })
		.first()
		.click();
	await page.waitForURL(url);
	await settled(page);
	await expectAccessible(page);
}

/** Submits with a button and waits for the page the app answers with. */
async function submit(page: Page, name: string | RegExp, url: RegExp) {
	await page.getByRole('button', { name, exact: typeof name === 'string' }).click();
	await page.waitForURL(url);
	await settled(page);
	await expectAccessible(page);
}

test('a peer review between two demo schools runs from allocation to the action plan', async ({
	browser
}) => {
	// Eight people sign in and take the review through every stage: about two minutes alone,
	// over four while the other worker runs the board and CPD journeys on the same two cores.
	test.setTimeout(420_000);
	const roundName = unique('Spring primary review ');

	// Stage 1: the LA forms the round, has the app propose who reviews whom, adjusts it, confirms.
	const la = await person(browser, 'la.admin@kent.test');
	await open(la, '/la/peer-reviews');
	await expectAccessible(la);
	await follow(la, 'Start a round', /\/la\/peer-reviews\/new$/);
	await la.getByLabel('Name').fill(roundName);
	await la.getByLabel('Cycle').selectOption('2025/26');
	await la.getByRole('checkbox', { name: 'No two settings review each other' }).uncheck();
	await submit(la, 'Start round', /done=created/);
	await follow(la, 'Choose the settings taking part', /\/participants$/);
	for (const name of ['Oakfield', 'Willowbrook', 'Cliffside'])
		await la.getByRole('checkbox', { name: new RegExp(`^${name} Primary School`) }).check();
	await submit(la, 'Save settings taking part', /done=participants/);
	await submit(la, 'Propose an allocation', /done=allocated/);
	// Oakfield is reviewed from Willowbrook and Cliffside; the LA makes Ruth its lead if the
	// proposal (whose tie-breaks follow ids) chose Grace, and swaps Willowbrook's lead either way.
	const oakfieldCard = la.getByRole('article', { name: 'Oakfield Primary School' });
	await expect(oakfieldCard.getByRole('listitem')).toHaveCount(2);
	await expect(oakfieldCard).toContainText('Ruth Okafor from Willowbrook Primary School');
	await expect(oakfieldCard).toContainText('Grace Lin from Cliffside Primary School');
	const ruthLead = /Make lead\s*: Ruth Okafor for Oakfield Primary School/;
	if (await oakfieldCard.getByRole('button', { name: ruthLead }).count())
		await submit(la, ruthLead, /done=lead-changed/);
	await expect(oakfieldCard.getByRole('listitem').filter({ hasText: /Lead/ })).toHaveText(
		/^Ruth Okafor/
	);
	const willowbrook = la.getByRole('article', { name: 'Willowbrook Primary School' });
	const other = willowbrook.getByRole('listitem').filter({ hasNotText: /Lead/ });
	const newLead = (await other.innerText()).split(' from ')[0]!.trim();
	await submit(la, new RegExp(`Make lead\\s*: ${newLead} for Willowbrook`), /done=lead-changed/);
	await expect(willowbrook.getByRole('listitem').filter({ hasText: /Lead/ })).toHaveText(
		new RegExp(`^${newLead}`)
	);
	await follow(la, 'Confirm the round', /\/confirm$/);
	await submit(la, 'Confirm the round', /done=confirmed/);
	await follow(la, 'Open the review of Oakfield Primary School', /\/peer-reviews\/[^/]+$/);
	const reviewUrl = new URL(la.url()).pathname;

	// Stage 2: the host shares its signed-off self-evaluation, with a short profile.
	const head = await person(browser, 'head@kent.test');
	await open(head, '/peer-reviews');
	await expectAccessible(head);
	await follow(head, roundName, new RegExp(`${reviewUrl}$`));
	await follow(head, 'Share your self-evaluation', /\/share$/);
	await head.getByLabel('Pupils on roll').fill('412');
	await head.getByLabel('Pupils receiving SEN support').fill('58');
	await head.getByLabel('Pupils with an education, health and care (EHC) plan').fill('9');
	await head
		.getByLabel('Your priorities (optional)')
		.fill('Speech and language support in the early years classes.');
	await submit(head, 'Share with the reviewers', /\/preparation\?done=shared/);

	// Stage 3: the lead reads the self-evaluation, sets a line of enquiry and the visit plan.
	const lead = await person(browser, 'reviewer@kent.test');
	await open(lead, '/peer-reviews');
	await expectAccessible(lead);
	await lead
		.getByRole('row', { name: new RegExp(roundName) })
		.getByRole('link', { name: 'Oakfield Primary School' })
		.click();
	await lead.waitForURL(new RegExp(`${reviewUrl}$`));
	await settled(lead);
	await expectAccessible(lead);
	await follow(lead, 'Self-evaluation', /\/self-evaluation/);
	await expect(lead.getByRole('region', { name: /^MCS-1\.1 / })).toContainText('Established');
	await follow(lead, 'Preparation', /\/preparation/);
	await expect(
		lead.getByText('Speech and language support in the early years classes.')
	).toBeVisible();
	await lead.getByLabel('First day').fill('2026-03-10');
	await lead.getByLabel('Activities').fill('Learning walk in Years 1 and 2; pupil voice group.');
	await lead.getByLabel('People to meet').fill('The SENCO, two class teachers, a parent group.');
	await submit(lead, 'Save the visit plan', /\/preparation/);
	await lead.getByLabel('Question').fill('How is speech and language need picked up in Reception?');
	await chooseCriterion(lead, 'MCS-9 Additional support: communication and interaction', 'MCS-9.1');
	await submit(lead, 'Add line of enquiry', /\/preparation/);
	await expect(
		lead.getByText('How is speech and language need picked up in Reception?', { exact: true })
	).toBeVisible();
	await submit(lead, 'Start the visit', /\/visit\?done=visit-started/);

	// Stage 4: evidence and ratings from both reviewers, then moderation by the lead.
	await lead.getByLabel('Activity').selectOption('Learning walk');
	await lead.getByLabel('Date', { exact: true }).fill('2026-03-10');
	await lead
		.getByLabel('Notes')
		.fill('Reception staff use a language screen in the first half term; results feed the plan.');
	await chooseCriterion(lead, 'MCS-9 Additional support: communication and interaction', 'MCS-9.1');
	await submit(lead, 'Log evidence', /\/visit\?done=added/);
	await expect(lead.getByText(/Reception staff use a language screen/)).toBeVisible();
	await follow(lead, 'Ratings', /\/ratings/);
	await rate(lead, 'MCS-1.1', 'Emerging', 'The report misses how provision is evaluated.');

	const second = await person(browser, 'reviewer2@kent.test');
	await open(second, `${reviewUrl}/ratings`);
	await expectAccessible(second);
	await rate(second, 'MCS-1.1', 'Established', 'Report is complete and linked from the home page.');

	await follow(lead, 'Moderation', /\/moderation/);
	const moderated = lead.getByRole('region', { name: /^MCS-1\.1 / });
	await expect(moderated.getByText('Reviewers differ')).toBeVisible();
	await expect(moderated.getByText('Differs from self-rating')).toBeVisible();
	await moderated
		.getByRole('group', { name: 'Agreed rating of MCS-1.1' })
		.getByRole('radio', { name: 'Emerging', exact: true })
		.check();
	await moderated
		.getByLabel('Rationale')
		.fill('The report is published but does not say how provision is evaluated.');
	await moderated.getByRole('button', { name: 'Save agreed rating of MCS-1.1' }).click();
	await expect(moderated.getByRole('status')).toHaveText(/^Saved/);
	await submit(lead, 'Finish moderation and start the report', /\/report/);

	// Stage 5: the lead drafts the report, the host checks it, the lead finalises it.
	await lead.getByLabel('Context').fill('A one-day visit to a primary school of 412 pupils.');
	await lead.getByLabel('Strengths').fill('Families know whom to contact and hear back quickly.');
	await lead
		.getByLabel('Areas for development')
		.fill('- Say in the SEN information report how provision is evaluated');
	await lead.getByRole('button', { name: 'Save draft' }).click();
	await expect(lead.getByRole('status').filter({ hasText: /^Draft saved at/ })).toBeVisible();
	await submit(lead, 'Send to the host for a factual accuracy check', /\/report/);

	await open(head, `${reviewUrl}/report`);
	await expectAccessible(head);
	await expect(
		head.getByText('Families know whom to contact and hear back quickly.')
	).toBeVisible();
	await head
		.getByLabel('Your factual accuracy comments')
		.fill('The roll is 412, as stated. Accurate.');
	await submit(head, 'Return to Ruth Okafor', /done=checked/);

	await open(lead, `${reviewUrl}/report`);
	await expectAccessible(lead);
	await expect(lead.getByText('The roll is 412, as stated. Accurate.')).toBeVisible();
	await follow(lead, 'Finalise the report', /\/report\/finalise$/);
	await submit(lead, 'Finalise the report', /\/report\?done=finalised/);
	await expect(lead.getByLabel('Strengths')).toHaveCount(0);

	// The PDF carries the agreed ratings.
	const pdfLink = lead.getByRole('link', { name: 'Download the report as a PDF' });
	const pdf = await lead.request.get((await pdfLink.getAttribute('href'))!);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.body())), {
		mergePages: true
	});
	expect(text).toContain('MCS-1.1');
	expect(text).toContain('Emerging');
	expect(text).toContain('The report is published but does not say how provision is evaluated.');

	// Stage 6: the host turns the area for development into an action, and shares the report.
	await open(head, `${reviewUrl}/actions`);
	await expectAccessible(head);
	await follow(head, /Add as an action\s*: suggestion 1/, /\/actions\/new/);
	await expect(head.getByRole('textbox', { name: 'Action' })).toHaveValue(
		'Say in the SEN information report how provision is evaluated'
	);
	await chooseCriterion(
		head,
		'MCS-1 Working with children, young people, families and carers',
		'MCS-1.1'
	);
	await head.getByLabel('Owner').fill('SENCO');
	await head.getByLabel('Due date').fill('2026-04-30');
	await submit(head, 'Add the action', /\/actions\?done=/);
	const row = head.getByRole('row', { name: /Say in the SEN information report/ });
	await expect(row).toContainText('SENCO');
	await expect(row).toContainText(/Overdue by \d+ days/);

	// An area board reads the report only once the head shares it; others never reach it.
	const board = await person(browser, 'board@kent.test');
	const reviewId = reviewUrl.split('/').pop()!;
	expect((await board.goto(`/board/peer-reviews/${reviewId}`))?.status()).toBe(404);
	expect((await board.goto(reviewUrl))?.status()).toBe(404);
	await open(head, `${reviewUrl}/report`);
	await expectAccessible(head);
	await head.getByRole('radio', { name: 'Share the final report with the area board' }).check();
	await submit(head, 'Save choice', /\/report/);
	await open(board, '/board/peer-reviews');
	await expectAccessible(board);
	await follow(board, 'Oakfield Primary School', new RegExp(`/board/peer-reviews/${reviewId}$`));
	await expect(
		board.getByText('Families know whom to contact and hear back quickly.')
	).toBeVisible();
	// The agreed rating, never one reviewer's own rating or the evidence log.
	await expect(board.getByRole('main')).toContainText('Emerging');
	await expect(board.getByText(/Report is complete and linked/)).toHaveCount(0);
	await expect(board.getByText(/language screen/)).toHaveCount(0);

	// The LA sees the overdue action and the calibration of self-ratings against peers.
	await open(la, '/la/peer-reviews/actions');
	await expectAccessible(la);
	await expect(la.getByRole('row', { name: new RegExp(roundName) })).toContainText(
		/Oakfield Primary School.*Say in the SEN information report/
	);
	await open(la, '/la/peer-reviews/calibration');
	await expectAccessible(la);
	// Oakfield rated MCS-1.1 Established; its peers agreed Emerging: a higher self-rating.
	await expect(
		la
			.getByRole('row', { name: /^MCS-1 Working with children/ })
			.getByRole('cell')
			.first()
	).toHaveText(/^[1-9]\d* \(/);

	// Someone with no part in the review, and another tenant, get "not found".
	for (const email of ['eysenco@kent.test', 'senco@northbury.test']) {
		const outsider = await person(browser, email);
		for (const path of [reviewUrl, `${reviewUrl}/self-evaluation`, `${reviewUrl}/report.pdf`])
			expect((await outsider.goto(path))?.status(), `${email} ${path}`).toBe(404);
	}
});

/** Saves a reviewer's rating of one criterion on the ratings page. */
async function rate(page: Page, code: string, level: string, rationale: string) {
	const criterion = page.getByRole('region', { name: new RegExp(`^${code.replace('.', '\\.')} `) });
	await criterion.getByRole('radio', { name: level, exact: true }).check();
	await criterion.getByLabel('Rationale').fill(rationale);
	await criterion.getByRole('button', { name: `Save rating of ${code}` }).click();
	await expect(criterion.getByRole('status')).toHaveText(/^Saved/);
}

/** Ticks one criterion in a criteria picker, opening its section first. */
async function chooseCriterion(page: Page, section: string, code: string) {
	await page.locator('summary', { hasText: section }).click();
	await page.getByRole('checkbox', { name: new RegExp(`^${code.replace('.', '\\.')} `) }).check();
}
