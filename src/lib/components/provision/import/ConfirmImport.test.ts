import type { ComponentProps } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import ConfirmImport from './ConfirmImport.svelte';

const counts = { bad: 0, create: 9_000, update: 1_000, unchanged: 12 };

/** The markup as the browser gets it, without hydration comments or runs of white space. */
const rendered = (props: ComponentProps<typeof ConfirmImport>) =>
	render(ConfirmImport, { props })
		.body.replace(/<!--[^>]*-->/g, '')
		.replace(/\s+/g, ' ');

describe('ConfirmImport on the server', () => {
	it('confirms with a plain form post, which works without JavaScript', () => {
		const body = rendered({ kind: 'records', counts, planKey: 'abc123' });
		expect(body).toMatch(
			/<form method="POST" action="\?\/confirm"[^>]*><input type="hidden" name="plan" value="abc123"\/> <button type="submit">Import 10,000 provision records<\/button><\/form>/
		);
		// The progress notice appears only once the import is sent.
		expect(body).toContain('<div role="status" aria-live="polite"></div>');
		expect(body).not.toContain('<progress');
		expect(body).not.toContain('disabled');
	});

	it('offers only cancelling when a row cannot be imported', () => {
		const body = rendered({ kind: 'pupils', counts: { ...counts, bad: 2 }, planKey: 'abc123' });
		expect(body).not.toContain('?/confirm');
		expect(body).toMatch(/<form method="POST" action="\?\/cancel"/);
		expect(body).toContain('2 rows cannot be imported');
	});
});
