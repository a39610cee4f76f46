import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/lib/server/db/client';
import {
	agreedRating,
	areaBoard,
	boardAction,
	boardNote,
	boardQuestion,
	conflictOfInterest,
	cpdOffer,
	cpdOfferCriterion,
	cpdPlan,
	cpdPlanItem,
	evaluationCycle,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	importBatch,
	invitation,
	lineOfEnquiry,
	outcomeValue,
	peerReview,
	peerReviewer,
	reviewAction,
	reviewerRating,
	reviewEvent,
	reviewReviewer,
	reviewRound,
	reviewRoundSetting,
	setting,
	tenant,
	visitEvidence
} from '../../src/lib/server/db/schema';
import { DEFAULT_SCALE } from '../../src/lib/domain/framework';
import { inTenant, type Tx } from '../../src/lib/server/db/tenant';
import { writeAudit } from '../../src/lib/server/services/audit';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

const db = useTestDatabase();

let tables: string[] = [];
const ids = { kent: '', northbury: '' };

const SECURITY_REFUSAL = /row-level security|permission denied/;

/**
 * Runs a statement in a savepoint and reports whether row-level security or the role's
 * grants refused it (a refusal for any other reason would prove nothing).
 */
async function refused(tx: Tx, statement: ReturnType<typeof sql>): Promise<boolean> {
	try {
		await tx.transaction(async (sp) => {
			await sp.execute(statement);
		});
		return false;
	} catch (e) {
		const cause = (e as { cause?: unknown }).cause;
		const text = `${String(e)} ${cause instanceof Error ? cause.message : ''}`;
		if (!SECURITY_REFUSAL.test(text)) throw e;
		return true;
	}
}

const affected = (result: unknown) => {
	const r = result as { count?: number; affectedRows?: number };
	return r.count ?? r.affectedRows ?? 0;
};

/** A review in its visit, with a row in every peer review table, from the tenant's own data. */
async function seedPeerReviewRows(tx: Tx, tenantId: string, criterionId: string) {
	const [cycle] = await tx.select({ id: evaluationCycle.id }).from(evaluationCycle).limit(1);
	const [reviewer] = await tx
		.select({ userId: peerReviewer.userId, settingId: peerReviewer.settingId })
		.from(peerReviewer)
		.limit(1);
	const { userId, settingId } = reviewer!;
	await tx.insert(conflictOfInterest).values({ tenantId, userId, settingId, reason: 'Test' });
	const [round] = await tx
		.insert(reviewRound)
		.values({ tenantId, cycleId: cycle!.id, name: 'Isolation round' })
		.returning();
	await tx.insert(reviewRoundSetting).values({ tenantId, roundId: round!.id, settingId });
	const [review] = await tx
		.insert(peerReview)
		.values({ tenantId, roundId: round!.id, hostSettingId: settingId, stage: 'visit' })
		.returning();
	const reviewId = review!.id;
	await tx.insert(reviewReviewer).values({ tenantId, reviewId, userId, settingId, isLead: true });
	await tx.insert(lineOfEnquiry).values({ tenantId, reviewId, question: 'Why?' });
	await tx.insert(visitEvidence).values({
		tenantId,
		reviewId,
		authorId: userId,
		activity: 'learning_walk',
		happenedOn: '2026-01-01',
		notes: 'Seen'
	});
	await tx
		.insert(reviewerRating)
		.values({ tenantId, reviewId, criterionId, reviewerId: userId, rating: 2 });
	await tx
		.insert(agreedRating)
		.values({ tenantId, reviewId, criterionId, rating: 2, rationale: 'x' });
	await tx
		.insert(reviewAction)
		.values({ tenantId, reviewId, action: 'Do', owner: 'Head', dueDate: '2027-01-01' });
	await tx.insert(reviewEvent).values({ tenantId, reviewId, action: 'shared' });
}

/** A note, a question and an action of one of the tenant's area boards. */
async function seedScrutinyRows(tx: Tx, tenantId: string, userId: string) {
	const [board] = await tx.select({ id: areaBoard.id }).from(areaBoard).limit(1);
	const [cycle] = await tx.select({ id: evaluationCycle.id }).from(evaluationCycle).limit(1);
	const place = { tenantId, boardId: board!.id, cycleId: cycle!.id };
	await tx.insert(boardNote).values({ ...place, body: 'Noted', authorId: userId });
	await tx
		.insert(boardQuestion)
		.values({ ...place, addressedTo: 'la', question: 'Why?', askedBy: userId });
	await tx
		.insert(boardAction)
		.values({ ...place, what: 'Do', owner: 'Chair', dueDate: '2027-01-01', createdBy: userId });
}

/** A catalogue offer mapped to a criterion, and a setting's plan with an item using it. */
async function seedCpdRows(
	tx: Tx,
	scope: { tenantId: string; userId: string },
	criterion: { id: string; code: string; frameworkId: string }
) {
	const [offer] = await tx
		.insert(cpdOffer)
		.values({
			tenantId: scope.tenantId,
			title: 'Isolation training',
			provider: 'Isolation provider',
			format: 'live_online',
			minutes: 60,
			costPence: 1000,
			audiences: ['senco']
		})
		.returning();
	await tx.insert(cpdOfferCriterion).values({
		tenantId: scope.tenantId,
		offerId: offer!.id,
		frameworkId: criterion.frameworkId,
		criterionCode: criterion.code
	});
	const [place] = await tx.select({ id: setting.id }).from(setting).limit(1);
	const [cycle] = await tx.select({ id: evaluationCycle.id }).from(evaluationCycle).limit(1);
	const [plan] = await tx
		.insert(cpdPlan)
		.values({ tenantId: scope.tenantId, settingId: place!.id, cycleId: cycle!.id })
		.onConflictDoUpdate({
			target: [cpdPlan.tenantId, cpdPlan.settingId, cpdPlan.cycleId],
			set: { budgetPence: 100_000 }
		})
		.returning();
	await tx.insert(cpdPlanItem).values({
		tenantId: scope.tenantId,
		planId: plan!.id,
		criterionId: criterion.id,
		offerId: offer!.id,
		attendees: 'SENCO',
		createdBy: scope.userId
	});
}

beforeAll(async () => {
	tables = rowsOf<{ relname: string }>(
		await db.handle.db.execute(sql`
			select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind = 'r'
			  and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
			order by 1`)
	).map((r) => r.relname);
	for (const slug of ['kent', 'northbury'] as const) {
		const [row] = await db.handle.db
			.select({ id: tenant.id })
			.from(tenant)
			.where(sql`slug = ${slug}`);
		ids[slug] = row!.id;
	}
	// Tables the demo seed leaves empty get a row in each tenant, so every table is tested.
	for (const email of ['la.admin@kent.test', 'la.admin@northbury.test']) {
		const scope = await scopeFor(email);
		await inTenant(scope, async (tx) => {
			await tx.insert(importBatch).values({
				tenantId: scope.tenantId,
				kind: 'gias',
				fileName: 'x.csv',
				content: 'URN',
				createdBy: scope.userId
			});
			await tx.insert(invitation).values({
				tenantId: scope.tenantId,
				email: `new@${scope.membership.tenantSlug}.test`,
				name: 'New Person',
				organisationId: scope.membership.organisationId,
				role: 'officer',
				tokenHash: `hash-${scope.tenantId}`,
				invitedBy: scope.userId,
				expiresAt: new Date(Date.now() + 86_400_000)
			});
			await writeAudit(tx, scope, { action: 'test.event' });
			await tx.insert(outcomeValue).values({
				tenantId: scope.tenantId,
				indicator: 'family_satisfaction',
				period: '2025/26',
				value: 80,
				source: 'Survey',
				enteredBy: scope.userId
			});
			// A draft framework version: published content is held by triggers, drafts only by RLS.
			const [f] = await tx
				.insert(framework)
				.values({ tenantId: scope.tenantId, key: 'isolation', name: 'Isolation' })
				.returning();
			const [v] = await tx
				.insert(frameworkVersion)
				.values({
					tenantId: scope.tenantId,
					frameworkId: f!.id,
					number: 1,
					label: 'Draft',
					scale: DEFAULT_SCALE
				})
				.returning();
			const [s] = await tx
				.insert(frameworkSection)
				.values({
					tenantId: scope.tenantId,
					versionId: v!.id,
					position: 1,
					code: 'I-1',
					title: 'I'
				})
				.returning();
			const [criterion] = await tx
				.insert(frameworkCriterion)
				.values({
					tenantId: scope.tenantId,
					versionId: v!.id,
					sectionId: s!.id,
					position: 1,
					code: 'I-1.1',
					title: 'I',
					descriptors: ['a', 'b', 'c', 'd'],
					settingTypes: ['mainstream']
				})
				.returning();
			await seedPeerReviewRows(tx, scope.tenantId, criterion!.id);
			await seedScrutinyRows(tx, scope.tenantId, scope.userId);
			await seedCpdRows(tx, scope, { id: criterion!.id, code: 'I-1.1', frameworkId: f!.id });
		});
	}
});

describe('tenant isolation on every tenant table', () => {
	it('finds the tenant tables in the catalog, each holding rows of both tenants', async () => {
		expect(tables).toEqual(
			expect.arrayContaining([
				'area',
				'district',
				'community',
				'organisation',
				'setting',
				'area_board',
				'area_board_district',
				'import_batch',
				'tenant_user',
				'membership',
				'invitation',
				'audit_event',
				'framework',
				'framework_version',
				'framework_section',
				'framework_criterion',
				'evaluation_cycle',
				'cycle_framework',
				'self_evaluation',
				'judgement',
				'judgement_history',
				'evidence',
				'evaluation_event',
				'peer_reviewer',
				'conflict_of_interest',
				'review_round',
				'review_round_setting',
				'peer_review',
				'review_reviewer',
				'line_of_enquiry',
				'visit_evidence',
				'reviewer_rating',
				'agreed_rating',
				'review_action',
				'review_event',
				'sen_pupil',
				'sen_pupil_change',
				'intervention',
				'provision_record',
				'apdr_review',
				'board_note',
				'board_question',
				'board_action',
				'outcome_value',
				'cpd_offer',
				'cpd_offer_criterion',
				'cpd_plan',
				'cpd_plan_item',
				'view_stamp'
			])
		);
		for (const table of tables) {
			const counts = rowsOf<{ tenant_id: string }>(
				await db.handle.db.execute(
					sql`select distinct tenant_id::text from ${sql.identifier(table)}`
				)
			).map((r) => r.tenant_id);
			expect(counts.sort(), table).toEqual([ids.kent, ids.northbury].sort());
		}
	});

	it('with no tenant set, the application role sees zero rows and cannot insert', async () => {
		await db.handle.db.transaction(async (tx) => {
			await tx.execute(sql`set local role inclusio_app`);
			for (const table of tables) {
				const [row] = rowsOf<{ n: number }>(
					await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`)
				);
				expect(row?.n, table).toBe(0);
			}
			expect(
				await refused(
					tx,
					sql`insert into area (tenant_id, name) values (${ids.kent}, 'No tenant set')`
				)
			).toBe(true);
		});
	});

	it('Kent cannot read, change, delete or create Northbury rows in any table', async () => {
		const kent = await scopeFor('la.admin@kent.test');
		await inTenant(kent, async (tx) => {
			for (const table of tables) {
				const t = sql.identifier(table);
				const [seen] = rowsOf<{ n: number; other: number }>(
					await tx.execute(
						sql`select count(*)::int as n, count(*) filter (where tenant_id <> ${kent.tenantId})::int as other from ${t}`
					)
				);
				expect(seen?.n, `${table} has Kent rows`).toBeGreaterThan(0);
				expect(seen?.other, `${table} shows no other tenant`).toBe(0);

				const [may] = rowsOf<{ update: boolean; delete: boolean }>(
					await tx.execute(
						sql`select has_table_privilege(${table}, 'UPDATE') as update, has_table_privilege(${table}, 'DELETE') as delete`
					)
				);
				// Updating or deleting another tenant's rows touches nothing (or is not allowed at all).
				for (const [statement, allowed] of [
					[
						sql`update ${t} set tenant_id = tenant_id where tenant_id = ${ids.northbury}`,
						may!.update
					],
					[sql`delete from ${t} where tenant_id = ${ids.northbury}`, may!.delete]
				] as const) {
					if (!allowed) expect(await refused(tx, statement), table).toBe(true);
					else expect(affected(await tx.execute(statement)), table).toBe(0);
				}
				// Moving an own row into the other tenant, or copying one there, fails WITH CHECK.
				if (may!.update) {
					const draftsOnly = table.startsWith('framework_') && table !== 'framework_version';
					const pick = draftsOnly
						? sql`where version_id in (select id from framework_version where status = 'draft')`
						: sql``;
					expect(
						await refused(
							tx,
							sql`update ${t} set tenant_id = ${ids.northbury} where ctid = (select ctid from ${t} ${pick} limit 1)`
						),
						`${table} move`
					).toBe(true);
				}
				expect(
					await refused(
						tx,
						sql`insert into ${t} select (jsonb_populate_record(null::${t}, to_jsonb(k) || jsonb_build_object('tenant_id', ${ids.northbury}::text))).* from ${t} k limit 1`
					),
					`${table} copy`
				).toBe(true);
			}
		});
		// Nothing of Northbury's changed.
		for (const table of tables) {
			const [row] = rowsOf<{ n: number }>(
				await db.handle.db.execute(
					sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${ids.northbury}`
				)
			);
			expect(row?.n, table).toBeGreaterThan(0);
		}
	});

	it('the tenant table shows the application role only its own tenant', async () => {
		const northbury = await scopeFor('senco@northbury.test');
		const seen = await inTenant(northbury, (tx) => tx.select({ slug: tenant.slug }).from(tenant));
		expect(seen).toEqual([{ slug: 'northbury' }]);
	});
});
