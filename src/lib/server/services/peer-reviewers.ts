import { peerReviewer } from '../db/schema';
import type { Tx } from '../db/tenant';

/** Puts a person on the LA's register of peer reviewers, reviewing from one setting. */
export async function insertPeerReviewer(
	tx: Tx,
	tenantId: string,
	userId: string,
	settingId: string,
	addedBy: string | null = null
) {
	await tx
		.insert(peerReviewer)
		.values({ tenantId, userId, settingId, addedBy })
		.onConflictDoNothing({
			target: [peerReviewer.tenantId, peerReviewer.userId, peerReviewer.settingId]
		});
}
