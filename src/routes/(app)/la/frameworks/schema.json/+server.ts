import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { frameworkFileSchema } from '$lib/schemas/framework-file';
import { requireLaStaff } from '$lib/server/auth/guards';
import type { RequestHandler } from './$types';

// Made once: the schema is fixed for the life of the process. Rules that span fields (levels
// numbered in order, one descriptor per level, unique codes) cannot be said in JSON Schema;
// the format page describes them.
const schema = {
	...z.toJSONSchema(frameworkFileSchema, { io: 'input', unrepresentable: 'any' }),
	title: 'Inclusio framework file',
	description:
		'A version of a self-evaluation framework: its scale, sections and criteria. See /la/frameworks/format.'
};

/** The framework file format as JSON Schema, for editors and other tools to check files with. */
export const GET: RequestHandler = async (event) => {
	await requireLaStaff(event);
	return json(schema, { headers: { 'cache-control': 'private, max-age=3600' } });
};
