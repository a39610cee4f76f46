import { config } from '../config';
import { deliverPending } from './outbox';

const INTERVAL_MS = 5_000;

/** Sends queued mail every few seconds while SMTP is configured; returns a stop function. */
export function startMailDelivery(): () => void {
	if (!config().SMTP_URL) return () => {};
	let running = false;
	const timer = setInterval(() => {
		if (running) return;
		running = true;
		deliverPending()
			.catch((e: unknown) => console.error('Mail delivery failed', e))
			.finally(() => (running = false));
	}, INTERVAL_MS);
	timer.unref();
	return () => clearInterval(timer);
}
