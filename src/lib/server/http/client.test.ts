import { describe, expect, it } from 'vitest';
import { safeNext } from './client';

describe('safeNext', () => {
	it('keeps paths on this site, with their query and fragment', () => {
		expect(safeNext('/la/settings?page=2#top')).toBe('/la/settings?page=2#top');
		expect(safeNext('/account/sessions')).toBe('/account/sessions');
	});

	it('sends anything that could leave the site to /home', () => {
		for (const value of [
			null,
			'',
			'https://evil.example/',
			'//evil.example',
			'/\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/%09/evil.example'.replace('%09', '\t'),
			'javascript:alert(1)',
			'home'
		]) {
			expect(safeNext(value), JSON.stringify(value)).toBe('/home');
		}
	});
});
