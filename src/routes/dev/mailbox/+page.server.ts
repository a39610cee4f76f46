import { error } from '@sveltejs/kit';
import { devMailboxEnabled, recentMail } from '$lib/server/mail/outbox';
import type { PageServerLoad } from './$types';

// Outside production and without SMTP, mail goes nowhere; this page lets people try the
// invitation and reset flows. It does not exist otherwise.
export const load = (async () => {
	if (!devMailboxEnabled()) error(404, 'Not found');
	const mail = await recentMail();
	return {
		mail: mail.map((m) => ({
			id: m.id,
			to: m.toAddress,
			subject: m.subject,
			body: m.body,
			createdAt: m.createdAt
		}))
	};
}) satisfies PageServerLoad;
