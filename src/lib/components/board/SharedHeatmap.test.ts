import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE } from '$lib/domain/framework';
import type { SharedFramework } from '$lib/domain/shared-results';
import SharedHeatmap from './SharedHeatmap.svelte';

const framework: SharedFramework = {
	id: 'f',
	key: 'mcs',
	name: 'SEN Mainstream Core Standards',
	scale: DEFAULT_SCALE,
	sections: [{ key: 'mcs:MCS-1', code: 'MCS-1', title: 'Pastoral' }],
	settings: [
		{
			id: 'oak',
			name: 'Oakfield Primary School',
			districtName: 'Ashford',
			sharing: 'summary',
			levels: { 'mcs:MCS-1': 2 }
		}
	]
};
const props = { hrefOf: (id: string) => `/board/settings/${id}`, caption: 'Shared results' };

describe('SharedHeatmap on the server', () => {
	it('renders the table, which works without JavaScript, rather than the grid', () => {
		const { body } = render(SharedHeatmap, { props: { framework, ...props } });
		expect(body).toContain('<table');
		expect(body).not.toContain('role="grid"');
		expect(body).toContain('2 Emerging');
		expect(body).toContain('href="/board/settings/oak"');
	});

	it('says so when no setting shares', () => {
		const { body } = render(SharedHeatmap, {
			props: { framework: { ...framework, settings: [] }, ...props }
		});
		expect(body).not.toContain('<table');
		expect(body).toContain('No setting here has shared');
	});
});
