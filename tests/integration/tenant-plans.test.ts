import { eq, sql, type Logger } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { reviewPageOpen } from '../../src/lib/domain/peer-review';
import type { Scope } from '../../src/lib/server/auth/guards';
import { loadBoardView } from '../../src/lib/server/board-views';
import { rowsOf } from '../../src/lib/server/db/client';
import { district } from '../../src/lib/server/db/schema';
import { inTenant, inTenantTransaction } from '../../src/lib/server/db/tenant';
import {
	evaluationSummary,
	getEvaluation,
	getSection,
	settingEvaluations
} from '../../src/lib/server/services/evaluations';
import { gapReport } from '../../src/lib/server/services/gap-report';
import { myReviews, reviewHeader } from '../../src/lib/server/services/peer-reviews';
import { NO_ACCESS } from '../../src/lib/server/services/provision-access';
import { provisionDashboard } from '../../src/lib/server/services/provision-map';
import { moderationView } from '../../src/lib/server/services/review-moderation';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

// At England scale one database holds 150 tenants: a page of one tenant must read that
// tenant's rows only. Row-level security adds `tenant_id = <the tenant>` to every query;
// this file checks that each statement a page runs can meet it through an index that leads
// with tenant_id, so no plan walks other tenants' rows to throw them away.

/** One statement drizzle ran: its text with $n placeholders, and their values. */
interface Statement {
	query: string;
	params: unknown[];
}

/** The statements of the page being loaded, while one is. */
let recording: Statement[] | null = null;

/** Keeps what the app runs inside tenant transactions while a page loads. */
const logger: Logger = {
	logQuery(query, params) {
		if (recording && inTenantTransaction()) recording.push({ query, params });
	}
};

const db = useTestDatabase({ logger });

/**
 * Indexes on tenant tables that may lead with something else, and why: lookups made before
 * any tenant is known, on the system path.
 */
const CROSS_TENANT_INDEXES: Record<string, string> = {
	invitation_token_key: 'an invitation link is found by its token, before its tenant is known',
	membership_user_idx: "signing in lists a person's roles in every tenant",
	tenant_user_user_idx: 'signing in finds every tenant a person belongs to'
};

/** The tables that carry tenant_id, and each index's table and first column. */
const catalog = {
	tenantTables: new Set<string>(),
	indexes: new Map<string, { table: string; first: string | null }>()
};

const ids = { ashford: '', evaluation: '', section: '', review: '' };

/** Reads the tables and indexes the plans are judged against. */
async function readCatalog() {
	const { db: owner } = db.handle;
	const tables = rowsOf<{ name: string }>(
		await owner.execute(
			sql`select table_name as name from information_schema.columns
				where table_schema = 'public' and column_name = 'tenant_id'`
		)
	);
	const indexes = rowsOf<{ name: string; table: string; first: string | null }>(
		await owner.execute(
			sql`select i.relname as name, t.relname as "table", a.attname as first
				from pg_index x
				join pg_class i on i.oid = x.indexrelid
				join pg_class t on t.oid = x.indrelid
				join pg_namespace n on n.oid = t.relnamespace
				left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = x.indkey[0]
				where n.nspname = 'public'`
		)
	);
	catalog.tenantTables = new Set(tables.map((t) => t.name));
	catalog.indexes = new Map(indexes.map((i) => [i.name, { table: i.table, first: i.first }]));
}

/** Moves every tenant's view stamp on, so each page reads its county-wide views afresh. */
async function forgetViews() {
	await db.handle.db.execute(sql`update view_stamp set stamp = stamp + 1`);
}

/** The distinct statements a page's load ran in its tenant transaction. */
async function statementsOf(load: () => Promise<unknown>): Promise<Statement[]> {
	recording = [];
	try {
		expect(await load()).toBeTruthy();
		const distinct = new Map(recording.map((s) => [`${s.query}\n${JSON.stringify(s.params)}`, s]));
		return [...distinct.values()];
	} finally {
		recording = null;
	}
}

/** The statement with its values bound again, as drizzle SQL. */
function bound(statement: Statement) {
	const pieces = statement.query.split(/\$(\d+)/);
	return sql.join(
		pieces.map((piece, i) =>
			i % 2 === 0 ? sql.raw(piece) : sql.param(statement.params[Number(piece) - 1])
		)
	);
}

interface PlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	'Index Name'?: string;
	'Index Cond'?: string;
	Plans?: PlanNode[];
}

/** An index condition that pins the index's leading tenant_id column. */
const PINS_TENANT = /(^|[(\s])tenant_id = /;

/** Node types that read a tenant table only through the index scans beneath or beside them. */
const READS_BY_INDEX = new Set([
	'Index Scan',
	'Index Only Scan',
	'Bitmap Heap Scan',
	'ModifyTable'
]);

/** Every scan in the plan that reads a tenant table other than through its tenant's index range. */
function wideScans(node: PlanNode): string[] {
	const own: string[] = [];
	const index = node['Index Name'];
	const table = node['Relation Name'];
	if (index) {
		const on = catalog.indexes.get(index);
		if (!on) own.push(`${node['Node Type']} on unknown index ${index}`);
		else if (
			catalog.tenantTables.has(on.table) &&
			(on.first !== 'tenant_id' || !PINS_TENANT.test(node['Index Cond'] ?? ''))
		)
			own.push(`${node['Node Type']} on ${index} (${on.table}), cond ${node['Index Cond']}`);
	} else if (table && catalog.tenantTables.has(table) && !READS_BY_INDEX.has(node['Node Type'])) {
		own.push(`${node['Node Type']} on ${table}`);
	}
	return [...own, ...(node.Plans ?? []).flatMap(wideScans)];
}

/**
 * Explains each statement in the scope's tenant, with sequential scans priced out so any
 * usable index is chosen, and names each scan that would read beyond the tenant's rows.
 */
function scansBeyondTenant(scope: Scope, statements: Statement[]) {
	return inTenant(scope, async (tx) => {
		await tx.execute(sql`set local enable_seqscan = off`);
		const found: string[] = [];
		for (const statement of statements) {
			const [row] = rowsOf<{ 'QUERY PLAN': unknown }>(
				await tx.execute(sql`explain (format json) ${bound(statement)}`)
			);
			const explained = row!['QUERY PLAN'];
			const [{ Plan }] = (typeof explained === 'string' ? JSON.parse(explained) : explained) as [
				{ Plan: PlanNode }
			];
			found.push(...wideScans(Plan).map((scan) => `${scan} in: ${statement.query}`));
		}
		return found;
	});
}

beforeAll(async () => {
	await readCatalog();
	const [ashford] = await db.handle.db
		.select({ id: district.id })
		.from(district)
		.where(eq(district.name, 'Ashford'));
	ids.ashford = ashford!.id;
	const senco = await scopeFor('senco@kent.test');
	const evaluations = await settingEvaluations(senco);
	ids.evaluation = evaluations!.evaluations.find((e) => e.status === 'in_progress')!.id;
	ids.section = (await getEvaluation(senco, ids.evaluation))!.sections[0]!.id;
	// The demo's reviews are finalised, where moderation still opens to their reviewers.
	ids.review = (await myReviews(senco)).reviewing[0]!.id;
});

const PAGES: { page: string; who: string; load: (scope: Scope) => Promise<unknown> }[] = [
	{
		page: "the area board's district view",
		who: 'board@kent.test',
		load: (scope) => loadBoardView(scope, new URLSearchParams({ district: ids.ashford }))
	},
	{
		page: "the LA's district comparison",
		who: 'la.admin@kent.test',
		load: (scope) => loadBoardView(scope, new URLSearchParams())
	},
	{
		page: 'a self-evaluation section',
		who: 'senco@kent.test',
		load: (scope) => getSection(scope, ids.evaluation, ids.section)
	},
	{
		page: 'the self-evaluation summary',
		who: 'senco@kent.test',
		load: (scope) => evaluationSummary(scope, ids.evaluation)
	},
	{
		page: 'the provision map',
		who: 'senco@kent.test',
		load: async (scope) => {
			const dashboard = await provisionDashboard(scope, { year: null, page: 1 });
			return dashboard !== NO_ACCESS && dashboard;
		}
	},
	{
		page: 'the gap report',
		who: 'senco@kent.test',
		load: (scope) => gapReport(scope, null)
	},
	{
		page: "a peer review's moderation",
		who: 'senco@kent.test',
		load: async (scope) => {
			// The page's guard reads the review's header before the page itself.
			const header = await reviewHeader(scope, ids.review);
			const opens = header && reviewPageOpen('moderation', header.role, header.review.stage);
			return opens && moderationView(scope, ids.review);
		}
	}
];

describe('tenant-leading plans', () => {
	it.each(PAGES)("$page, for $who, reads only its tenant's rows", async ({ who, load }) => {
		const scope = await scopeFor(who);
		await forgetViews();
		const statements = await statementsOf(() => load(scope));
		expect(statements.length).toBeGreaterThan(0);
		expect(await scansBeyondTenant(scope, statements)).toEqual([]);
	});

	it('every index on a tenant table leads with tenant_id, but the cross-tenant lookups listed', () => {
		const leadingElsewhere = [...catalog.indexes]
			.filter(([, on]) => catalog.tenantTables.has(on.table) && on.first !== 'tenant_id')
			.map(([name]) => name)
			.sort();
		expect(leadingElsewhere).toEqual(Object.keys(CROSS_TENANT_INDEXES).sort());
	});
});
