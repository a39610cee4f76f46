import {
	AREA_OF_NEED_LABELS,
	AREAS_OF_NEED,
	MAX_SCALE_LEVELS,
	MIN_SCALE_LEVELS
} from '$lib/domain/framework';
import { SETTING_TYPE_LABELS, SETTING_TYPES } from '$lib/domain/organisation';

/** One field of the framework file, as the format page explains it. */
export interface FieldHelp {
	field: string;
	required: boolean;
	what: string;
	rules: string;
}

const codeRule =
	'1 to 24 letters, digits, dots or hyphens, starting with a letter or digit. Not case sensitive: S1 and s1 are the same code.';

export const FORMAT_PARTS: { id: string; title: string; intro: string; fields: FieldHelp[] }[] = [
	{
		id: 'file',
		title: 'The whole file',
		intro: 'A JSON object with these fields, and no others.',
		fields: [
			{
				field: 'format',
				required: true,
				what: 'Says what the file is.',
				rules: 'Always "inclusio-framework".'
			},
			{
				field: 'formatVersion',
				required: true,
				what: 'The version of this format.',
				rules: 'Always the number 1.'
			},
			{ field: 'framework', required: true, what: 'Which framework this is.', rules: 'See below.' },
			{ field: 'version', required: true, what: 'This version of it.', rules: 'See below.' },
			{
				field: 'scale',
				required: true,
				what: 'The rating scale, lowest level first.',
				rules: `A list of ${MIN_SCALE_LEVELS} to ${MAX_SCALE_LEVELS} levels.`
			},
			{
				field: 'sections',
				required: true,
				what: 'The sections, in the order settings see them.',
				rules: 'A list of at least one section.'
			}
		]
	},
	{
		id: 'framework',
		title: 'framework: which framework it is',
		intro:
			'The key decides where an import goes: a file with the key of one of your frameworks becomes its next version; any other key starts a new framework.',
		fields: [
			{
				field: 'key',
				required: true,
				what: 'A short name that stays the same across versions, like mcs.',
				rules: '2 to 40 lower-case letters, digits or hyphens, starting with a letter or digit.'
			},
			{
				field: 'name',
				required: true,
				what: 'The framework’s name as people know it.',
				rules: 'Up to 200 characters. A new version of an existing framework keeps the name it has.'
			},
			{
				field: 'description',
				required: false,
				what: 'What the framework is for.',
				rules: 'Up to 4,000 characters.'
			}
		]
	},
	{
		id: 'version',
		title: 'version: this version of it',
		intro: 'Version numbers are given on import: the next number after the framework’s last one.',
		fields: [
			{
				field: 'label',
				required: true,
				what: 'How people tell versions apart, like 2026.',
				rules: 'Up to 60 characters.'
			},
			{
				field: 'notes',
				required: false,
				what: 'What changed in this version, and why.',
				rules: 'Up to 4,000 characters.'
			}
		]
	},
	{
		id: 'scale',
		title: 'scale: each level',
		intro: 'Levels are listed lowest first.',
		fields: [
			{
				field: 'value',
				required: true,
				what: 'The level’s number.',
				rules: 'Whole numbers 1, 2, 3 … in the order the levels are listed.'
			},
			{
				field: 'label',
				required: true,
				what: 'The level’s name, like Emerging.',
				rules: 'Up to 60 characters.'
			},
			{
				field: 'colour',
				required: true,
				what: 'The colour charts and tags show the level in.',
				rules: 'A hex colour like #1d4f91.'
			}
		]
	},
	{
		id: 'section',
		title: 'sections: each section',
		intro: '',
		fields: [
			{
				field: 'code',
				required: true,
				what: 'A short reference, like MCS-3.',
				rules: `${codeRule} Unique among the sections.`
			},
			{
				field: 'title',
				required: true,
				what: 'The section’s title.',
				rules: 'Up to 200 characters.'
			},
			{
				field: 'description',
				required: false,
				what: 'What the section covers.',
				rules: 'Up to 4,000 characters.'
			},
			{
				field: 'criteria',
				required: true,
				what: 'The section’s criteria, in order.',
				rules: 'A list of at least one criterion.'
			}
		]
	},
	{
		id: 'criterion',
		title: 'criteria: each criterion of a section',
		intro: '',
		fields: [
			{
				field: 'code',
				required: true,
				what: 'A short reference, like MCS-3.2.',
				rules: `${codeRule} Unique among all the criteria of the file.`
			},
			{ field: 'title', required: true, what: 'What is expected.', rules: 'Up to 200 characters.' },
			{
				field: 'descriptors',
				required: true,
				what: 'What the criterion looks like at each level of the scale, lowest first.',
				rules:
					'A list of text with exactly one entry per scale level. None may be empty; each up to 2,000 characters.'
			},
			{
				field: 'statutory',
				required: false,
				what: 'Whether the criterion is a duty in law. A statutory criterion not in place holds its section at the lowest level.',
				rules: 'true or false; false if left out.'
			},
			{
				field: 'areasOfNeed',
				required: false,
				what: 'The broad areas of need it is about. Leave it out or empty for all of them.',
				rules: `A list of: ${AREAS_OF_NEED.map((a) => `${a} (${AREA_OF_NEED_LABELS[a]})`).join('; ')}.`
			},
			{
				field: 'settingTypes',
				required: true,
				what: 'The types of setting evaluated against it.',
				rules: `A list of at least one of: ${SETTING_TYPES.map((t) => `${t} (${SETTING_TYPE_LABELS[t]})`).join('; ')}.`
			}
		]
	}
];

/** A small complete file, to copy from. */
export const EXAMPLE_FILE = {
	format: 'inclusio-framework',
	formatVersion: 1,
	framework: { key: 'transition', name: 'Transition audit', description: '' },
	version: { label: '2026', notes: 'First version.' },
	scale: [
		{ value: 1, label: 'Not yet in place', colour: '#b3261e' },
		{ value: 2, label: 'Emerging', colour: '#b25e09' },
		{ value: 3, label: 'Established', colour: '#2e6b30' }
	],
	sections: [
		{
			code: 'T1',
			title: 'Moving between phases',
			description: '',
			criteria: [
				{
					code: 'T1.1',
					title: 'Information about each pupil’s needs goes with them',
					descriptors: [
						'Information is passed on only when asked for.',
						'Information is passed on for most pupils, but late.',
						'Information is passed on for every pupil before they move.'
					],
					statutory: false,
					areasOfNeed: [],
					settingTypes: ['mainstream', 'special']
				}
			]
		}
	]
};
