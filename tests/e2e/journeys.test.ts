import { expect, test } from '@playwright/test';
import {
	expectAccessible,
	inviteAndAccept,
	linkFromMailbox,
	open,
	settled,
	signIn,
	totpCode,
	unique
} from './support';

test('a platform admin adds an LA; its first admin accepts, must set up an authenticator, and signs in with a code', async ({
	page
}) => {
	const slug = unique('eastmoor');
	const adminEmail = `${slug}@eastmoor.test`;
	const password = 'a long and private passphrase';

	await signIn(page, 'platform@inclusio.test');
	await page.getByRole('link', { name: 'Add a local authority' }).click();
	await page.waitForURL('**/platform/tenants/new');
	await settled(page);
	await expectAccessible(page);
	await page.getByLabel('Name', { exact: true }).fill('Eastmoor Council');
	await page.getByLabel('Short name').fill(slug);
	await page.getByLabel('DfE LA code').fill(String(100 + Math.floor(Math.random() * 700)));
	await expect(page.getByLabel(/Require LA admins/)).toBeChecked();
	await page.getByLabel('Full name').fill('Erin Eastmoor');
	await page.getByLabel('Email').fill(adminEmail);
	await page.getByRole('button', { name: 'Create and send invitation' }).click();
	await expect(page.getByRole('status')).toContainText('has been created');
	await expect(page.getByRole('cell', { name: slug })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Sign out' }).click();

	await open(page, await linkFromMailbox(page, adminEmail, /invited you/));
	await expectAccessible(page);
	await page.getByLabel('Create a password').fill(password);
	await page.getByLabel('Type the password again').fill(password);
	await page.getByRole('button', { name: 'Create account and accept' }).click();

	// The new LA requires a second factor for its admins: nothing else opens until it is set up.
	await expect(page).toHaveURL(/\/account\/two-factor\?required=1/);
	await page.goto('/la/users');
	await expect(page).toHaveURL(/\/account\/two-factor\?required=1/);
	await expect(page.getByRole('alert')).toContainText('requires LA admins');
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	await page.locator('code.key').waitFor();
	await settled(page);
	await expectAccessible(page);
	const key = (await page.locator('code.key').innerText()).trim();
	await page.getByLabel('Enter the 6-digit code the app shows').fill('000000');
	await page.getByRole('button', { name: 'Turn on' }).click();
	await expect(page.getByRole('alert').first()).toContainText('not right');
	const enrolmentCode = totpCode(key);
	await page.getByLabel('Enter the 6-digit code the app shows').fill(enrolmentCode);
	await page.getByRole('button', { name: 'Turn on' }).click();
	await expect(page.getByRole('status')).toContainText('authenticator app is set up');
	await page.goto('/home');
	await expect(page.getByRole('heading', { level: 1, name: 'Your local authority' })).toBeVisible();

	await page.getByRole('button', { name: 'Sign out' }).click();
	await signIn(page, adminEmail, password);
	await expect(page).toHaveURL(/\/sign-in\/two-factor/);
	await expectAccessible(page);
	await open(page, '/home');
	await expect(page).toHaveURL(/\/sign-in\/two-factor/);
	// The code that turned the app on cannot be used again.
	await page.getByLabel('6-digit code').fill(enrolmentCode);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('alert')).toContainText('not right');
	await page.getByLabel('6-digit code').fill(totpCode(key, 1));
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Your local authority' })).toBeVisible();
});

test('an invited person sets a password, and deactivating them ends their live session at once', async ({
	browser,
	page
}) => {
	const email = `${unique('staff')}@kent.test`;
	await inviteAndAccept(browser, page, {
		name: 'Dana Deactivate',
		email,
		organisation: 'Oakfield Primary School',
		role: 'Staff',
		password: 'tea and biscuits at four'
	});
	await expect(
		page.getByRole('heading', { level: 1, name: 'Oakfield Primary School' })
	).toBeVisible();

	const admin = await browser.newContext();
	const adminPage = await admin.newPage();
	await signIn(adminPage, 'la.admin@kent.test');
	await adminPage.goto(`/la/users?q=${encodeURIComponent(email)}`);
	await expectAccessible(adminPage);
	await adminPage.getByRole('link', { name: 'Dana Deactivate' }).click();
	await expectAccessible(adminPage);
	await adminPage.getByRole('link', { name: 'Deactivate' }).click();
	await expectAccessible(adminPage);
	await adminPage.getByRole('button', { name: 'Deactivate Dana Deactivate' }).click();
	await expect(adminPage.getByText('Deactivated', { exact: true }).first()).toBeVisible();
	await admin.close();

	await page.reload();
	await expect(page).toHaveURL(/\/sign-in/);
	await signIn(page, email, 'tea and biscuits at four');
	await expect(page.getByRole('alert')).toContainText('deactivated');
});

test('a forgotten password is reset by an emailed link that works once', async ({
	browser,
	page
}) => {
	const email = `${unique('senco')}@kent.test`;
	await inviteAndAccept(browser, page, {
		name: 'Rory Reset',
		email,
		organisation: 'Willowbrook Primary School',
		role: 'SENCO',
		password: 'first of many passwords'
	});
	await page.getByRole('button', { name: 'Sign out' }).click();

	await open(page, '/sign-in');
	await page.getByRole('link', { name: 'Forgotten your password?' }).click();
	await page.waitForURL('**/forgot-password');
	await settled(page);
	await page.getByLabel('Email').fill(email);
	await page.getByRole('button', { name: 'Send the link' }).click();
	await expect(page.getByRole('status')).toContainText('30 minutes');
	await expectAccessible(page);

	const link = await linkFromMailbox(page, email, /Reset your Inclusio password/);
	await open(page, link);
	await page.getByLabel('New password', { exact: true }).fill('short');
	await page.getByLabel('Confirm new password').fill('short');
	await page.getByRole('button', { name: 'Save password' }).click();
	await expect(page.getByRole('alert')).toContainText('at least 12 characters');
	await expectAccessible(page);
	await page.getByLabel('New password', { exact: true }).fill('second and better password');
	await page.getByLabel('Confirm new password').fill('second and better password');
	await page.getByRole('button', { name: 'Save password' }).click();
	await expect(page.getByRole('status')).toContainText('Your password has been changed');

	await signIn(page, email, 'first of many passwords');
	await expect(page.getByRole('alert')).toContainText('Incorrect email address or password');
	await signIn(page, email, 'second and better password');
	await expect(
		page.getByRole('heading', { level: 1, name: 'Willowbrook Primary School' })
	).toBeVisible();

	await page.goto(link);
	await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
});

test('a person with roles in two organisations switches between them, and ends a session elsewhere', async ({
	browser,
	page
}) => {
	const email = `${unique('two.roles')}@kent.test`;
	const password = 'one person with two hats';
	await inviteAndAccept(browser, page, {
		name: 'Toni Tworoles',
		email,
		organisation: 'Westgate Primary School',
		role: 'SENCO',
		password
	});
	await expect(
		page.getByRole('heading', { level: 1, name: 'Westgate Primary School' })
	).toBeVisible();

	// The same person, signed in on a second device.
	const laptop = await browser.newContext();
	const laptopPage = await laptop.newPage();
	await signIn(laptopPage, email, password);
	await expect(
		laptopPage.getByRole('heading', { level: 1, name: 'Westgate Primary School' })
	).toBeVisible();

	// Invited again, to an area board; accepting while signed in adds the role and switches to it.
	const admin = await browser.newContext();
	const adminPage = await admin.newPage();
	await signIn(adminPage, 'la.admin@kent.test');
	await open(adminPage, '/la/users/invite');
	await adminPage.getByLabel('Full name').fill('Toni Tworoles');
	await adminPage.getByLabel('Email').fill(email);
	await adminPage.getByLabel('Organisation').selectOption({ label: 'East Kent Area Board' });
	await adminPage.getByLabel('Role').selectOption({ label: 'Board member' });
	await adminPage.getByRole('button', { name: 'Send invitation' }).click();
	await expect(adminPage.getByRole('status')).toContainText('Invitation sent');
	await admin.close();
	await open(page, await linkFromMailbox(page, email, /invited you/));
	await page.getByRole('button', { name: /Accept/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'East Kent Area Board' })).toBeVisible();

	await page.getByRole('link', { name: 'Switch role' }).click();
	await settled(page);
	await expectAccessible(page);
	await page.getByLabel(/SENCO, Westgate Primary School/).check();
	await page.getByRole('button', { name: 'Switch' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Westgate Primary School' })
	).toBeVisible();

	await open(page, '/account/sessions');
	await expect(page.getByRole('row')).toHaveCount(3);
	await page.getByRole('button', { name: /^Sign out Chrome/ }).click();
	await expect(page.getByRole('status')).toContainText('That session has ended');
	await laptopPage.reload();
	await expect(laptopPage).toHaveURL(/\/sign-in/);
	await laptop.close();
});
