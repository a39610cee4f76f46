import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { countOf } from '$lib/components/provision/import/parts';
import BusyNotice from './BusyNotice.svelte';

/** The markup without Svelte's hydration comments. */
const markup = (body: string) => body.replace(/<!--[^>]*-->/g, '');

describe('BusyNotice', () => {
	it('shows an indeterminate bar and what is under way in a polite live region', () => {
		const doing = `Importing ${countOf('records', 10_000)}`;
		const body = markup(render(BusyNotice, { props: { busy: true, doing } }).body);
		expect(body).toMatch(/^<div role="status" aria-live="polite">/);
		expect(body).toContain(
			'<p>Importing 10,000 provision records… This can take a few seconds.</p>'
		);
		// No value: the bar says work is under way without claiming how much is done.
		expect(body).toMatch(
			/<progress aria-label="Importing 10,000 provision records"[^>]*><\/progress>/
		);
		expect(body).not.toContain('value=');
	});

	it('keeps the empty live region on the page until the work starts', () => {
		const body = markup(
			render(BusyNotice, { props: { busy: false, doing: `Importing ${countOf('pupils', 1)}` } })
				.body
		);
		expect(body).toMatch(/^<div role="status" aria-live="polite"><\/div>$/);
	});
});
