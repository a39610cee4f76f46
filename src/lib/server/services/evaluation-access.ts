import { and, eq } from 'drizzle-orm';
import { isRecordId } from '../../domain/ids';
import type { Role } from '../../domain/organisation';
import type { Scope } from '../auth/guards';
import { selfEvaluation } from '../db/schema';
import type { Tx } from '../db/tenant';

/** Who in a setting may do what with its self-evaluation. */
export const EVALUATION_RIGHTS = {
	/** Read everything, and contribute evidence. */
	read: ['headteacher', 'senco', 'staff'],
	/** Rate criteria, write narratives and next steps, start and submit. */
	edit: ['headteacher', 'senco'],
	/** Sign off, return, reopen, and decide what the area board sees. */
	signOff: ['headteacher']
} as const satisfies Record<string, readonly Role[]>;
export type EvaluationRight = keyof typeof EVALUATION_RIGHTS;

/** Whether the scope's role in its setting carries the right. */
export const mayDo = (scope: Scope, right: EvaluationRight) =>
	scope.membership.organisationKind === 'setting' &&
	(EVALUATION_RIGHTS[right] as readonly Role[]).includes(scope.membership.role);

/** States in which judgements and evidence can still change. */
export const EDITABLE_STATUSES = ['in_progress', 'returned'] as const;

/**
 * The self-evaluation row when it belongs to the scope's own setting, locked if asked; undefined for anyone else's (callers answer 404, never saying it exists).
 */
export async function memberEvaluation(
	tx: Tx,
	scope: Scope,
	evaluationId: string,
	options: { lock?: 'update' | 'share' } = {}
) {
	if (!isRecordId(evaluationId) || !mayDo(scope, 'read')) return undefined;
	const query = tx
		.select()
		.from(selfEvaluation)
		.where(
			and(
				eq(selfEvaluation.id, evaluationId),
				eq(selfEvaluation.settingId, scope.membership.organisationId)
			)
		);
	const [row] = options.lock ? await query.for(options.lock) : await query;
	return row;
}
export type EvaluationRow = NonNullable<Awaited<ReturnType<typeof memberEvaluation>>>;

/** Whether judgements and evidence of this evaluation can still change. */
export const isEditable = (row: Pick<EvaluationRow, 'status'>) =>
	(EDITABLE_STATUSES as readonly string[]).includes(row.status);
