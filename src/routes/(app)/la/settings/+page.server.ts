import { settingFilter, SETTINGS_PAGE_SIZE } from '$lib/schemas/settings';
import { requireLaStaff } from '$lib/server/auth/guards';
import { listSettings } from '$lib/server/services/settings';
import { structureOptions } from '$lib/server/services/structure';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const filter = settingFilter(event.url.searchParams);
	const [list, options] = await Promise.all([listSettings(scope, filter), structureOptions(scope)]);
	return {
		...list,
		filter,
		districts: options.district,
		pageSize: SETTINGS_PAGE_SIZE,
		canEdit: scope.membership.role === 'admin'
	};
}) satisfies PageServerLoad;
