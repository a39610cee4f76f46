import { describe, expect, it } from 'vitest';
import { defaultCycle, isLocked } from './board-scrutiny';

const cycle = (name: string, deadline: string, status: 'open' | 'closed') => ({
	name,
	deadline,
	status
});

describe('defaultCycle', () => {
	it('picks the open cycle with the latest deadline, whatever the order given', () => {
		const cycles = [
			cycle('2025/26', '2026-03-31', 'open'),
			cycle('2027/28', '2028-03-31', 'closed'),
			cycle('2026/27', '2027-03-31', 'open')
		];
		expect(defaultCycle(cycles)?.name).toBe('2026/27');
	});

	it('falls back to the newest cycle when every cycle is closed, and to none without cycles', () => {
		const cycles = [
			cycle('2024/25', '2025-03-31', 'closed'),
			cycle('2025/26', '2026-03-31', 'closed')
		];
		expect(defaultCycle(cycles)?.name).toBe('2025/26');
		expect(defaultCycle([])).toBeUndefined();
	});
});

describe('isLocked', () => {
	it('locks a question once it has an answer', () => {
		expect(isLocked({ answeredAt: null })).toBe(false);
		expect(isLocked({ answeredAt: new Date('2027-01-01T10:00:00Z') })).toBe(true);
	});
});
