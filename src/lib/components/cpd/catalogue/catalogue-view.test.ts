import { render } from 'svelte/server';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { describe, expect, it } from 'vitest';
import {
	NEW_OFFER,
	offerSchema,
	type OfferForm,
	type OfferFormMessage
} from '$lib/schemas/cpd-offer';
import { renderForm } from '../plan/render-form';
import CriteriaChoices from './CriteriaChoices.svelte';
import { displayOffer } from './display';
import OfferCard from './OfferCard.svelte';
import OfferFormHarness from './OfferFormHarness.svelte';
import OffersTable from './OffersTable.svelte';

/** The server's HTML without Svelte's hydration markers. */
const html = (rendered: { body: string }) => rendered.body.replace(/<!--.*?-->/g, '');

const MCS = '11111111-1111-4111-8111-111111111111';
const CATIE = '22222222-2222-4222-8222-222222222222';

const offer = {
	id: 'o1',
	title: 'Emotion coaching',
	provider: 'Educational Psychology Service',
	format: 'face_to_face' as const,
	summary: 'Behaviour as communication.',
	minutes: 390,
	costPence: 14050,
	audiences: ['leader' as const, 'whole_staff' as const],
	areasOfNeed: ['semh' as const],
	url: 'https://cpd.example/book',
	criteria: [
		{ frameworkId: MCS, code: 'MCS-11.3', title: 'Staff use relational approaches' },
		{ frameworkId: MCS, code: 'MCS-99.1', title: null }
	]
};

describe('an offer as a setting sees it', () => {
	it('shows its facts, its criteria and its booking link', () => {
		const body = html(render(OfferCard, { props: { offer } }));
		expect(body).toContain('Face to face');
		expect(body).toContain('6 hrs 30 min');
		expect(body).toContain('£140.50');
		expect(body).toContain('Senior leaders, Whole staff');
		expect(body).toContain('Social, emotional and mental health');
		expect(body).toContain('MCS-11.3</span>: Staff use relational approaches');
		// A code no version has any more is listed without a title.
		expect(body).toMatch(/MCS-99\.1<\/span>\s*<\/li>/);
		expect(body).toContain('href="https://cpd.example/book"');
		expect(body).toContain('Book a place<span class="visually-hidden"> on Emotion coaching</span>');
	});

	it('says how to book when there is no link, and that a free offer is free', () => {
		const body = html(
			render(OfferCard, {
				props: { offer: { ...offer, url: null, costPence: 0, areasOfNeed: [] } }
			})
		);
		expect(body).toContain('Ask Educational Psychology Service how to book.');
		expect(body).toContain('Free');
		expect(body).toContain('All areas of need');
	});
});

describe('the LA’s table of offers', () => {
	it('shows each offer’s status and how many criteria it addresses', () => {
		const body = html(
			render(OffersTable, {
				props: { rows: [{ ...offer, criteria: 2, active: false }] }
			})
		);
		expect(body).toContain('href="/la/cpd/o1"');
		expect(body).toContain('Withdrawn');
		expect(body).toMatch(/<td class="number">2<\/td>/);
	});
});

describe('the criteria checkboxes', () => {
	const frameworks = [
		{
			id: CATIE,
			name: 'CATIE',
			versionLabel: 'Version 1',
			sections: [
				{ code: 'CATIE-1', title: 'Core', criteria: [{ code: 'CATIE-1.1', title: 'Leaders' }] }
			]
		},
		{
			id: MCS,
			name: 'Mainstream Core Standards',
			versionLabel: 'Version 2',
			sections: [
				{
					code: 'MCS-7',
					title: 'Staff skills',
					criteria: [
						{ code: 'MCS-7.1', title: 'SENCO' },
						{ code: 'MCS-7.2', title: 'Training' }
					]
				}
			]
		}
	];

	it('gives the first box the field’s id, opens frameworks with ticks, keeps old codes', () => {
		const body = html(
			render(CriteriaChoices, {
				props: {
					frameworks,
					group: [`${MCS}:MCS-7.2`, `${MCS}:MCS-6.9`],
					saved: [`${MCS}:MCS-7.2`, `${MCS}:MCS-6.9`]
				}
			})
		);
		expect(body).toContain(`id="criteria" name="criteria" value="${CATIE}:CATIE-1.1"`);
		expect(body).toContain(`id="criteria-2" name="criteria" value="${MCS}:MCS-7.2"`);
		expect(body).toContain('Chosen before, not in the newest version');
		expect(body).toContain(`id="criteria-3" name="criteria" value="${MCS}:MCS-6.9"`);
		expect(body.match(/<details open/g)).toHaveLength(1);
		expect(body).toContain('(2 ticked)');
	});
});

describe('an offer in words for the conflict notice', () => {
	it('reads amounts as amounts and shows a length being retyped as typed', () => {
		const values = {
			title: 'T',
			provider: 'P',
			format: 'blended',
			summary: '',
			lengthHours: '18',
			lengthMinutes: '',
			cost: '45.5',
			audiences: ['teacher', 'senco'],
			areasOfNeed: [],
			url: '',
			criteria: [`${MCS}:MCS-7.2`, `${CATIE}:CATIE-1.1`]
		};
		expect(displayOffer(values)).toEqual({
			title: 'T',
			provider: 'P',
			format: 'Blended',
			summary: '',
			length: '18 hrs',
			cost: '£45.50',
			audiences: 'SENCOs, Teachers',
			areasOfNeed: 'All areas of need',
			url: '',
			criteria: 'CATIE-1.1, MCS-7.2'
		});
		expect(displayOffer({ ...values, lengthHours: 'x', cost: 'abc' })).toMatchObject({
			length: 'x hr  min',
			cost: 'abc'
		});
	});
});

describe('the offer form', () => {
	it('ties the hint of the length to its fieldset, as each box is tied to its own', async () => {
		const data = await superValidate<OfferForm, OfferFormMessage>(NEW_OFFER, zod4(offerSchema), {
			errors: false
		});
		const body = renderForm(OfferFormHarness, { data, frameworks: [] });
		expect(body).toMatch(
			/<fieldset class="field length[^"]*" aria-describedby="length-hint"><legend[^>]*>Length for each person<\/legend> <p class="hint" id="length-hint">\s*The time each person attending spends on it/
		);
		expect(body).toContain('aria-describedby="lengthHours-hint"');
	});
});
