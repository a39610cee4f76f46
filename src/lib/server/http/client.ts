import type { RequestEvent } from '@sveltejs/kit';
import { config } from '../config';
import type { ClientInfo } from '../services/authentication';

/** The facts about the caller that sign-in, sessions and the audit log record. */
export const clientInfo = (event: RequestEvent): ClientInfo => ({
	ipAddress: event.getClientAddress(),
	userAgent: event.request.headers.get('user-agent') ?? '',
	requestId: event.locals.requestId
});

/** Whether cookies must be Secure (and may use the __Host- prefix). */
export const isSecure = (event: RequestEvent) => event.url.protocol === 'https:';

const HERE = 'http://inclusio.invalid';

/**
 * A path on this site to go to after sign-in; anything else becomes /home. Browsers drop
 * tabs and newlines from URLs and read a backslash as a slash, so '/\t/evil.example' would
 * leave the site: such characters are refused outright, then the result must stay here.
 */
export function safeNext(value: string | null): string {
	// eslint-disable-next-line no-control-regex
	if (!value || !value.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(value)) return '/home';
	const url = new URL(value, HERE);
	return url.origin === HERE ? url.pathname + url.search + url.hash : '/home';
}

/**
 * The site address for links in emails: the configured ORIGIN, never a Host header that
 * whoever sent the request could have chosen.
 */
export const linkOrigin = (event: RequestEvent) => config().ORIGIN ?? event.url.origin;
