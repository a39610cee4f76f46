import { and, asc, count, desc, eq } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import type { Scope } from '../auth/guards';
import {
	areaBoard,
	evaluationCycle,
	organisation,
	peerReview,
	reviewRound,
	setting
} from '../db/schema';
import { rowOf } from '../db/joins';
import { inTenant, type Tx } from '../db/tenant';
import { inBoardScope } from './boards';
import { reportDocument } from './review-report';

// The area board's view: final reports its settings chose to share, and nothing else.

export const BOARD_REPORTS_PAGE_SIZE = 25;

/** The board the caller acts for, if they act for one. */
const boardOf = (scope: Scope) =>
	scope.membership.organisationKind === 'area_board' ? scope.membership.organisationId : null;

/** The caller's board, joined to each review whose host setting is in its scope. */
const theBoard = (tx: Tx, boardId: string) =>
	and(eq(areaBoard.tenantId, peerReview.tenantId), eq(areaBoard.id, boardId), inBoardScope(tx));

const sharedAndFinal = and(eq(peerReview.stage, 'finalised'), eq(peerReview.boardSharing, true));

/** Final reports shared with the board by settings in its scope. */
function sharedWithBoard(tx: Tx, boardId: string) {
	return tx
		.select({
			review: peerReview,
			hostName: organisation.name,
			roundName: reviewRound.name,
			cycleName: evaluationCycle.name
		})
		.from(peerReview)
		.innerJoin(setting, rowOf(setting, peerReview.tenantId, peerReview.hostSettingId))
		.innerJoin(organisation, rowOf(organisation, peerReview.tenantId, peerReview.hostSettingId))
		.innerJoin(reviewRound, rowOf(reviewRound, peerReview.tenantId, peerReview.roundId))
		.innerJoin(evaluationCycle, rowOf(evaluationCycle, reviewRound.tenantId, reviewRound.cycleId))
		.innerJoin(areaBoard, theBoard(tx, boardId));
}

/** A page of the final reports shared with the caller's board, newest first. */
export async function boardReports(scope: Scope, page: number) {
	const boardId = boardOf(scope);
	if (!boardId) return undefined;
	return inTenant(scope, async (tx) => {
		const [rows, [total]] = await Promise.all([
			sharedWithBoard(tx, boardId)
				.where(sharedAndFinal)
				.orderBy(desc(peerReview.finalisedAt), asc(organisation.name))
				.limit(BOARD_REPORTS_PAGE_SIZE)
				.offset((page - 1) * BOARD_REPORTS_PAGE_SIZE),
			tx
				.select({ n: count() })
				.from(peerReview)
				.innerJoin(setting, rowOf(setting, peerReview.tenantId, peerReview.hostSettingId))
				.innerJoin(areaBoard, theBoard(tx, boardId))
				.where(sharedAndFinal)
		]);
		return {
			rows: rows.map((r) => ({
				id: r.review.id,
				hostName: r.hostName,
				roundName: r.roundName,
				cycleName: r.cycleName,
				finalisedAt: r.review.finalisedAt!
			})),
			total: total?.n ?? 0
		};
	});
}

/** One final report shared with the caller's board; undefined (404) for any other. */
export async function boardReport(scope: Scope, reviewId: string) {
	const boardId = boardOf(scope);
	if (!boardId || !isRecordId(reviewId)) return undefined;
	return inTenant(scope, async (tx) => {
		const [found] = await sharedWithBoard(tx, boardId).where(
			and(sharedAndFinal, eq(peerReview.id, reviewId))
		);
		return found ? reportDocument(tx, found) : undefined;
	});
}
