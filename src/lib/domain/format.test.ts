import { describe, expect, it } from 'vitest';
import { describeUserAgent, formatDateTime, formatHours, formatShare, minutesText } from './format';

describe('formatDateTime', () => {
	it('shows UK clock time, with summer time', () => {
		expect(formatDateTime(new Date('2026-11-23T17:05:00Z'))).toBe('23 Nov 2026, 17:05');
		expect(formatDateTime(new Date('2026-07-01T08:30:00Z'))).toBe('1 Jul 2026, 09:30');
	});
});

describe('describeUserAgent', () => {
	it('names common browsers and systems', () => {
		expect(
			describeUserAgent(
				'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0'
			)
		).toBe('Edge on Windows');
		expect(
			describeUserAgent(
				'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'
			)
		).toBe('Safari on iOS');
		expect(
			describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')
		).toBe('Firefox on Linux');
	});
	it('falls back when it recognises nothing', () => {
		expect(describeUserAgent('')).toBe('Unknown device');
		expect(describeUserAgent('curl/8.0')).toBe('Unknown device');
	});
});

describe('minutesText', () => {
	it('rounds a wait up to whole minutes, at least one', () => {
		expect(minutesText(0)).toBe('1 minute');
		expect(minutesText(61)).toBe('2 minutes');
		expect(minutesText(300)).toBe('5 minutes');
	});
});

describe('formatHours', () => {
	it('rounds to the places asked for, two unless told, with thousands grouped', () => {
		expect(formatHours(10 / 6)).toBe('1.67');
		expect(formatHours(12.25, 1)).toBe('12.3');
		expect(formatHours(1249.6, 0)).toBe('1,250');
		expect(formatHours(3)).toBe('3');
	});
});

describe('formatShare', () => {
	it('writes a percentage, whole unless told', () => {
		expect(formatShare(1 / 3)).toBe('33%');
		expect(formatShare(0.1024, 1)).toBe('10.2%');
		expect(formatShare(1)).toBe('100%');
	});
});
