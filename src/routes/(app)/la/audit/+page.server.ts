import { pageParam } from '$lib/domain/paging';
import { auditFilterSchema, parseQuery } from '$lib/schemas/people';
import { requireLaStaff } from '$lib/server/auth/guards';
import { AUDIT_PAGE_SIZE, auditActions, listAudit } from '$lib/server/services/audit';
import type { PageServerLoad } from './$types';

export const load = (async (event) => {
	const scope = await requireLaStaff(event);
	const filter = parseQuery(auditFilterSchema, event.url.searchParams);
	const page = pageParam(event.url.searchParams);
	const [log, actions] = await Promise.all([
		listAudit(scope, { action: filter.action || undefined, search: filter.q || undefined, page }),
		auditActions(scope)
	]);
	return {
		events: log.rows.map((e) => ({
			id: e.id,
			at: e.at,
			actorEmail: e.actorEmail,
			action: e.action,
			subject: e.subject,
			detail: e.detail
		})),
		total: log.total,
		actions,
		filter,
		page,
		pageSize: AUDIT_PAGE_SIZE
	};
}) satisfies PageServerLoad;
