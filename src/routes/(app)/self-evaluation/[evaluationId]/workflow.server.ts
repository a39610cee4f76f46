import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { message, superValidate, type SuperValidated } from 'sveltekit-superforms';
import type { ValidationAdapter } from 'sveltekit-superforms/adapters';
import type { WorkflowMessage } from '$lib/schemas/evaluation-workflow';
import { requireScope, type Scope } from '$lib/server/auth/guards';
import { mayDo } from '$lib/server/services/evaluation-access';
import {
	getEvaluation,
	type SharingResult,
	type WorkflowResult
} from '$lib/server/services/evaluations';

type Params = { evaluationId: string };

const FORBIDDEN = {
	edit: 'Only the SENCO or the headteacher can submit the self-evaluation for sign-off.',
	signOff:
		'Only the headteacher or setting manager can sign off, return or reopen the self-evaluation, or choose what the area board sees.'
} as const;

/** The task list, where every step ends up; `done` names the notice it shows. */
export const taskListPath = (evaluationId: string, done?: string) =>
	`/self-evaluation/${evaluationId}${done ? `?done=${done}` : ''}`;

/**
 * The evaluation for a workflow page. Whether it exists is settled before the role, so
 * another setting's evaluation is not found for everyone, as on every other page.
 */
export async function loadForStep(event: RequestEvent<Params>, right: 'edit' | 'signOff') {
	const scope = await requireScope(event, { kind: 'setting' });
	const found = await getEvaluation(scope, event.params.evaluationId);
	if (!found) error(404, 'Page not found');
	if (!mayDo(scope, right)) error(403, FORBIDDEN[right]);
	return found;
}

/** Back to the task list when the step was taken; otherwise says on the form why not. */
export function answer<T extends Record<string, unknown>>(
	form: SuperValidated<T, WorkflowMessage>,
	evaluationId: string,
	result: WorkflowResult | SharingResult,
	done: string
) {
	if (result.ok) redirect(303, taskListPath(evaluationId, done));
	// The service looks the evaluation up before the role, so another setting's is a 404.
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'forbidden')
		error(403, FORBIDDEN[done === 'submitted' ? 'edit' : 'signOff']);
	const refusal: WorkflowMessage =
		result.reason === 'incomplete'
			? { kind: 'incomplete', unrated: result.unrated }
			: result.reason === 'wrong-status'
				? { kind: 'wrong-status', status: result.status }
				: result.reason === 'shared-for-review'
					? { kind: 'shared-for-review' }
					: { kind: 'stale' };
	return message(form, refusal, { status: 409 });
}

/**
 * A workflow form's action: reads the posted form, takes the step with `take` when it is
 * valid, and answers as `answer` does. `id` tells apart two forms on one page.
 */
export function stepAction<T extends Record<string, unknown>>(
	adapter: ValidationAdapter<T>,
	done: string,
	take: (scope: Scope, evaluationId: string, data: T) => Promise<WorkflowResult | SharingResult>,
	options?: { id: string }
) {
	return async (event: RequestEvent<Params>) => {
		const scope = await requireScope(event, { kind: 'setting' });
		const form = await superValidate<T, WorkflowMessage>(event.request, adapter, options);
		if (!form.valid) return fail(400, { form });
		const { evaluationId } = event.params;
		return answer(form, evaluationId, await take(scope, evaluationId, form.data), done);
	};
}
