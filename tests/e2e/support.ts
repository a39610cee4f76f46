import AxeBuilder from '@axe-core/playwright';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { expect, type Browser, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Inclusio-demo-2026';

/** Waits until the page in view has hydrated, so typing into its forms sticks. */
export const settled = (page: Page) =>
	page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

/** Opens a page and waits until it is interactive. */
export async function open(page: Page, path: string) {
	await page.goto(path);
	await settled(page);
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
	await open(page, '/sign-in');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	// Done when the app has moved on, or has said why it would not.
	await Promise.race([
		page.waitForURL((url) => url.pathname !== '/sign-in'),
		page.getByRole('alert').waitFor()
	]);
}

/** Fails on any serious or critical axe-core violation on the current page. */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(
		bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
		`axe on ${page.url()}`
	).toEqual([]);
}

/** The newest link in the development mailbox sent to this address whose subject matches. */
export async function linkFromMailbox(page: Page, to: string, subject: RegExp): Promise<string> {
	const mail = page
		.locator('article.mail')
		.filter({ hasText: `To ${to}` })
		.filter({ has: page.getByRole('heading', { name: subject }) })
		.first();
	// Some mail is queued just after the page that caused it has answered: look again.
	await expect(async () => {
		await page.goto('/dev/mailbox');
		await expect(mail).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 10_000 });
	await expectAccessible(page);
	const href = await mail.locator('pre a').first().getAttribute('href');
	if (!href) throw new Error(`No link in the mail to ${to}`);
	return new URL(href).pathname;
}

/** A name unlikely to clash with anything else a parallel test makes. */
export const unique = (prefix: string) =>
	`${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/**
 * The code an authenticator app holding this base32 key shows now, or that many 30-second
 * steps ahead (the app accepts one step of clock drift, and each step's code works once).
 */
export function totpCode(base32Key: string, stepsAhead = 0): string {
	const step = Math.floor(Date.now() / 30_000) + stepsAhead;
	return generateHOTP(decodeBase32IgnorePadding(base32Key), BigInt(step), 6);
}

/**
 * Kent's LA admin invites someone (in their own browser context), and the invitee accepts
 * from the development mailbox in `page`, ending signed in on their home page.
 */
export async function inviteAndAccept(
	browser: Browser,
	page: Page,
	person: { name: string; email: string; organisation: string; role: string; password: string }
) {
	const admin = await browser.newContext();
	const adminPage = await admin.newPage();
	await signIn(adminPage, 'la.admin@kent.test');
	await open(adminPage, '/la/users/invite');
	await expectAccessible(adminPage);
	await adminPage.getByLabel('Full name').fill(person.name);
	await adminPage.getByLabel('Email').fill(person.email);
	await adminPage.getByLabel('Organisation').selectOption({ label: person.organisation });
	await adminPage.getByLabel('Role').selectOption({ label: person.role });
	await adminPage.getByRole('button', { name: 'Send invitation' }).click();
	await expect(adminPage.getByRole('status')).toContainText('Invitation sent');
	await admin.close();

	await open(page, await linkFromMailbox(page, person.email, /invited you/));
	await page.getByLabel('Create a password').fill(person.password);
	await page.getByLabel('Type the password again').fill(person.password);
	await page.getByRole('button', { name: 'Create account and accept' }).click();
	await expect(page).toHaveURL(/\/home$/);
}
