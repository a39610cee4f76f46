import { z } from 'zod';
import {
	AREAS_OF_NEED,
	MAX_SCALE_LEVELS,
	MIN_SCALE_LEVELS,
	SETTING_TYPES
} from '../domain/framework';

const text = (what: string, max: number) =>
	z
		.string({ error: `${what} must be text` })
		.trim()
		.min(1, `${what} cannot be empty`)
		.max(max, `${what} must be ${max} characters or fewer`);

const code = (what: string) =>
	z
		.string({ error: `${what} must be text` })
		.trim()
		.regex(
			/^[A-Za-z0-9][A-Za-z0-9.-]{0,23}$/,
			`${what} must be 1-24 letters, digits, dots or hyphens, like MCS-3.2`
		);

const scaleLevel = z.strictObject({
	value: z.number({ error: 'value must be a whole number' }).int('value must be a whole number'),
	label: text('label', 60),
	colour: z
		.string({ error: 'colour must be text' })
		.regex(/^#[0-9a-fA-F]{6}$/, 'colour must be a hex colour like #1d4f91')
});

const criterion = z.strictObject({
	code: code('code'),
	title: text('title', 200),
	descriptors: z.array(text('descriptor', 2000), { error: 'descriptors must be a list of text' }),
	statutory: z.boolean({ error: 'statutory must be true or false' }).default(false),
	areasOfNeed: z
		.array(z.enum(AREAS_OF_NEED, { error: `must be one of ${AREAS_OF_NEED.join(', ')}` }))
		.default([]),
	settingTypes: z
		.array(z.enum(SETTING_TYPES, { error: `must be one of ${SETTING_TYPES.join(', ')}` }))
		.min(1, 'settingTypes must name at least one setting type')
});

const section = z.strictObject({
	code: code('code'),
	title: text('title', 200),
	description: z.string({ error: 'description must be text' }).trim().max(4000).default(''),
	criteria: z.array(criterion).min(1, 'a section needs at least one criterion')
});

/**
 * A framework version as a JSON file: what the LA exports and imports, and what the starter
 * frameworks are written in. Rules that span fields (scale values, descriptor counts, unique
 * codes) are reported at the path of the offending value.
 */
export const frameworkFileSchema = z
	.strictObject({
		format: z.literal('inclusio-framework', {
			error: 'format must be "inclusio-framework"'
		}),
		formatVersion: z.literal(1, { error: 'formatVersion must be 1' }),
		framework: z.strictObject({
			key: z
				.string({ error: 'key must be text' })
				.regex(
					/^[a-z0-9][a-z0-9-]{1,39}$/,
					'key must be 2-40 lower-case letters, digits or hyphens'
				),
			name: text('name', 200),
			description: z.string({ error: 'description must be text' }).trim().max(4000).default('')
		}),
		version: z.strictObject({
			label: text('label', 60),
			notes: z.string({ error: 'notes must be text' }).trim().max(4000).default('')
		}),
		scale: z
			.array(scaleLevel)
			.min(MIN_SCALE_LEVELS, `a scale needs at least ${MIN_SCALE_LEVELS} levels`)
			.max(MAX_SCALE_LEVELS, `a scale has at most ${MAX_SCALE_LEVELS} levels`),
		sections: z.array(section).min(1, 'a framework needs at least one section')
	})
	// Runs even when fields have problems of their own, so one upload reports everything; it
	// reads the raw input, which may be any shape.
	.superRefine(
		(file, ctx) => {
			const list = (value: unknown): Record<string, unknown>[] =>
				Array.isArray(value)
					? (value as unknown[]).filter(
							(v): v is Record<string, unknown> => typeof v === 'object' && v !== null
						)
					: [];
			const codeOf = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
			const scale = list(file.scale);
			scale.forEach((level, i) => {
				if (typeof level.value === 'number' && level.value !== i + 1)
					ctx.addIssue({
						code: 'custom',
						path: ['scale', i, 'value'],
						message: `levels are numbered 1, 2, 3 ... in order: this one should be ${i + 1}`
					});
			});
			const sectionCodes = new Set<string>();
			const criterionCodes = new Set<string>();
			list(file.sections).forEach((s, i) => {
				const code = codeOf(s.code);
				if (code && sectionCodes.has(code.toLowerCase()))
					ctx.addIssue({
						code: 'custom',
						path: ['sections', i, 'code'],
						message: `section code ${code} is used twice`
					});
				sectionCodes.add(code.toLowerCase());
				list(s.criteria).forEach((c, j) => {
					const at = ['sections', i, 'criteria', j];
					const criterionCode = codeOf(c.code);
					if (criterionCode && criterionCodes.has(criterionCode.toLowerCase()))
						ctx.addIssue({
							code: 'custom',
							path: [...at, 'code'],
							message: `criterion code ${criterionCode} is used twice`
						});
					criterionCodes.add(criterionCode.toLowerCase());
					if (
						Array.isArray(c.descriptors) &&
						scale.length > 0 &&
						c.descriptors.length !== scale.length
					)
						ctx.addIssue({
							code: 'custom',
							path: [...at, 'descriptors'],
							message: `needs one descriptor for each of the ${scale.length} scale levels, found ${c.descriptors.length}`
						});
				});
			});
		},
		{ when: (payload) => typeof payload.value === 'object' && payload.value !== null }
	);
export type FrameworkFile = z.infer<typeof frameworkFileSchema>;
