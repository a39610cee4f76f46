import type { PupilEvent } from '../../domain/provision';
import type { Scope } from '../auth/guards';
import { chunked } from '../db/chunks';
import { senPupil, senPupilChange } from '../db/schema';
import type { Tx } from '../db/tenant';

/** The parts of a register entry its history follows. */
export type PupilSnapshot = Pick<
	typeof senPupil.$inferSelect,
	'yearGroup' | 'senStatus' | 'primaryNeed' | 'secondaryNeed'
>;

const snapshotOf = (p: PupilSnapshot): PupilSnapshot => ({
	yearGroup: p.yearGroup,
	senStatus: p.senStatus,
	primaryNeed: p.primaryNeed,
	secondaryNeed: p.secondaryNeed
});

/** Whether a change touches what the history follows (a new reference alone does not). */
export const changesHistory = (before: PupilSnapshot, after: PupilSnapshot) =>
	(Object.keys(snapshotOf(before)) as (keyof PupilSnapshot)[]).some((k) => before[k] !== after[k]);

export interface PupilChange {
	pupilId: string;
	event: PupilEvent;
	effectiveOn: string;
	entry: PupilSnapshot;
}

/**
 * Adds lines to pupils' register history: each entry as it stands from its `effectiveOn`.
 * Every write to the register calls this in the same transaction, whether typed or imported;
 * an import's thousands of lines go in a few statements.
 */
export async function recordPupilChanges(
	tx: Tx,
	scope: Scope,
	changes: readonly PupilChange[]
): Promise<void> {
	for (const part of chunked(changes)) {
		await tx.insert(senPupilChange).values(
			part.map((change) => ({
				tenantId: scope.tenantId,
				pupilId: change.pupilId,
				event: change.event,
				effectiveOn: change.effectiveOn,
				...snapshotOf(change.entry),
				changedBy: scope.userId
			}))
		);
	}
}
