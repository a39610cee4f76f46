import type { Component } from 'svelte';
import { render } from 'svelte/server';
import { readable } from 'svelte/store';

/**
 * For tests: a form's fields as the server renders them, without Svelte's hydration markers.
 * Superforms reads SvelteKit's page store, which only a request provides; this stands in.
 */
export function renderForm<P extends Record<string, unknown>>(harness: Component<P>, props: P) {
	const page = readable({
		url: new URL('http://localhost/'),
		params: {},
		route: { id: null },
		status: 200,
		error: null,
		data: {},
		form: null,
		state: {}
	});
	const stores = {
		page,
		navigating: readable(null),
		updated: { ...readable(false), check: () => Promise.resolve(false) }
	};
	const context = new Map([['__svelte__', stores]]);
	return render(harness, { props, context }).body.replace(/<!--.*?-->/g, '');
}
