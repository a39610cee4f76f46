import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { describe, expect, it } from 'vitest';
import { staffAccessSchema } from './provision-staff-access';
import { boardSharingSchema } from './review-report';

const posted = <S extends typeof boardSharingSchema | typeof staffAccessSchema>(
	schema: S,
	fields: Record<string, string>
) => {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	return superValidate(body, zod4(schema));
};

describe('a yes or no choice', () => {
	it('refuses a board sharing form posted with neither choice, instead of sharing', async () => {
		const form = await posted(boardSharingSchema, { version: '3' });
		expect(form.valid).toBe(false);
		expect(form.errors.share).toEqual(['Choose whether the area board may read the report']);
	});

	it('refuses a staff access form posted with neither choice, instead of letting staff in', async () => {
		const form = await posted(staffAccessSchema, {});
		expect(form.valid).toBe(false);
		expect(form.errors.staffRead).toEqual(['Choose whether staff can read the provision records']);
	});

	it('takes yes or no, and nothing else', async () => {
		expect((await posted(boardSharingSchema, { version: '3', share: 'no' })).data.share).toBe('no');
		expect((await posted(staffAccessSchema, { staffRead: 'yes' })).data.staffRead).toBe('yes');
		expect((await posted(boardSharingSchema, { version: '3', share: 'maybe' })).valid).toBe(false);
	});
});
