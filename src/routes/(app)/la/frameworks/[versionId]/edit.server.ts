import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { message, setError, superValidate, type SuperValidated } from 'sveltekit-superforms';
import { zod4, type ValidationAdapter } from 'sveltekit-superforms/adapters';
import { versionHref } from '$lib/components/frameworks/display';
import { versionStampSchema, type DraftFormMessage } from '$lib/schemas/frameworks';
import { requireLaAdmin, type Scope } from '$lib/server/auth/guards';
import {
	getVersion,
	type DraftResult,
	type PublishResult,
	type StepResult
} from '$lib/server/services/frameworks';

type Params = { versionId: string };
type Event = RequestEvent<Params>;
type Form = Record<string, unknown> & { version: number };

/** Where a change to a version sends people: the version, saying what was done. */
export const donePath = (versionId: string, done: string) =>
	`${versionHref(versionId)}?done=${done}`;

/** The version for an administrator's page about it, or a 404. */
export async function loadVersion(event: Event) {
	const scope = await requireLaAdmin(event);
	const version = await getVersion(scope, event.params.versionId);
	if (!version) error(404, 'Page not found');
	return { scope, version };
}

/** The version and one of its sections, or a 404. */
export async function loadSection(event: RequestEvent<Params & { sectionId: string }>) {
	const { version } = await loadVersion(event);
	const section = version.sections.find((s) => s.id === event.params.sectionId);
	if (!section) error(404, 'Page not found');
	return { version, section };
}

/** The version and one of its criteria, or a 404. */
export async function loadCriterion(event: RequestEvent<Params & { criterionId: string }>) {
	const { version } = await loadVersion(event);
	const criterion = version.sections
		.flatMap((s) => s.criteria)
		.find((c) => c.id === event.params.criterionId);
	if (!criterion) error(404, 'Page not found');
	return { version, criterion };
}

/** A draft's form as the page first shows it: filled in, with no errors yet. */
export const draftForm = <T extends Form, C = undefined>(
	values: T,
	adapter: ValidationAdapter<T>,
	id?: string
) => superValidate<T, DraftFormMessage<C>>(values, adapter, { errors: false, id });

/** What a save of a draft's form does next. */
export interface Answer<F extends string> {
	/** The `?done=` code the version page shows a notice for. */
	done: string;
	/** What the version page scrolls to: the section or criterion that was saved. */
	anchor?: 'section' | 'criterion';
	/** Where on the form a field the service refused keeps its error ('' for the whole form). */
	errorPath?: (field: F) => string;
}

/**
 * Back to the version once a draft's form is saved; otherwise says on the form why not. A
 * conflict moves the form on to the newer version, so saving again applies these values over
 * it knowingly; with nothing saved to compare (an addition), the form just says it was stale.
 */
export function answer<T extends Form, C, F extends string, In extends Record<string, unknown>>(
	form: SuperValidated<T, DraftFormMessage<C>, In>,
	versionId: string,
	result: DraftResult<C, F>,
	{ done, anchor, errorPath }: Answer<F>
) {
	if (result.ok)
		redirect(303, donePath(versionId, done + (anchor ? `#${anchor}-${result.id}` : '')));
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'invalid') {
		const path = errorPath ? errorPath(result.field) : result.field;
		return setError(form as SuperValidated<Form>, path as '', result.message);
	}
	if (result.reason === 'not-draft')
		return message(form, { frozen: result.status }, { status: 409 });
	form.data.version = result.version;
	const said: DraftFormMessage<C> =
		result.current === undefined ? { stale: true } : { conflict: result.current };
	return message(form, said, { status: 409 });
}

/** Saves a draft's form through `save`, then answers as `answer` does. */
export async function saveDraftForm<
	T extends Form,
	C,
	F extends string,
	In extends Record<string, unknown>
>(
	event: Event,
	adapter: ValidationAdapter<T, In>,
	save: (scope: Scope, input: Omit<T, 'version'>, version: number) => Promise<DraftResult<C, F>>,
	then: Answer<F>
) {
	const scope = await requireLaAdmin(event);
	const form = await superValidate<T, DraftFormMessage<C>, In>(event.request, adapter);
	if (!form.valid) return fail(400, { form });
	const { version, ...input } = form.data;
	const result = await save(scope, input, version);
	return answer(form, event.params.versionId, result, then);
}

/**
 * Takes a step that only needs the draft as the user saw it (publish, delete), then goes to
 * `to`; otherwise says why not: stale, no longer a draft, or not ready to publish.
 */
export async function confirmStep(
	event: Event,
	step: (scope: Scope, version: number) => Promise<StepResult | PublishResult>,
	to: string
) {
	const scope = await requireLaAdmin(event);
	const form = await superValidate(event.request, zod4(versionStampSchema));
	if (!form.valid) return fail(400, { stale: true });
	const result = await step(scope, form.data.version);
	if (result.ok) redirect(303, to);
	if (result.reason === 'not-found') error(404, 'Page not found');
	if (result.reason === 'not-draft') return fail(409, { frozen: result.status });
	if (result.reason === 'problems') return fail(400, { problems: result.problems });
	return fail(409, { stale: true });
}
