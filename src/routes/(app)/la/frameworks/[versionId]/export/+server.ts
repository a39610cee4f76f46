import { error } from '@sveltejs/kit';
import { requireLaStaff } from '$lib/server/auth/guards';
import { exportVersion } from '$lib/server/services/frameworks';
import type { RequestHandler } from './$types';

/** A version as a framework file, to keep, share with another LA or import again. */
export const GET: RequestHandler = async (event) => {
	const scope = await requireLaStaff(event);
	const file = await exportVersion(scope, event.params.versionId);
	if (!file) error(404, 'Page not found');
	return new Response(file.json, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${file.filename}"`,
			'cache-control': 'private, no-store'
		}
	});
};
