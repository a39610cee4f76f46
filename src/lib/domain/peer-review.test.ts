import { describe, expect, it } from 'vitest';
import { REVIEW_PAGES, REVIEW_STAGES, reviewPageOpen, stageReached } from './peer-review';

const open = (role: 'lead' | 'reviewer' | 'host' | 'la', stage: (typeof REVIEW_STAGES)[number]) =>
	REVIEW_PAGES.filter((page) => reviewPageOpen(page, role, stage));

describe('stageReached', () => {
	it('orders the stages from allocation to finalising', () => {
		expect(stageReached('visit', 'preparation')).toBe(true);
		expect(stageReached('visit', 'visit')).toBe(true);
		expect(stageReached('preparation', 'visit')).toBe(false);
		expect(stageReached('finalised', 'allocated')).toBe(true);
	});
});

describe('reviewPageOpen', () => {
	it('shows nobody more than the overview before the host shares', () => {
		for (const role of ['lead', 'reviewer', 'host', 'la'] as const)
			expect(open(role, 'allocated')).toEqual(['overview']);
	});

	it('opens the working pages to reviewers as the review moves on', () => {
		expect(open('reviewer', 'preparation')).toEqual(['overview', 'self-evaluation', 'preparation']);
		expect(open('lead', 'visit')).toEqual([
			'overview',
			'self-evaluation',
			'preparation',
			'visit',
			'ratings',
			'moderation'
		]);
		expect(open('reviewer', 'finalised')).toEqual([...REVIEW_PAGES]);
	});

	it("never opens reviewers' working pages to the host", () => {
		for (const stage of REVIEW_STAGES) {
			for (const page of ['visit', 'ratings', 'moderation'] as const)
				expect(reviewPageOpen(page, 'host', stage)).toBe(false);
		}
		expect(open('host', 'report')).toEqual(['overview', 'self-evaluation', 'preparation']);
		expect(open('host', 'factual_check')).toEqual([
			'overview',
			'self-evaluation',
			'preparation',
			'report',
			'calibration'
		]);
	});

	it("keeps the host's self-evaluation from the LA, which sees only the finished report", () => {
		expect(open('la', 'factual_check')).toEqual(['overview']);
		expect(open('la', 'finalised')).toEqual(['overview', 'report', 'calibration', 'actions']);
	});
});
