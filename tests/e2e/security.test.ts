import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, open, signIn } from './support';

test('a cross-site form POST is refused', async ({ request }) => {
	const response = await request.post('/sign-in', {
		headers: { origin: 'https://attacker.example' },
		form: { email: 'la.admin@kent.test', password: DEMO_PASSWORD }
	});
	expect(response.status()).toBe(403);
	expect(response.headers()['set-cookie'] ?? '').not.toContain('session');
});

test('pages carry the security headers, and signed-in pages are not cached', async ({ page }) => {
	const publicPage = await page.goto('/sign-in');
	const headers = publicPage!.headers();
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');

	await signIn(page, 'senco@kent.test');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	const home = await page.goto('/home');
	expect(home!.headers()['cache-control']).toBe('no-store');
	const cookies = await page.context().cookies();
	const session = cookies.find((c) => c.name.endsWith('inclusio_session'));
	expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
});

test('the health check reports the database and its migrations', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toMatchObject({
		status: 'ok',
		database: { kind: 'pglite', pending: 0 }
	});
});

test('public pages are accessible', async ({ page }) => {
	for (const path of [
		'/',
		'/accessibility',
		'/forgot-password',
		'/reset-password/not-a-real-token',
		'/invite/not-a-real-token'
	]) {
		await page.goto(path);
		await expectAccessible(page);
	}
});

test('signed-in pages send a signed-out visitor to sign in, and back afterwards', async ({
	page
}) => {
	await open(page, '/account/sessions');
	await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount%2Fsessions/);
	await page.getByLabel('Email').fill('reviewer@kent.test');
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Where you are signed in' })
	).toBeVisible();
	await expectAccessible(page);
});
