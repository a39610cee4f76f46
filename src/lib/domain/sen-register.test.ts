import { describe, expect, it } from 'vitest';
import {
	addDays,
	AGE_BANDS,
	historyChanges,
	isPupilReference,
	overdueText,
	reviewStanding,
	sectionWindows,
	yearGroupChoices,
	type HistoryEntry
} from './sen-register';

describe('pupil references', () => {
	it('accepts letters, digits, spaces, hyphens, dots and slashes up to 40 characters', () => {
		for (const ok of ['P-0123', '2026/14', 'Y3.A 7', 'x', 'A'.repeat(40)])
			expect(isPupilReference(ok)).toBe(true);
	});

	it('refuses anything else, an empty one, punctuation alone, and 41 characters', () => {
		for (const bad of ['', 'O’Brien', 'Amy, Y3', 'P_1', '---', '. /', 'A'.repeat(41), 'Zoë'])
			expect(isPupilReference(bad)).toBe(false);
	});
});

describe('year group choices', () => {
	const labels = (groups: ReturnType<typeof yearGroupChoices>) => groups.map((g) => g.label);

	it('puts age bands first for an early years setting, year groups first for a school', () => {
		expect(labels(yearGroupChoices('early_years'))).toEqual(['Age bands', 'Year groups']);
		expect(labels(yearGroupChoices('mainstream'))).toEqual(['Year groups', 'Age bands']);
		expect(labels(yearGroupChoices(null))).toEqual(['Year groups', 'Age bands']);
	});

	it('offers every year group once, with its label', () => {
		const [years, bands] = yearGroupChoices('special');
		expect(bands!.options.map((o) => o.value)).toEqual([...AGE_BANDS]);
		expect(years!.options[0]).toEqual({ value: 'N1', label: 'Nursery 1' });
		expect(years!.options.find((o) => o.value === 'R')?.label).toBe('Reception');
		expect(years!.options.at(-1)).toEqual({ value: '14', label: 'Year 14' });
		expect(bands!.options.length + years!.options.length).toBe(21);
	});
});

describe('what each line of the history changed', () => {
	const added: HistoryEntry = {
		event: 'added',
		yearGroup: '3',
		senStatus: 'K',
		primaryNeed: 'MLD',
		secondaryNeed: null
	};

	it('says nothing changed on the first line, and lists each field that did after', () => {
		const lines = historyChanges([
			added,
			{ ...added, event: 'changed', senStatus: 'E', secondaryNeed: 'SLCN' },
			{ ...added, event: 'removed', senStatus: 'E', secondaryNeed: 'SLCN' }
		]);
		expect(lines[0]!.changes).toEqual([]);
		expect(lines[1]!.changes).toEqual([
			{ field: 'senStatus', label: 'SEN status', from: 'SEN support', to: 'EHC plan' },
			{
				field: 'secondaryNeed',
				label: 'Secondary need',
				from: 'None',
				to: 'Speech, language and communication needs'
			}
		]);
		expect(lines[2]!.changes).toEqual([]);
		expect(lines[2]!.event).toBe('removed');
	});

	it('names year groups as people say them', () => {
		const [, moved] = historyChanges([added, { ...added, event: 'changed', yearGroup: 'R' }]);
		expect(moved!.changes).toEqual([
			{ field: 'yearGroup', label: 'Year group', from: 'Year 3', to: 'Reception' }
		]);
	});
});

describe('where a review stands', () => {
	const today = '2026-03-10';

	it('is held once it has a date held, whenever it was due', () => {
		expect(reviewStanding({ dueOn: '2026-01-01', heldOn: '2026-01-05' }, today)).toEqual({
			standing: 'held',
			daysOverdue: 0
		});
	});

	it('is overdue from the day after it was due, counting the days', () => {
		expect(reviewStanding({ dueOn: '2026-03-09', heldOn: null }, today)).toEqual({
			standing: 'overdue',
			daysOverdue: 1
		});
		expect(reviewStanding({ dueOn: '2026-02-28', heldOn: null }, today).daysOverdue).toBe(10);
	});

	it('is due soon from today to four weeks on, and planned after that', () => {
		expect(reviewStanding({ dueOn: today, heldOn: null }, today).standing).toBe('due-soon');
		expect(reviewStanding({ dueOn: '2026-04-07', heldOn: null }, today).standing).toBe('due-soon');
		expect(reviewStanding({ dueOn: '2026-04-08', heldOn: null }, today).standing).toBe('planned');
	});

	it('says how overdue in words', () => {
		expect(overdueText(1)).toBe('Overdue by 1 day');
		expect(overdueText(12)).toBe('Overdue by 12 days');
	});

	it('adds days across months, years and the change to summer time', () => {
		expect(addDays('2026-03-10', 28)).toBe('2026-04-07');
		expect(addDays('2026-12-20', 14)).toBe('2027-01-03');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
	});
});

describe('paging a list of sections', () => {
	it('fills a page from each section in turn', () => {
		expect(sectionWindows([3, 5, 30], 1, 25)).toEqual([
			{ offset: 0, limit: 3 },
			{ offset: 0, limit: 5 },
			{ offset: 0, limit: 17 }
		]);
		expect(sectionWindows([3, 5, 30], 2, 25)).toEqual([
			{ offset: 3, limit: 0 },
			{ offset: 5, limit: 0 },
			{ offset: 17, limit: 13 }
		]);
	});

	it('splits a section across pages and gives nothing past the end', () => {
		expect(sectionWindows([30, 4], 2, 25)).toEqual([
			{ offset: 25, limit: 5 },
			{ offset: 0, limit: 4 }
		]);
		expect(sectionWindows([2, 2], 3, 25)).toEqual([
			{ offset: 2, limit: 0 },
			{ offset: 2, limit: 0 }
		]);
		expect(sectionWindows([0, 0, 0], 1, 25).every((w) => w.limit === 0)).toBe(true);
	});
});
