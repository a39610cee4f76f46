import { error } from '@sveltejs/kit';
import { pageParam } from '$lib/domain/paging';
import { SCRUTINY_PAGE_SIZE } from '$lib/schemas/board-scrutiny';
import { questionsForSetting } from '$lib/server/services/board-scrutiny';
import { settingAnswerer } from './answer.server';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await settingAnswerer(event);
	const page = pageParam(event.url.searchParams);
	const questions = await questionsForSetting(scope, page);
	if (!questions) error(404, 'Page not found');
	return {
		...questions,
		page,
		pageSize: SCRUTINY_PAGE_SIZE,
		settingName: scope.membership.organisationName
	};
}) satisfies PageServerLoad;
