import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE, type AreaOfNeed } from './framework';
import { GAP_WEIGHTS, measure, rankGaps, type GapCriterion } from './gaps';

let next = 0;
/** A criterion with no peer rating and no previous cycle unless given. */
function criterion(
	code: string,
	rating: number | null,
	target: number | null,
	more: Partial<GapCriterion> = {}
): GapCriterion {
	next += 1;
	return {
		id: `c${next}`,
		code,
		title: `Criterion ${code}`,
		sectionCode: code.split('.')[0]!,
		sectionTitle: `Section ${code.split('.')[0]}`,
		statutory: false,
		areasOfNeed: [],
		rating,
		target,
		peer: null,
		previous: null,
		...more
	};
}

const rank = (...criteria: GapCriterion[]) => rankGaps(criteria, DEFAULT_SCALE);
const codes = (analysis: ReturnType<typeof rankGaps>) => analysis.gaps.map((g) => g.criterion.code);

describe('a gap', () => {
	it('is the levels between target and self-rating when there is no peer rating', () => {
		const [gap] = rank(criterion('A.1', 2, 4)).gaps;
		expect(gap).toMatchObject({ levels: 2, score: 2, standing: 2, target: 4 });
		expect(gap!.reasons).toEqual([
			{
				kind: 'levels',
				text: 'Target Embedded (4), standing at Emerging (2): 2 levels',
				value: 2
			}
		]);
	});

	it('is no gap when the target is met, passed or not set', () => {
		const analysis = rank(
			criterion('A.1', 3, 3),
			criterion('A.2', 4, 3),
			criterion('A.3', 2, null)
		);
		expect(analysis.gaps).toEqual([]);
	});

	it('counts from the peer-agreed rating, weighted, when peers agreed lower (over-estimate)', () => {
		const [gap] = rank(criterion('A.1', 3, 4, { peer: 2 })).gaps;
		// From Emerging (2) to Embedded (4) is two levels, times 1.5.
		expect(gap).toMatchObject({ levels: 2, standing: 2, overEstimate: true, score: 3 });
		expect(gap!.reasons.map((r) => r.kind)).toEqual(['levels', 'over-estimate']);
		expect(gap!.reasons[1]!.text).toBe(
			'Peer reviewers agreed Emerging (2), below the self-rating of Established (3)'
		);
	});

	it('makes an over-estimate a gap even with no target set', () => {
		const [gap] = rank(criterion('A.1', 3, null, { peer: 1 })).gaps;
		expect(gap).toMatchObject({ levels: 2, target: 3, score: 2 * GAP_WEIGHTS.overEstimate });
	});

	it('says the target is the self-rating when none was set and peers agreed lower', () => {
		const [gap] = rank(criterion('A.1', 4, null, { peer: 3 })).gaps;
		expect(gap!.reasons[0]!.text).toBe(
			'No target set, so the target is the self-rating, Embedded (4): 1 level from Established (3)'
		);
	});

	it('says when a statutory criterion needs more than the target set', () => {
		const [gap] = rank(criterion('A.1', 1, 1, { statutory: true })).gaps;
		expect(gap).toMatchObject({ levels: 1, target: 2 });
		expect(gap!.reasons[0]!.text).toBe(
			'Target set at Not yet in place (1); a statutory criterion needs at least Emerging (2): 1 level from Not yet in place (1)'
		);
	});

	it('takes no weight when peers agreed the same or higher', () => {
		const analysis = rank(criterion('A.1', 2, 3, { peer: 2 }), criterion('A.2', 2, 3, { peer: 4 }));
		expect(analysis.gaps.map((g) => [g.score, g.overEstimate, g.standing])).toEqual([
			[1, false, 2],
			[1, false, 2]
		]);
	});

	it('weights a statutory criterion', () => {
		const [gap] = rank(criterion('A.1', 2, 3, { statutory: true })).gaps;
		expect(gap!.score).toBe(1.5);
		expect(gap!.reasons.map((r) => [r.kind, r.value])).toEqual([
			['levels', 1],
			['statutory', 1.5]
		]);
	});

	it('gives a statutory criterion not yet in place a target of the next level', () => {
		const [gap] = rank(criterion('A.1', 1, null, { statutory: true })).gaps;
		expect(gap).toMatchObject({ levels: 1, target: 2, score: 1.5 });
		expect(gap!.reasons[0]!.text).toBe(
			'No target set; a statutory criterion needs at least Emerging (2): 1 level from Not yet in place (1)'
		);
		// A criterion that is not statutory, at the same level with no target, is no gap.
		expect(rank(criterion('A.2', 1, null)).gaps).toEqual([]);
	});

	it('weights a gap that was a gap last cycle too, matched however the criterion moved', () => {
		const [gap] = rank(
			criterion('A.1', 3, 4, { previous: { rating: 2, target: 3, peer: null } })
		).gaps;
		expect(gap).toMatchObject({ persistent: true, score: 1.25 });
		expect(gap!.reasons[1]!.text).toBe('Also a gap last cycle (1 level)');
	});

	it('does not weight a criterion that met its target last cycle or was not rated then', () => {
		const analysis = rank(
			criterion('A.1', 3, 4, { previous: { rating: 3, target: 3, peer: null } }),
			criterion('A.2', 3, 4, { previous: { rating: null, target: null, peer: null } })
		);
		expect(analysis.gaps.map((g) => g.persistent)).toEqual([false, false]);
	});

	it('counts last cycle as a gap when peers agreed lower then', () => {
		const [gap] = rank(
			criterion('A.1', 3, 4, { previous: { rating: 3, target: null, peer: 2 } })
		).gaps;
		expect(gap!.persistent).toBe(true);
	});

	it('multiplies every weight that applies', () => {
		const [gap] = rank(
			criterion('A.1', 3, 4, {
				peer: 2,
				statutory: true,
				previous: { rating: 2, target: 3, peer: null }
			})
		).gaps;
		// 2 levels × 1.5 × 1.5 × 1.25
		expect(gap!.score).toBe(5.625);
		expect(gap!.reasons.map((r) => r.kind)).toEqual([
			'levels',
			'over-estimate',
			'statutory',
			'persistent'
		]);
	});
});

describe('the ranking', () => {
	it('puts the largest score first', () => {
		const analysis = rank(
			criterion('A.1', 3, 4),
			criterion('A.2', 1, 4),
			criterion('A.3', 2, 3, { statutory: true })
		);
		expect(codes(analysis)).toEqual(['A.2', 'A.3', 'A.1']);
		expect(analysis.gaps.map((g) => [g.rank, g.score])).toEqual([
			[1, 3],
			[2, 1.5],
			[3, 1]
		]);
	});

	it('gives equal scores the same rank, keeps framework order among them and skips ranks after', () => {
		const analysis = rank(
			criterion('A.1', 3, 4),
			criterion('A.2', 1, 3),
			criterion('B.1', 2, 4),
			criterion('B.2', 2, 3)
		);
		expect(codes(analysis)).toEqual(['A.2', 'B.1', 'A.1', 'B.2']);
		expect(analysis.gaps.map((g) => [g.rank, g.tied])).toEqual([
			[1, true],
			[1, true],
			[3, true],
			[3, true]
		]);
	});

	it('ties a weighted gap with an unweighted one of the same score', () => {
		// 1 level × 1.5 (statutory) against 1 level × 1.5 (over-estimate): both 1.5.
		const analysis = rank(
			criterion('A.1', 2, 3, { statutory: true }),
			criterion('A.2', 3, 3, { peer: 2 }),
			criterion('A.3', 2, 4)
		);
		expect(analysis.gaps.map((g) => [g.criterion.code, g.rank, g.score])).toEqual([
			['A.3', 1, 2],
			['A.1', 2, 1.5],
			['A.2', 2, 1.5]
		]);
		expect(analysis.gaps[0]!.tied).toBe(false);
	});

	it('leaves unrated criteria out, counting them, and ignores a peer rating on one', () => {
		const analysis = rank(
			criterion('A.1', null, 4),
			criterion('A.2', null, null, { peer: 1 }),
			criterion('A.3', 2, 3)
		);
		expect(codes(analysis)).toEqual(['A.3']);
		expect(analysis.unrated).toBe(2);
	});

	it('treats a missing peer rating as no evidence either way', () => {
		const withPeers = rank(
			criterion('A.1', 3, 4, { peer: null }),
			criterion('A.2', 3, 4, { peer: 3 })
		);
		expect(withPeers.gaps.map((g) => [g.score, g.overEstimate])).toEqual([
			[1, false],
			[1, false]
		]);
	});

	it('follows the scale of the framework version', () => {
		const fiveLevels = [...DEFAULT_SCALE, { value: 5, label: 'Leading', colour: '#000000' }];
		const analysis = rankGaps(
			[criterion('A.1', 4, 5), criterion('A.2', 5, 5), criterion('A.3', 4, 4)],
			fiveLevels
		);
		expect(analysis.gaps[0]!.reasons[0]!.text).toBe(
			'Target Leading (5), standing at Embedded (4): 1 level'
		);
		expect(analysis.strengths.map((s) => s.criterion.code)).toEqual(['A.2']);
	});
});

describe('groups and strengths', () => {
	const area = (...areas: AreaOfNeed[]) => ({ areasOfNeed: areas });

	it('groups gaps by section in framework order with their total score', () => {
		const analysis = rank(
			criterion('A.1', 3, 4),
			criterion('B.1', 1, 4),
			criterion('B.2', 3, 3),
			criterion('C.1', 2, 3),
			criterion('A.2', 2, 3, { statutory: true })
		);
		expect(analysis.bySection.map((g) => [g.key, g.label, g.score, g.gaps.length])).toEqual([
			['A', 'A Section A', 2.5, 2],
			['B', 'B Section B', 3, 1],
			['C', 'C Section C', 1, 1]
		]);
		expect(analysis.bySection[0]!.gaps.map((g) => g.criterion.code)).toEqual(['A.2', 'A.1']);
	});

	it('puts a gap under every area of need it is tagged with, and untagged ones under the whole setting', () => {
		const analysis = rank(
			criterion('A.1', 2, 3, area('semh', 'communication_interaction')),
			criterion('A.2', 1, 3, area('semh')),
			criterion('A.3', 2, 3),
			criterion('A.4', 3, 4, area('sensory_physical'))
		);
		expect(analysis.byArea.map((g) => [g.key, g.gaps.map((x) => x.criterion.code)])).toEqual([
			['communication_interaction', ['A.1']],
			['semh', ['A.2', 'A.1']],
			['sensory_physical', ['A.4']],
			['whole_setting', ['A.3']]
		]);
		expect(analysis.byArea.find((g) => g.key === 'semh')!).toMatchObject({
			label: 'Social, emotional and mental health',
			score: 3
		});
		expect(analysis.byArea.at(-1)!.label).toBe('Whole setting (no single area of need)');
	});

	it('finds strengths at the top level, peer-confirmed first, unless peers agreed lower', () => {
		const analysis = rank(
			criterion('A.1', 4, null),
			criterion('A.2', 4, 4, { peer: 3 }),
			criterion('A.3', 4, null, { peer: 4 }),
			criterion('A.4', 3, 3, { peer: 4 })
		);
		expect(analysis.strengths.map((s) => [s.criterion.code, s.confirmed])).toEqual([
			['A.3', true],
			['A.1', false]
		]);
		// The over-estimated one is a gap instead.
		expect(codes(analysis)).toEqual(['A.2']);
	});
});

describe('measure', () => {
	it('answers null for an unrated criterion', () => {
		expect(measure({ rating: null, target: 3, peer: 2 }, false, 1)).toBeNull();
	});

	it('never counts a target below the standing as negative levels', () => {
		expect(measure({ rating: 4, target: 2, peer: null }, false, 1)).toEqual({
			levels: 0,
			standing: 4,
			target: 2
		});
	});
});
