import { error } from '@sveltejs/kit';
import { pageParam } from '$lib/domain/paging';
import { requireScope } from '$lib/server/auth/guards';
import { judgementHistoryOf } from '$lib/server/services/evaluations';
import type { PageServerLoad } from './$types';

/**
 * Versions per page. A judgement rarely gets past a few dozen saves (autosave adds a version
 * only when something changed, and only after a pause in typing), so most show on one page.
 */
const PAGE_SIZE = 50;

export const load = (async (event) => {
	const scope = await requireScope(event, { kind: 'setting' });
	const { evaluationId, criterionId } = event.params;
	const history = await judgementHistoryOf(scope, evaluationId, criterionId);
	if (!history) error(404, 'Page not found');
	const { entries, ...rest } = history;
	const page = pageParam(event.url.searchParams);
	const start = (page - 1) * PAGE_SIZE;
	// Each version is compared with the one saved before it, which may sit on the next page.
	const shown = entries.slice(start, start + PAGE_SIZE).map((entry, i) => ({
		...entry,
		previous: entries[start + i + 1] ?? null
	}));
	return { ...rest, entries: shown, total: entries.length, page, pageSize: PAGE_SIZE };
}) satisfies PageServerLoad;
