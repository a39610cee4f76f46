/**
 * What the benchmark needs to find in a generated database: who signs in, and where the
 * measured pages are. `locate` in generate.ts reads it back from the database, so a database
 * generated once can be measured again without generating it afresh.
 */
export type Scale = 'smoke' | 'county' | 'england';

export interface BenchFixture {
	scale: Scale;
	/** The tenant every measured page belongs to (at England scale, one of 150). */
	tenantId: string;
	/** Every generated account's password. */
	password: string;
	users: {
		/** SENCO of the setting whose self-evaluation in the open cycle is under way. */
		senco: string;
		/** The same setting's headteacher: a second editor of the same criteria. */
		head: string;
		/** Lead reviewer of a review at its visit stage, with reviewers' ratings to moderate. */
		reviewer: string;
		/** A member of an area board. */
		board: string;
		/** An LA admin of the tenant (no second factor). */
		la: string;
		/** SENCOs of other settings, each with a self-evaluation under way in the open cycle. */
		autosavers: string[];
	};
	paths: {
		/** /self-evaluation/{evaluationId}/sections/{sectionId}: the SENCO's section page. */
		section: string;
		/** /self-evaluation/{evaluationId}/summary of the same evaluation. */
		summary: string;
		/** /peer-reviews/{reviewId}/moderation, for the reviewer. */
		moderation: string;
		/** /provision: the SENCO's setting's provision map. */
		provision: string;
		/** /board?district={districtId}: the board's view of one district in its scope. */
		boardDistrict: string;
		/** /la/districts: the LA's district comparison. */
		laDistricts: string;
		/** /cpd: the SENCO's gap report. */
		gapReport: string;
	};
	/** The in-progress self-evaluation of each of `users.autosavers`, in the same order. */
	autosaves: { evaluationId: string; criterionIds: string[] }[];
	/** The SENCO's own in-progress self-evaluation, for the conflicting saves. */
	contested: { evaluationId: string; criterionId: string };
	/** Rows in each generated table, for the report. */
	rows: Record<string, number>;
}
