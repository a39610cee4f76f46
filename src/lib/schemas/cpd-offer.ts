import { z } from 'zod';
import {
	CPD_AUDIENCES,
	CPD_FORMATS,
	type CpdAudience,
	type CpdFormat,
	type CriterionRef
} from '../domain/cpd';
import { webAddress } from '../domain/evidence-types';
import { AREAS_OF_NEED, type AreaOfNeed } from '../domain/framework';
import { isRecordId } from '../domain/ids';
import { pageParam } from '../domain/paging';
import { parsePounds } from '../domain/provision-cost';
import { count, fine, text, tidy } from './fields';

export const OFFER_TITLE_MAX = 150;
export const OFFER_PROVIDER_MAX = 120;
export const OFFER_SUMMARY_MAX = 2_000;
export const OFFER_URL_MAX = 2_000;
/** Longest an offer can take each person: a long accredited programme, not a career. */
export const OFFER_HOURS_MAX = 500;
export const OFFER_COST_MAX_PENCE = 1_000_000;

const isOneOf = (values: readonly string[]) => (v: string) => values.includes(v);

/**
 * A criterion as a form sends it: "<framework id>:<criterion code>", so that one list of
 * checkboxes can hold the criteria of every framework.
 */
export const criterionValue = (ref: CriterionRef) => `${ref.frameworkId}:${ref.code}`;

/** The framework and code in a criterion's form value, or null when it is not one. */
export function parseCriterionValue(value: string): CriterionRef | null {
	const frameworkId = value.slice(0, 36);
	const code = value.slice(37);
	if (value[36] !== ':' || !isRecordId(frameworkId) || !/^[\w.-]{1,24}$/.test(code)) return null;
	return { frameworkId, code };
}

const LENGTH_HINT = 'like 1 hour 30 minutes';

/**
 * An offer of the LA's CPD catalogue. Numbers stay text so that what was typed is shown
 * back: the length as hours and minutes, the cost per place in pounds (45, 45.50 or £1,200;
 * 0 for a free offer). Criteria are form values (see criterionValue). A new offer has
 * version 0.
 */
export const offerSchema = z
	.object({
		version: z.number().int().min(0),
		title: text(OFFER_TITLE_MAX, 'The title').min(1, 'Enter the title of the offer'),
		provider: text(OFFER_PROVIDER_MAX, 'The provider').min(
			1,
			'Enter who provides it, like “Educational Psychology Service”'
		),
		format: z.string().refine(isOneOf(CPD_FORMATS), 'Choose how it is delivered'),
		summary: text(OFFER_SUMMARY_MAX, 'The summary'),
		lengthHours: z
			.string()
			.trim()
			.regex(/^\d{0,4}$/, {
				error: `Enter the hours as a whole number, like 3, or leave them blank`,
				abort: true
			})
			.refine(
				(v) => Number(v) <= OFFER_HOURS_MAX,
				`The hours must be ${count(OFFER_HOURS_MAX)} or fewer`
			),
		lengthMinutes: z
			.string()
			.trim()
			.regex(/^\d{0,2}$/, {
				error: 'Enter the minutes as a whole number from 0 to 59, or leave them blank',
				abort: true
			})
			.refine((v) => Number(v) < 60, 'Enter the minutes as a whole number from 0 to 59'),
		cost: z
			.string()
			.overwrite(tidy)
			.min(1, {
				error: 'Enter the cost per place in pounds, like 45 or 45.50. Enter 0 for a free offer',
				abort: true
			})
			.refine((v) => !/^£?\s*-/.test(v), {
				error: 'The cost per place cannot be less than £0. Enter 0 for a free offer',
				abort: true
			})
			.refine((v) => parsePounds(v) !== null, {
				error: 'Enter the cost per place in pounds and pence, like 45.50, without any other words',
				abort: true
			})
			.refine(
				(v) => parsePounds(v)! <= OFFER_COST_MAX_PENCE,
				`The cost per place must be £${count(OFFER_COST_MAX_PENCE / 100)} or less`
			),
		// Checked as whole lists, so that a problem shows once beside the boxes and in the summary.
		audiences: z
			.array(z.string())
			.min(1, { error: 'Choose who the offer is for: at least one audience', abort: true })
			.refine((v) => v.every(isOneOf(CPD_AUDIENCES)), 'Choose audiences from the list'),
		areasOfNeed: z
			.array(z.string())
			.refine((v) => v.every(isOneOf(AREAS_OF_NEED)), 'Choose areas of need from the list'),
		url: text(OFFER_URL_MAX, 'The booking link').refine(
			(v) => v === '' || webAddress(v) !== null,
			'Enter a booking link that starts with https:// or http://, like https://www.example.org/book, or leave it blank'
		),
		criteria: z
			.array(z.string())
			.refine(
				(v) => v.every((key) => parseCriterionValue(key) !== null),
				'Choose criteria from the list'
			)
	})
	.refine((o) => Number(o.lengthHours) * 60 + Number(o.lengthMinutes) > 0, {
		path: ['lengthHours'],
		message: `Enter how long the offer takes each person, ${LENGTH_HINT}`,
		when: fine('lengthHours', 'lengthMinutes')
	});
export type OfferForm = z.infer<typeof offerSchema>;
export type OfferInput = Omit<OfferForm, 'version'>;

/** The form for a new offer: all blank. */
export const NEW_OFFER: OfferForm = {
	version: 0,
	title: '',
	provider: '',
	format: '',
	summary: '',
	lengthHours: '',
	lengthMinutes: '',
	cost: '',
	audiences: [],
	areasOfNeed: [],
	url: '',
	criteria: []
};

/** Where the service's refusal of a field shows: a list's own errors sit under `_errors`. */
export const offerErrorPath = (field: 'title' | 'criteria') =>
	field === 'criteria' ? ('criteria._errors' as const) : field;

/** What a failed save of an offer carries back besides field errors. */
export interface OfferFormMessage {
	/** What is saved now, when someone else saved since the form was read. */
	conflict?: OfferInput;
}

/** What an offer's form saves, in the units the catalogue keeps, from checked input. */
export const offerColumns = (input: OfferInput) => ({
	title: input.title,
	provider: input.provider,
	format: input.format as CpdFormat,
	summary: input.summary,
	minutes: Number(input.lengthHours) * 60 + Number(input.lengthMinutes),
	costPence: parsePounds(input.cost)!,
	audiences: CPD_AUDIENCES.filter((a) => input.audiences.includes(a)),
	areasOfNeed: AREAS_OF_NEED.filter((a) => input.areasOfNeed.includes(a)),
	url: input.url || null
});
export type OfferColumns = ReturnType<typeof offerColumns>;

export const CPD_OFFERS_PAGE_SIZE = 20;
export const OFFER_SEARCH_MAX = 100;

export interface OfferFilter {
	/** Words in the title, provider or summary. */
	q: string;
	area: AreaOfNeed | '';
	audience: CpdAudience | '';
	format: CpdFormat | '';
	/** Whether withdrawn offers are listed too, after those offered (LA staff only). */
	withdrawn: boolean;
	page: number;
}

const picked = <T extends string>(values: readonly T[], value: string | null): T | '' =>
	(values as readonly string[]).includes(value ?? '') ? (value as T) : '';

/** The catalogue's search and filters from a query string; anything unexpected is ignored. */
export const offerFilter = (params: URLSearchParams): OfferFilter => ({
	q: (params.get('q') ?? '').replace(/\0/g, '').trim().slice(0, OFFER_SEARCH_MAX),
	area: picked(AREAS_OF_NEED, params.get('area')),
	audience: picked(CPD_AUDIENCES, params.get('audience')),
	format: picked(CPD_FORMATS, params.get('format')),
	withdrawn: params.get('withdrawn') === 'yes',
	page: pageParam(params)
});

/** Whether the search or any filter narrows the list. */
export const isOfferFiltered = (f: OfferFilter) => !!(f.q || f.area || f.audience || f.format);
