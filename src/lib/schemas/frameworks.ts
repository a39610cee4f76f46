import { z } from 'zod';
import {
	AREAS_OF_NEED,
	MAX_SCALE_LEVELS,
	MIN_SCALE_LEVELS,
	SETTING_TYPES,
	type AreaOfNeed,
	type SettingType
} from '../domain/framework';
import { isRecordId } from '../domain/ids';

/** The largest framework file the import accepts. */
export const FRAMEWORK_MAX_BYTES = 2 * 1024 * 1024;

/** The version of the draft a form was read at; any change to the draft moves it on. */
const stamp = z.number({ error: 'The form is out of date: reload the page' }).int().min(1);

/** A form that changes nothing but needs the draft as the user saw it: publish, delete, move. */
export const versionStampSchema = z.object({ version: stamp });

const text = (name: string, max: number) =>
	z
		.string()
		.trim()
		.min(1, `Enter a ${name}`)
		.max(max, `The ${name} must be ${max} characters or fewer`);

// The same rule as the file format's codes, so whatever a form saves can be exported.
const code = (what: string) =>
	z
		.string()
		.trim()
		.min(1, `Enter ${what}`)
		.regex(
			/^[A-Za-z0-9][A-Za-z0-9.-]{0,23}$/,
			'Use up to 24 letters, digits, dots or hyphens, starting with a letter or digit, like MCS-3.2'
		);

/** A draft version's label and notes. */
export const versionDetailsSchema = z.object({
	label: text('version label', 60),
	notes: z.string().trim().max(4000, 'Notes must be 4000 characters or fewer'),
	version: stamp
});
export type VersionDetailsForm = z.infer<typeof versionDetailsSchema>;
export type VersionDetailsInput = Omit<VersionDetailsForm, 'version'>;

const colour = z
	.string()
	.trim()
	.regex(/^#[0-9a-fA-F]{6}$/, 'Choose a colour, written like #1d4f91')
	.transform((v) => v.toLowerCase());
const levelLabel = z
	.string()
	.trim()
	.min(1, 'Enter a name for the level')
	.max(60, 'A level name must be 60 characters or fewer');

/**
 * The names and colours of a draft's scale levels, lowest first. Sent as two lists so the
 * form works without JavaScript; adding or removing a level has forms of its own.
 */
export const scaleSchema = z
	.object({
		labels: z
			.array(levelLabel)
			.min(MIN_SCALE_LEVELS, `A scale needs at least ${MIN_SCALE_LEVELS} levels`)
			.max(MAX_SCALE_LEVELS, `A scale has at most ${MAX_SCALE_LEVELS} levels`),
		colours: z.array(colour),
		version: stamp
	})
	.superRefine((scale, ctx) => {
		if (scale.colours.length !== scale.labels.length)
			ctx.addIssue({
				code: 'custom',
				path: ['colours'],
				message: 'Give every level a colour'
			});
		const seen = new Set<string>();
		scale.labels.forEach((label, i) => {
			if (seen.has(label.toLowerCase()))
				ctx.addIssue({
					code: 'custom',
					path: ['labels', i],
					message: `Two levels are called ${label}: give each its own name`
				});
			seen.add(label.toLowerCase());
		});
	});
export type ScaleForm = z.infer<typeof scaleSchema>;

/** A new level at the top of a draft's scale. */
export const addLevelSchema = z.object({ label: levelLabel, colour, version: stamp });
export type AddLevelForm = z.infer<typeof addLevelSchema>;

/** Adding or changing a section of a draft. */
export const sectionSchema = z.object({
	code: code('a section code'),
	title: text('section title', 200),
	description: z.string().trim().max(4000, 'Description must be 4000 characters or fewer')
});
export type SectionInput = z.infer<typeof sectionSchema>;
export const sectionFormSchema = sectionSchema.extend({ version: stamp });
export type SectionForm = z.infer<typeof sectionFormSchema>;

/**
 * Adding or changing a criterion of a draft. A descriptor may be left blank while drafting;
 * publishing needs them all. The service checks there is one for each level of the scale.
 */
export const criterionSchema = z.object({
	sectionId: z.string().refine(isRecordId, 'Select a section from the list'),
	code: code('a criterion code'),
	title: text('criterion title', 200),
	descriptors: z
		.array(z.string().trim().max(2000, 'A descriptor must be 2000 characters or fewer'))
		.min(MIN_SCALE_LEVELS, 'Write a descriptor for each level of the scale')
		.max(MAX_SCALE_LEVELS, 'Write a descriptor for each level of the scale'),
	statutory: z.boolean().default(false),
	areasOfNeed: z.array(z.enum(AREAS_OF_NEED, { error: 'Select areas of need from the list' })),
	settingTypes: z
		.array(z.enum(SETTING_TYPES, { error: 'Select types of setting from the list' }))
		.min(1, 'Select at least one type of setting the criterion applies to')
});
export type CriterionInput = z.infer<typeof criterionSchema>;
export const criterionFormSchema = criterionSchema.extend({ version: stamp });
export type CriterionForm = z.infer<typeof criterionFormSchema>;

/** Moving a section or criterion one place up or down. */
export const moveSchema = z.object({
	id: z.string().refine(isRecordId, 'Choose something to move'),
	direction: z.enum(['up', 'down'], { error: 'Choose up or down' }),
	version: stamp
});

/** Uploading a framework file. What is inside it is checked by the service. */
export const frameworkUploadSchema = z.object({
	file: z.instanceof(File, { message: 'Select a JSON file' }).superRefine((file, ctx) => {
		if (!/\.json$/i.test(file.name)) {
			ctx.addIssue({ code: 'custom', message: 'The selected file must be a JSON file' });
		} else if (file.size > FRAMEWORK_MAX_BYTES) {
			ctx.addIssue({ code: 'custom', message: 'The selected file must be smaller than 2 MB' });
		}
	})
});

/** What a failed save of a draft's form carries back besides field errors. */
export interface DraftFormMessage<T> {
	/** What is saved now, when someone else changed the draft since the form was read. */
	conflict?: T;
	/** Someone else changed the draft since the form was read, and there is nothing to compare. */
	stale?: boolean;
	/** The version is no longer a draft (someone published it), so nothing can change. */
	frozen?: 'published' | 'retired';
}

export type { AreaOfNeed, SettingType };

/** Where a form keeps a field's own errors: a list's are under `_errors`, not its items. */
export const criterionErrorPath = (field: 'code' | 'sectionId' | 'descriptors') =>
	field === 'descriptors' ? ('descriptors._errors' as const) : field;
