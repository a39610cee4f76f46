import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import {
	deleteSessionCookie,
	sessionCookieName,
	validateSessionToken
} from '$lib/server/auth/session';
import { assertProductionReady } from '$lib/server/config';
import { startDatabase, stopDatabase } from '$lib/server/db';
import { startMailDelivery } from '$lib/server/mail/delivery';

export const init: ServerInit = async () => {
	assertProductionReady();
	await startDatabase();
	const stopMail = startMailDelivery();
	process.once('sveltekit:shutdown', () => {
		stopMail();
		void stopDatabase();
	});
};

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.requestId =
		event.request.headers.get('x-request-id')?.slice(0, 100) || crypto.randomUUID();
	const secure = event.url.protocol === 'https:';
	const token = event.cookies.get(sessionCookieName(secure));
	const found = token ? await validateSessionToken(token) : null;
	if (token && !found) deleteSessionCookie(event.cookies, secure);
	event.locals.user = found?.user ?? null;
	event.locals.session = found?.session ?? null;
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (event.url.protocol === 'https:') {
		headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	}
	// SvelteKit's CSP covers pages; other responses (JSON, files) get a closed-down policy.
	if (!headers.has('Content-Security-Policy')) {
		headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
	}
	// Nothing a signed-in person sees may be kept by a shared computer's cache.
	if (event.locals.user) headers.set('Cache-Control', 'no-store');
	headers.set('X-Request-Id', event.locals.requestId);
	return response;
};

export const handle = sequence(authenticate, securityHeaders);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status !== 404) {
		console.error(
			`[${event.locals.requestId}] ${event.request.method} ${event.url.pathname}`,
			error
		);
	}
	return {
		message:
			status === 404
				? 'Page not found'
				: message === 'Internal Error'
					? 'Something went wrong on our side'
					: message,
		requestId: event.locals.requestId
	};
};
