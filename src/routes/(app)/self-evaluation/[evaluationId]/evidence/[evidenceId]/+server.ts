import { error } from '@sveltejs/kit';
import { attachmentDisposition } from '$lib/domain/evidence-types';
import { requireScope } from '$lib/server/auth/guards';
import { evidenceFile } from '$lib/server/services/evidence';
import type { RequestHandler } from './$types';

/**
 * Sends an evidence file as a download. Whatever is inside, the browser is told the type
 * we detected, not to guess another, to save rather than show it, and (should it be shown
 * anyway) to run nothing in it.
 */
export const GET: RequestHandler = async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const { evaluationId, evidenceId } = event.params;
	const file = await evidenceFile(scope, evaluationId, evidenceId);
	if (!file) error(404, 'Page not found');
	return new Response(file.content, {
		headers: {
			'Content-Type': file.mediaType,
			'Content-Length': String(file.content.byteLength),
			'Content-Disposition': attachmentDisposition(file.fileName),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': 'sandbox'
		}
	});
};
