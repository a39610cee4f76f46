import { desc, eq, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { config } from '../config';
import { rowsOf } from '../db/client';
import { mailOutbox } from '../db/schema';
import { asSystem } from '../db/system';
import type { Tx } from '../db/tenant';

export interface Mail {
	to: string;
	subject: string;
	body: string;
}

/**
 * Queues a message in the caller's transaction, so it is sent only if the change that
 * caused it commits. Plain text only: nothing a user typed is ever rendered as HTML.
 */
export async function queueMail(tx: Tx, mail: Mail): Promise<void> {
	await tx
		.insert(mailOutbox)
		.values({ toAddress: mail.to, subject: mail.subject, body: mail.body });
}

const MAX_ATTEMPTS = 5;
let transport: Transporter | undefined;

/**
 * Sends what is waiting in the outbox over SMTP. Rows are claimed with SKIP LOCKED so two
 * app processes never send the same message. Without SMTP_URL mail stays for the dev mailbox.
 */
export async function deliverPending(): Promise<number> {
	const url = config().SMTP_URL;
	if (!url) return 0;
	transport ??= nodemailer.createTransport(url);
	const claimed = await asSystem('mail', async (tx) => {
		const result = await tx.execute(sql`
			update mail_outbox set attempts = attempts + 1
			where id in (
				select id from mail_outbox
				where sent_at is null and attempts < ${MAX_ATTEMPTS}
				order by created_at limit 20 for update skip locked)
			returning id, to_address, subject, body`);
		return rowsOf<{ id: string; to_address: string; subject: string; body: string }>(result);
	});
	let sent = 0;
	for (const mail of claimed) {
		try {
			await transport.sendMail({
				from: config().MAIL_FROM,
				to: mail.to_address,
				subject: mail.subject,
				text: mail.body
			});
			await asSystem('mail', (tx) =>
				tx.update(mailOutbox).set({ sentAt: new Date() }).where(eq(mailOutbox.id, mail.id))
			);
			sent++;
		} catch (e) {
			const message = e instanceof Error ? e.message : String(e);
			await asSystem('mail', (tx) =>
				tx
					.update(mailOutbox)
					.set({ lastError: message.slice(0, 500) })
					.where(eq(mailOutbox.id, mail.id))
			);
		}
	}
	return sent;
}

/** Whether the development mailbox page is available: never in production or with SMTP. */
export const devMailboxEnabled = () => !config().SMTP_URL && config().NODE_ENV !== 'production';

/** The most recent mail, for the development mailbox. */
export async function recentMail(limit = 100) {
	return asSystem('mail', (tx) =>
		tx.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt)).limit(limit)
	);
}
