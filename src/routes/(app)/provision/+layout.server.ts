import { readProvision } from '$lib/server/services/provision-access';
import { allowed, provisionScope } from './access.server';
import type { LayoutServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await provisionScope(event);
	const access = allowed(await readProvision(scope, (_, access) => Promise.resolve(access)));
	return { access };
}) satisfies LayoutServerLoad;
