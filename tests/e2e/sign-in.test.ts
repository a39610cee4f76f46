import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './support';

const homes: [email: string, heading: string | RegExp][] = [
	['la.admin@kent.test', 'Your local authority'],
	['head@kent.test', 'Oakfield Primary School'],
	['senco@kent.test', 'Oakfield Primary School'],
	['staff@kent.test', 'Oakfield Primary School'],
	['reviewer@kent.test', 'Willowbrook Primary School'],
	['board@kent.test', 'South Kent Area Board'],
	['eysenco@kent.test', 'Little Acorns Pre-School'],
	['la.admin@northbury.test', 'Your local authority'],
	['senco@northbury.test', 'Fenmoor Primary School'],
	['platform@inclusio.test', 'Local authorities on Inclusio']
];

for (const [email, heading] of homes) {
	test(`${email} signs in and lands on their home page`, async ({ page }) => {
		await signIn(page, email);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		await expectAccessible(page);
	});
}

test('a wrong password and an unknown email get the same generic message', async ({ page }) => {
	await page.goto('/sign-in');
	await expectAccessible(page);
	await signIn(page, 'senco@kent.test', 'not-the-password-at-all');
	const wrongPassword = await page.getByRole('alert').innerText();
	expect(wrongPassword).toContain('Incorrect email address or password');
	await signIn(page, 'nobody-here@kent.test', 'not-the-password-at-all');
	expect(await page.getByRole('alert').innerText()).toBe(wrongPassword);
	await expectAccessible(page);
});

test('signing out ends the session', async ({ page }) => {
	await signIn(page, 'head@kent.test');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByText('You have signed out.')).toBeVisible();
	await page.goto('/home');
	await expect(page).toHaveURL(/\/sign-in\?next=%2Fhome/);
});
