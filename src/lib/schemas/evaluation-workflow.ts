import { z } from 'zod';
import { SHARING_LEVELS, type EvaluationStatus } from '../domain/evaluation';
import { isRecordId } from '../domain/ids';

export const WORKFLOW_COMMENT_MAX = 2000;

/**
 * The version of the self-evaluation the person saw. Every step moves it on, so a form
 * read before someone else's step is refused instead of acting on what they no longer see.
 */
const stamp = z.number({ error: 'The form is out of date: reload the page' }).int().min(1);

const comment = (missing: string) =>
	z
		.string()
		.trim()
		.min(1, missing)
		.max(WORKFLOW_COMMENT_MAX, `Write ${WORKFLOW_COMMENT_MAX} characters or fewer`);

/** Starting the setting's self-evaluation in an open cycle. */
export const startSchema = z.object({
	cycleId: z.string().refine(isRecordId, 'Choose a cycle from the list')
});

/** A step that needs nothing but the version seen: submitting, signing off. */
export const workflowStampSchema = z.object({ version: stamp });
export type WorkflowStampForm = z.infer<typeof workflowStampSchema>;

/** The head sends the self-evaluation back to the SENCO, saying what must change. */
export const returnSchema = z.object({
	version: stamp,
	comment: comment('Write what needs to change before you sign off')
});
export type ReturnForm = z.infer<typeof returnSchema>;

/** The head reopens a signed-off self-evaluation; the reason goes into its trail. */
export const reopenSchema = z.object({
	version: stamp,
	reason: comment('Write why you are reopening it')
});
export type ReopenForm = z.infer<typeof reopenSchema>;

/** What the area board may see of the self-evaluation. */
export const sharingSchema = z.object({
	version: stamp,
	sharing: z.enum(SHARING_LEVELS, { error: 'Choose what the area board sees' })
});
export type SharingForm = z.infer<typeof sharingSchema>;

/** Why a workflow step was refused, for the page to explain. */
export type WorkflowMessage =
	| { kind: 'stale' }
	| { kind: 'wrong-status'; status: EvaluationStatus }
	| { kind: 'incomplete'; unrated: number }
	| { kind: 'shared-for-review' };
