import type { ScaleLevel, AreaOfNeed } from '../../src/lib/domain/framework';
import type { SettingType } from '../../src/lib/domain/organisation';
import type { Random } from '../random';
import type { TenantShape } from '../scales';

/** What a generated setting is, as the phases after the first need to know it. */
export type SettingKind = 'primary' | 'secondary' | 'special' | 'pru' | 'earlyYears';

export interface BenchSetting {
	/** From 1, in the order written: the number in its people's emails. */
	number: number;
	id: string;
	name: string;
	kind: SettingKind;
	settingType: SettingType;
	districtId: string;
	/** Pupils (or children) on roll. */
	roll: number;
	sencoId: string;
	/** Schools have a headteacher account; early years settings do not. */
	headId: string | null;
}

export interface BenchCriterion {
	id: string;
	code: string;
	title: string;
	/** Position of its section in the version, from 0. */
	section: number;
	sectionCode: string;
	sectionTitle: string;
	statutory: boolean;
	areasOfNeed: AreaOfNeed[];
}

/** A starter framework's published version, with its criteria in framework order. */
export interface BenchFramework {
	frameworkId: string;
	versionId: string;
	scale: ScaleLevel[];
	sections: number;
	criteria: BenchCriterion[];
}

export interface BenchCycle {
	id: string;
	name: string;
	deadline: string;
	open: boolean;
}

/** A self-evaluation and its ratings in framework order (0 where not rated). */
export interface BenchEvaluation {
	id: string;
	setting: BenchSetting;
	ratings: Int8Array;
	signedOffAt: Date | null;
}

export interface Reviewer {
	userId: string;
	settingId: string;
}

/** One tenant as the phases write it: each adds what the later ones build on. */
export interface County {
	shape: TenantShape;
	/** This tenant's part of the seed: every phase forks its own generator from it. */
	random: Random;
	tenantId: string;
	laAdminId: string;
	boards: { id: string; districtIds: string[]; memberId: string }[];
	/** The measured setting (a large primary in board 1's first district) first. */
	settings: BenchSetting[];
	frameworks: Record<SettingType, BenchFramework>;
	/** The three closed cycles, oldest first, then the open one. */
	cycles: BenchCycle[];
	/** Each cycle's self-evaluations, by setting id, in the order of `cycles`. */
	evaluations: Map<string, BenchEvaluation>[];
	/** The LA's register of peer reviewers, the visit's lead first. */
	reviewers: Reviewer[];
	/** Settings whose evaluation of the open cycle is under way (the measured one first). */
	inProgress: BenchSetting[];
	/** The host of the review at its visit stage, signed off in the open cycle. */
	visitHost: BenchSetting;
	/** The hosts of each closed cycle's finalised reviews. */
	reviewHosts: BenchSetting[][];
}

/** How text about a setting speaks of its adults and children. */
export const isEarlyYears = (s: BenchSetting) => s.settingType === 'early_years';
