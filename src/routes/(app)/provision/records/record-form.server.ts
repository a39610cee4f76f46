import type { RequestEvent } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import {
	recordSchema,
	withTermDates,
	type RecordForm,
	type RecordFormMessage
} from '$lib/schemas/provision-offer';

/** A posted record form, validated once a chosen term has set its dates. */
export async function postedRecord(event: RequestEvent) {
	const data = withTermDates(await event.request.formData());
	return superValidate<RecordForm, RecordFormMessage>(data, zod4(recordSchema));
}

/** The record form, filled in with `values` and showing no errors yet. */
export const recordForm = (values: RecordForm) =>
	superValidate<RecordForm, RecordFormMessage>(values, zod4(recordSchema), { errors: false });
