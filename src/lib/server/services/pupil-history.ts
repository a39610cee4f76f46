import type { PupilEvent } from '../../domain/provision';
import type { Scope } from '../auth/guards';
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

/**
 * Adds a line to a pupil's register history: the entry as it stands from `effectiveOn`.
 * Every write to the register calls this in the same transaction, whether typed or imported.
 */
export async function recordPupilChange(
	tx: Tx,
	scope: Scope,
	change: { pupilId: string; event: PupilEvent; effectiveOn: string; entry: PupilSnapshot }
): Promise<void> {
	await tx.insert(senPupilChange).values({
		tenantId: scope.tenantId,
		pupilId: change.pupilId,
		event: change.event,
		effectiveOn: change.effectiveOn,
		...snapshotOf(change.entry),
		changedBy: scope.userId
	});
}
