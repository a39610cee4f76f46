import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generate, locate } from '../../bench/generate';
import { insertRows } from '../../bench/generator/write';
import { rowsOf, type Database } from '../../src/lib/server/db/client';
import { boardNote, lineOfEnquiry } from '../../src/lib/server/db/schema';
import { loadBoardView } from '../../src/lib/server/board-views';
import { evaluationSummary, getSection } from '../../src/lib/server/services/evaluations';
import { gapReport } from '../../src/lib/server/services/gap-report';
import { provisionDashboard } from '../../src/lib/server/services/provision-map';
import { moderationView } from '../../src/lib/server/services/review-moderation';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

// Two databases: the smoke scale is generated into each with the same seed, and must come
// out the same.
const first = useTestDatabase({ seed: false });
const second = useTestDatabase({ seed: false });

/** The one row a query returns. */
async function one<T>(db: Database, query: ReturnType<typeof sql>): Promise<T> {
	const [row] = rowsOf<T>(await db.execute(query));
	return row!;
}

/** A digest of the data whose ids and text come from the generator's seed. */
const digest = (db: Database) =>
	one<{ judgements: string; records: string; reviews: string }>(
		db,
		sql`select
			(select md5(string_agg(j.id || ':' || c.code || ':' || j.rating || ':' || j.narrative, '|' order by j.id))
				from judgement j join framework_criterion c on c.id = j.criterion_id) as judgements,
			(select md5(string_agg(id || ':' || pupil_id || ':' || start_date, '|' order by id))
				from provision_record) as records,
			(select md5(string_agg(r.id || ':' || r.stage || ':' || r.strengths, '|' order by r.id))
				from peer_review r) as reviews`
	);

describe('the benchmark data generator', () => {
	it('finds no generated data in an empty database', async () => {
		expect(await locate(second.handle.db, 'smoke')).toBeNull();
	});

	it('generates the smoke scale and finds its people, pages and counts', async () => {
		const db = first.handle.db;
		await generate(db, 'smoke');
		const fixture = await locate(db, 'smoke');
		expect(fixture).not.toBeNull();
		const f = fixture!;
		expect(f.rows).toMatchObject({
			setting: 24,
			self_evaluation: 24 * 3 + 1 + 6,
			peer_review: 5,
			sen_pupil: 300,
			provision_record: 1000
		});
		const statuses = await one<{
			signed_off: number;
			in_progress: number;
			finalised: number;
			visit: number;
			short: number;
		}>(
			db,
			sql`select
				(select count(*)::int from self_evaluation where status = 'signed_off') as signed_off,
				(select count(*)::int from self_evaluation where status = 'in_progress') as in_progress,
				(select count(*)::int from peer_review where stage = 'finalised' and finalised_at is not null) as finalised,
				(select count(*)::int from peer_review where stage = 'visit') as visit,
				(select count(*)::int from self_evaluation e
					where e.status = 'signed_off'
					and (select count(*) from framework_criterion c where c.version_id = e.version_id)
						<> (select count(*) from judgement j where j.evaluation_id = e.id and j.rating is not null)
				) as short`
		);
		expect(statuses).toEqual({ signed_off: 73, in_progress: 6, finalised: 4, visit: 1, short: 0 });

		// The SENCO's and head's section page, summary and contested criterion are theirs.
		const [, , evaluationId, , sectionId] = f.paths.section.split('/');
		expect(f.paths.summary).toBe(`/self-evaluation/${evaluationId}/summary`);
		expect(f.contested.evaluationId).toBe(evaluationId);
		const own = await one<{ editors: string[]; in_section: boolean; judged: number }>(
			db,
			sql`select
				(select array_agg(u.email order by u.email) from membership m
					join app_user u on u.id = m.user_id
					join self_evaluation e on e.setting_id = m.organisation_id
					where e.id = ${evaluationId} and e.status = 'in_progress') as editors,
				exists (select 1 from framework_section s join self_evaluation e on e.version_id = s.version_id
					where e.id = ${evaluationId} and s.id = ${sectionId}) as in_section,
				(select count(*)::int from judgement where evaluation_id = ${evaluationId}
					and criterion_id = ${f.contested.criterionId}) as judged`
		);
		expect(own).toEqual({ editors: [f.users.head, f.users.senco], in_section: true, judged: 1 });

		// Each autosaver's criteria have a first version to save over, in their own evaluation.
		expect(new Set(f.users.autosavers).size).toBe(5);
		for (const [i, save] of f.autosaves.entries()) {
			const saved = await one<{ n: number }>(
				db,
				sql`select count(*)::int as n from judgement j
					join self_evaluation e on e.id = j.evaluation_id and e.status = 'in_progress'
					join membership m on m.organisation_id = e.setting_id and m.role = 'senco'
					join app_user u on u.id = m.user_id and u.email = ${f.users.autosavers[i]!}
					where j.evaluation_id = ${save.evaluationId} and j.version = 1
					and j.criterion_id in (${sql.join(
						save.criterionIds.map((id) => sql`${id}::uuid`),
						sql`, `
					)})`
			);
			expect(saved.n).toBe(3);
		}

		// The moderation page is the lead reviewer's; the board's district is in its scope.
		const reviewId = f.paths.moderation.split('/')[2];
		const districtId = new URL(f.paths.boardDistrict, 'http://x').searchParams.get('district');
		const places = await one<{ lead: boolean; rated: number; agreed: number; scope: boolean }>(
			db,
			sql`select
				exists (select 1 from review_reviewer rr join app_user u on u.id = rr.user_id
					where rr.review_id = ${reviewId} and rr.is_lead and u.email = ${f.users.reviewer}) as lead,
				(select count(*)::int from reviewer_rating where review_id = ${reviewId}) as rated,
				(select count(*)::int from agreed_rating where review_id = ${reviewId}) as agreed,
				exists (select 1 from area_board_district d join membership m on m.organisation_id = d.area_board_id
					join app_user u on u.id = m.user_id
					where d.district_id = ${districtId} and u.email = ${f.users.board}) as scope`
		);
		expect(places.lead && places.scope).toBe(true);
		expect(places.agreed).toBeGreaterThan(0);
		expect(places.agreed).toBeLessThan(places.rated / 2);

		// Another scale is not there.
		expect(await locate(db, 'county')).toBeNull();
	});

	it('writes the same data from the same seed', async () => {
		await generate(second.handle.db, 'smoke');
		const [a, b] = await Promise.all([
			locate(first.handle.db, 'smoke'),
			locate(second.handle.db, 'smoke')
		]);
		expect(b!.paths.summary).toBe(a!.paths.summary);
		expect(b!.paths.moderation).toBe(a!.paths.moderation);
		expect(b!.autosaves.map((s) => s.evaluationId)).toEqual(
			a!.autosaves.map((s) => s.evaluationId)
		);
		expect(b!.rows).toEqual(a!.rows);
		expect(await digest(second.handle.db)).toEqual(await digest(first.handle.db));
	});

	it('writes text and arrays as given, whatever characters they hold', async () => {
		const db = first.handle.db;
		const place = await one<{
			tenant_id: string;
			board_id: string;
			cycle_id: string;
			author_id: string;
			review_id: string;
			criterion_id: string;
		}>(
			db,
			sql`select n.tenant_id, n.board_id, n.cycle_id, n.author_id, r.id as review_id, c.id as criterion_id
				from board_note n, peer_review r, framework_criterion c
				where r.stage = 'visit' limit 1`
		);
		const bodies = ['Say "no", \\ {twice}', 'NULL', '', "It’s done, isn't it?"];
		await db.transaction(async (tx) => {
			await insertRows(
				tx,
				boardNote,
				bodies.map((body, i) => ({
					tenantId: place.tenant_id,
					id: `00000000-0000-4000-8000-00000000000${i}`,
					boardId: place.board_id,
					cycleId: place.cycle_id,
					districtId: null,
					body,
					authorId: place.author_id
				}))
			);
			await insertRows(tx, lineOfEnquiry, [
				{
					tenantId: place.tenant_id,
					reviewId: place.review_id,
					question: 'Which criteria?',
					criterionIds: [place.criterion_id, place.criterion_id]
				}
			]);
		});
		const written = rowsOf<{ body: string; district_id: string | null }>(
			await db.execute(
				sql`select body, district_id from board_note where id::text like '00000000-%' order by id`
			)
		);
		expect(written).toEqual(bodies.map((body) => ({ body, district_id: null })));
		const enquiry = await one<{ n: number; second: string }>(
			db,
			sql`select cardinality(criterion_ids) as n, criterion_ids[2]::text as second
				from line_of_enquiry where question = 'Which criteria?'`
		);
		expect(enquiry).toEqual({ n: 2, second: place.criterion_id });
	});

	// The app's services read the second database, whose hooks ran last.
	it('gives the benchmark pages the app can read for the people it names', async () => {
		const f = (await locate(second.handle.db, 'smoke'))!;
		const [, , evaluationId, , sectionId] = f.paths.section.split('/');
		const [senco, head, reviewer, board, la] = await Promise.all(
			[f.users.senco, f.users.head, f.users.reviewer, f.users.board, f.users.la].map(scopeFor)
		);
		const section = await getSection(senco!, evaluationId!, sectionId!);
		expect(section?.rights.edit).toBe(true);
		expect(section?.section.criteria.every((c) => c.rating !== null)).toBe(true);
		const summary = await evaluationSummary(head!, evaluationId!);
		expect(summary?.unrated).toBeGreaterThan(0);

		const moderation = await moderationView(reviewer!, f.paths.moderation.split('/')[2]!);
		expect(moderation?.rights.agree).toBe(true);
		expect(moderation?.counts.agreed).toBeGreaterThan(0);
		expect(moderation?.missing.length).toBeGreaterThan(0);

		const district = new URL(f.paths.boardDistrict, 'http://x').searchParams;
		const boardView = await loadBoardView(board!, district);
		expect(boardView.filter.districtId).toBe(district.get('district'));
		expect(boardView.problems).toEqual([]);
		expect((await loadBoardView(la!, new URLSearchParams())).picture).not.toBeNull();

		const provision = await provisionDashboard(senco!, { year: null, page: 1 });
		if (!('register' in provision)) throw new Error('The SENCO cannot read the provision map');
		expect(provision.register.total).toBeGreaterThan(30);
		expect(await gapReport(senco!, null)).toBeDefined();
	});
});
