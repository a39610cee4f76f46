import { expect, test } from '@playwright/test';
import { expectAccessible, open, settled, signIn } from './support';

test('an LA admin drafts a new version of a starter framework, changes a descriptor and publishes it', async ({
	page
}) => {
	await signIn(page, 'la.admin@northbury.test');
	await open(page, '/la/frameworks');
	await expectAccessible(page);
	const catie = page.getByRole('region', { name: /Countywide Approach to Inclusive Education/ });
	await catie.getByRole('link', { name: 'Version 1: 2026' }).click();
	await settled(page);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Create a new draft from this version' }).click();
	await settled(page);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('version 2');

	await page.getByRole('link', { name: 'Change criterion CATIE-1.1' }).click();
	await settled(page);
	await expectAccessible(page);
	const lowest = page.getByLabel('1. Not yet in place');
	await lowest.fill('No named leader for inclusion, and no inclusion priority in the school plan.');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('version 2');
	const draft = new URL(page.url()).pathname;
	await page.getByRole('link', { name: 'Change criterion CATIE-1.1' }).click();
	await expect(page.getByLabel('1. Not yet in place')).toHaveValue(
		'No named leader for inclusion, and no inclusion priority in the school plan.'
	);
	await open(page, draft);

	await page.getByRole('link', { name: 'Check and publish' }).click();
	await settled(page);
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Publish version 2' }).click();
	await expect(
		page.getByRole('button', { name: 'Create a new draft from this version' })
	).toBeVisible();
	// Published means frozen: nothing on the page offers a change.
	await expect(page.getByRole('link', { name: /Change criterion/ })).toHaveCount(0);
});

test('a framework file with mistakes is refused, with every mistake and where it is', async ({
	page
}) => {
	await signIn(page, 'la.admin@northbury.test');
	await open(page, '/la/frameworks/import');
	await expectAccessible(page);
	const file = {
		format: 'inclusio-framework',
		formatVersion: 1,
		framework: { key: 'bad-file', name: 'Bad file' },
		version: { label: '1' },
		scale: [
			{ value: 1, label: 'No', colour: '#000000' },
			{ value: 2, label: 'Yes', colour: 'green' }
		],
		sections: [
			{
				code: 'B-1',
				title: 'One',
				criteria: [{ code: 'B-1.1', title: '', descriptors: ['a', 'b'], settingTypes: ['school'] }]
			}
		]
	};
	await page.getByLabel('Upload a framework file').setInputFiles({
		name: 'bad.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(file))
	});
	await page.getByRole('button', { name: 'Upload and import' }).click();
	const problems = page.getByRole('table', { name: /problems in bad\.json/ });
	await expect(problems).toBeVisible();
	for (const path of [
		'scale[1].colour',
		'sections[0].criteria[0].title',
		'sections[0].criteria[0].settingTypes[0]'
	])
		await expect(problems.getByRole('cell', { name: path, exact: true })).toBeVisible();
	await expectAccessible(page);
	await open(page, '/la/frameworks');
	await expect(page.getByText('Bad file')).toHaveCount(0);
});

test('the LA opens an evaluation cycle with a framework for each type of setting', async ({
	page
}) => {
	await signIn(page, 'la.admin@northbury.test');
	await open(page, '/la/cycles');
	await expectAccessible(page);
	await open(page, '/la/cycles/new');
	await expectAccessible(page);
	await page.getByLabel('Name').fill('2027/28');
	await page.getByLabel('Deadline').fill('2028-03-31');
	await page
		.getByLabel('Mainstream schools')
		.selectOption({ label: 'SEN Mainstream Core Standards — 2026 (v1)' });
	await page.getByRole('button', { name: 'Start cycle' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('2027/28');
	await expectAccessible(page);
});
