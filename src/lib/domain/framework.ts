import { SETTING_TYPES, type SettingType } from './organisation';

/** The four broad areas of need of the SEND Code of Practice, as criteria are tagged. */
export const AREAS_OF_NEED = [
	'communication_interaction',
	'cognition_learning',
	'semh',
	'sensory_physical'
] as const;
export type AreaOfNeed = (typeof AREAS_OF_NEED)[number];
export const AREA_OF_NEED_LABELS: Record<AreaOfNeed, string> = {
	communication_interaction: 'Communication and interaction',
	cognition_learning: 'Cognition and learning',
	semh: 'Social, emotional and mental health',
	sensory_physical: 'Sensory and/or physical'
};

/** One level of a framework version's rating scale; values run 1, 2, 3 ... upwards. */
export interface ScaleLevel {
	value: number;
	label: string;
	/** A #rrggbb colour for charts and tags. */
	colour: string;
}

/** Our default scale (Kent publishes none for its standards). */
export const DEFAULT_SCALE: ScaleLevel[] = [
	{ value: 1, label: 'Not yet in place', colour: '#b3261e' },
	{ value: 2, label: 'Emerging', colour: '#b25e09' },
	{ value: 3, label: 'Established', colour: '#2e6b30' },
	{ value: 4, label: 'Embedded', colour: '#1d4f91' }
];

export const MIN_SCALE_LEVELS = 2;
export const MAX_SCALE_LEVELS = 7;

export const VERSION_STATUSES = ['draft', 'published', 'retired'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export { SETTING_TYPES, type SettingType };
