import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE } from './framework';
import { sharedResultsTable, type SharedFramework } from './shared-results';

const framework: SharedFramework = {
	id: 'f',
	key: 'mcs',
	name: 'SEN Mainstream Core Standards',
	scale: DEFAULT_SCALE,
	sections: [
		{ key: 'mcs:MCS-1', code: 'MCS-1', title: 'Pastoral' },
		{ key: 'mcs:MCS-2', code: 'MCS-2', title: 'Assessment' }
	],
	settings: [
		{
			id: 'a',
			name: 'Oakfield Primary School',
			districtName: 'Ashford',
			sharing: 'summary',
			levels: { 'mcs:MCS-1': 3, 'mcs:MCS-2': null }
		},
		{
			id: 'b',
			name: 'Seabrook Junior School',
			districtName: null,
			sharing: 'full',
			levels: { 'mcs:MCS-1': 7 }
		}
	]
};

describe('sharedResultsTable', () => {
	it('gives a column per section and a row per setting, levels as number and label', () => {
		expect(sharedResultsTable(framework)).toEqual({
			header: ['Setting', 'District', 'Shared', 'MCS-1 Pastoral', 'MCS-2 Assessment'],
			rows: [
				['Oakfield Primary School', 'Ashford', 'The summary ratings', '3 Established', 'Not rated'],
				[
					'Seabrook Junior School',
					'No district',
					'Everything: ratings, narratives and next steps',
					'Level 7',
					'Not in its version'
				]
			]
		});
	});

	it('has only the header when no setting shares', () => {
		expect(sharedResultsTable({ ...framework, settings: [] }).rows).toEqual([]);
	});
});
