import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchOffers } from '../../src/lib/domain/cpd';
import {
	offerFilter,
	offerSchema,
	type OfferFilter,
	type OfferInput
} from '../../src/lib/schemas/cpd-offer';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	cpdOfferCriterion,
	cpdPlan,
	cpdPlanItem,
	evaluationCycle,
	framework,
	frameworkCriterion,
	frameworkVersion,
	organisation,
	setting,
	tenant
} from '../../src/lib/server/db/schema';
import { inTenant } from '../../src/lib/server/db/tenant';
import {
	addOffer,
	catalogueOffers,
	changeOffer,
	deleteOffer,
	getOffer,
	listOffers,
	offerCriteriaChoices,
	offerFormValues,
	setOfferActive,
	settingCatalogue
} from '../../src/lib/server/services/cpd-catalogue';
import { useTestDatabase } from './support/database';
import { latestAudit, scopeFor, useAdminScopes } from './support/fixtures';
import { atOnce } from './support/races';

const db = useTestDatabase();
const admin = useAdminScopes();

const as = {} as Record<'officer' | 'senco' | 'head' | 'staff' | 'board' | 'northbury', Scope>;
/** Kent's and Northbury's framework ids by key. */
const kentFw = {} as Record<'mcs' | 'catie' | 'early-years', string>;
let northburyMcs: string;

const frameworkIds = (scope: Scope) =>
	inTenant(scope, (tx) => tx.select({ id: framework.id, key: framework.key }).from(framework));

beforeAll(async () => {
	// The demo has no LA officer; the services decide on the role the guard puts in the scope.
	as.officer = { ...admin.kent, membership: { ...admin.kent.membership, role: 'officer' } };
	as.senco = await scopeFor('senco@kent.test');
	as.head = await scopeFor('head@kent.test');
	as.staff = await scopeFor('staff@kent.test');
	as.board = await scopeFor('board@kent.test');
	as.northbury = await scopeFor('senco@northbury.test');
	for (const f of await frameworkIds(admin.kent)) kentFw[f.key as keyof typeof kentFw] = f.id;
	northburyMcs = (await frameworkIds(admin.northbury)).find((f) => f.key === 'mcs')!.id;
});

const filter = (query = ''): OfferFilter => offerFilter(new URLSearchParams(query));
const titles = (rows: { title: string }[]) => rows.map((r) => r.title);
const mcs = (code: string) => `${kentFw.mcs}:${code}`;

/** A valid offer, with any fields changed. */
const offerInput = (fields: Partial<OfferInput> = {}): OfferInput => ({
	title: 'Writing SEN support plans',
	provider: 'Test Provider',
	format: 'live_online',
	summary: 'Plans that say what will be done, by whom, and how it will be checked.',
	lengthHours: '1',
	lengthMinutes: '30',
	cost: '45.50',
	audiences: ['teacher', 'senco'],
	areasOfNeed: ['semh'],
	url: 'https://cpd.kent.example/book/plans',
	criteria: [mcs('MCS-3.2'), mcs('MCS-7.2')],
	...fields
});

/** Adds an offer the test expects to be added, and returns its id. */
async function added(fields: Partial<OfferInput> = {}, scope: Scope = admin.kent) {
	const result = await addOffer(scope, offerInput(fields));
	if (!result.ok) throw new Error(`Not added: ${JSON.stringify(result)}`);
	return result.id;
}

/** The messages the form's schema gives each field, or {} when the input passes. */
function problems(fields: Record<string, unknown>) {
	const result = offerSchema.safeParse({ version: 0, ...offerInput(), ...fields });
	if (result.success) return {};
	return Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe('the starter catalogue', () => {
	it('has 17 offers, 16 offered and 1 withdrawn, with 53 criteria mapped', async () => {
		const offered = await listOffers(admin.kent, filter());
		expect(offered).toMatchObject({ total: 16, withdrawnCount: 1 });
		expect(offered!.rows).toHaveLength(16);
		expect(offered!.rows.every((r) => r.active)).toBe(true);
		const all = await listOffers(admin.kent, filter('withdrawn=yes'));
		expect(all!.total).toBe(17);
		// Withdrawn offers come after those offered.
		expect(all!.rows.at(-1)).toMatchObject({
			title: 'Signing for beginners: level 1',
			active: false,
			criteria: 2
		});
		expect(all!.rows.reduce((n, r) => n + r.criteria, 0)).toBe(53);
		expect(all!.rows.filter((r) => r.costPence === 0)).toHaveLength(3);
		expect(Math.min(...all!.rows.map((r) => r.minutes))).toBe(60);
		expect(Math.max(...all!.rows.map((r) => r.minutes))).toBe(1080);
	});

	it('maps offers to criteria of all three frameworks, by framework and code', async () => {
		const offers = await inTenant(admin.kent, (tx) => catalogueOffers(tx));
		const newSenco = offers.find((o) => o.title.startsWith('New to the SENCO role'))!;
		expect(newSenco).toMatchObject({ costPence: 35000, minutes: 1080, format: 'blended' });
		expect(newSenco.criteria).toEqual([
			{ frameworkId: kentFw.catie, code: 'CATIE-1.2' },
			{ frameworkId: kentFw.mcs, code: 'MCS-6.1' },
			{ frameworkId: kentFw.mcs, code: 'MCS-6.3' },
			{ frameworkId: kentFw.mcs, code: 'MCS-7.1' }
		]);
		const mapped = new Set(offers.flatMap((o) => o.criteria.map((c) => c.frameworkId)));
		expect(mapped).toEqual(new Set(Object.values(kentFw)));
		const areas = new Set(offers.filter((o) => o.active).flatMap((o) => o.areasOfNeed));
		expect(areas.size).toBe(4);
	});

	it('leaves some criteria the demo rates low with only the offers about SEND in general', async () => {
		const offers = await inTenant(admin.kent, (tx) => catalogueOffers(tx));
		for (const code of ['MCS-1.4', 'MCS-6.2', 'MCS-8.2', 'MCS-8.4']) {
			const gap = { frameworkId: kentFw.mcs, code, areasOfNeed: [] };
			// The offers naming no area of need fit any gap: cheapest first, then by title.
			expect(
				matchOffers(gap, offers).map((m) => [m.offer.title, m.criterion, m.areas]),
				code
			).toEqual([
				['Early years SENCO network: inclusion plans and SENIF', false, []],
				['SEND for governors: asking the right questions', false, []],
				['Working with families: planning support together', false, []],
				['The graduated approach in practice: assess, plan, do, review', false, []],
				['EHC needs assessments and annual reviews', false, []],
				['New to the SENCO role: law, leadership and provision mapping', false, []]
			]);
			expect(offers.some((o) => o.criteria.some((c) => c.code === code))).toBe(false);
		}
		// A criterion with an offer mapped to it is matched by that offer first.
		const [first] = matchOffers(
			{ frameworkId: kentFw.mcs, code: 'MCS-7.1', areasOfNeed: [] },
			offers
		);
		expect(first?.offer.title).toBe('New to the SENCO role: law, leadership and provision mapping');
	});

	it('filters by area of need, audience, format and words, and pages', async () => {
		const list = async (query: string) =>
			titles((await listOffers(admin.kent, filter(query)))!.rows);
		// An area lists the offers for it and those about SEND in general ("All areas of need").
		expect(await list('area=sensory_physical')).toEqual([
			'Early years SENCO network: inclusion plans and SENIF',
			'EHC needs assessments and annual reviews',
			'Hearing and vision: adjusting the classroom',
			'New to the SENCO role: law, leadership and provision mapping',
			'Physical needs, moving and handling, and intimate care',
			'SEND for governors: asking the right questions',
			'The graduated approach in practice: assess, plan, do, review',
			'The Mainstream Core Standards: an introduction for all staff',
			'Understanding autism: predictable, adapted classrooms',
			'Working with families: planning support together'
		]);
		expect(await list('audience=governor')).toEqual([
			'SEND for governors: asking the right questions'
		]);
		expect(await list('format=self_paced')).toEqual([
			'The Mainstream Core Standards: an introduction for all staff'
		]);
		// Words are found in the provider and summary too, in any case.
		expect(await list('q=AUTIS')).toEqual([
			'Understanding autism: predictable, adapted classrooms'
		]);
		expect(await list('q=speech and language')).toEqual([
			'Running targeted language groups',
			'Speech, language and communication needs: spotting and supporting'
		]);
		expect(await list('q=speech and language&withdrawn=yes')).toEqual([
			'Running targeted language groups',
			'Speech, language and communication needs: spotting and supporting',
			'Signing for beginners: level 1'
		]);
		// A % or _ typed is looked for as itself, not as a wildcard.
		expect(await list('q=%25')).toEqual([]);
		// Filters combine.
		expect(await list('area=communication_interaction&audience=early_years_practitioner')).toEqual([
			'Early years SENCO network: inclusion plans and SENIF',
			'Running targeted language groups',
			'Speech, language and communication needs: spotting and supporting'
		]);
		// Anything unexpected in the query is ignored; a NUL character is dropped.
		expect(filter('area=reading&audience=x&format=podcast&page=-2&q=Aut%00ism')).toEqual({
			q: 'Autism',
			area: '',
			audience: '',
			format: '',
			withdrawn: false,
			page: 1
		});
		expect(await list('q=Aut%00ism')).toEqual([
			'Understanding autism: predictable, adapted classrooms'
		]);
	});

	it('lists the criteria of each framework’s newest published version for the form', async () => {
		const choices = await offerCriteriaChoices(admin.kent);
		expect(choices!.map((f) => f.name)).toEqual([
			'Countywide Approach to Inclusive Education (CATIE)',
			'Early Years Best Practice Guidance',
			'SEN Mainstream Core Standards'
		]);
		const sizes = choices!.map((f) => [
			f.sections.length,
			f.sections.reduce((n, s) => n + s.criteria.length, 0)
		]);
		expect(sizes).toEqual([
			[4, 25],
			[12, 42],
			[12, 72]
		]);
		expect(choices![2]!.sections[6]).toMatchObject({
			code: 'MCS-7',
			title: 'Staff skills and training'
		});
		expect(choices![2]!.sections[6]!.criteria[0]).toEqual({
			code: 'MCS-7.1',
			title:
				'A qualified teacher is designated SENCO and holds, or is gaining, the SENCO qualification'
		});
	});
});

describe('the form’s checks', () => {
	it('refuses a cost that is not an amount of money, or is negative', () => {
		expect(problems({ cost: 'abc' })).toEqual({
			cost: 'Enter the cost per place in pounds and pence, like 45.50, without any other words'
		});
		expect(problems({ cost: '-5' })).toEqual({
			cost: 'The cost per place cannot be less than £0. Enter 0 for a free offer'
		});
		expect(problems({ cost: '£-5.00' })).toEqual({
			cost: 'The cost per place cannot be less than £0. Enter 0 for a free offer'
		});
		expect(problems({ cost: '' })).toEqual({
			cost: 'Enter the cost per place in pounds, like 45 or 45.50. Enter 0 for a free offer'
		});
		expect(problems({ cost: '45.505' })).toEqual({
			cost: 'Enter the cost per place in pounds and pence, like 45.50, without any other words'
		});
		expect(problems({ cost: '10000.01' })).toEqual({
			cost: 'The cost per place must be £10,000 or less'
		});
		expect(problems({ cost: '0' })).toEqual({});
		expect(problems({ cost: '£1,200' })).toEqual({});
	});

	it('needs at least one audience, from the list', () => {
		expect(problems({ audiences: [] })).toEqual({
			audiences: 'Choose who the offer is for: at least one audience'
		});
		expect(problems({ audiences: ['teacher', 'parents'] })).toEqual({
			audiences: 'Choose audiences from the list'
		});
		expect(problems({ areasOfNeed: ['reading'] })).toEqual({
			areasOfNeed: 'Choose areas of need from the list'
		});
		expect(problems({ format: 'podcast' })).toEqual({ format: 'Choose how it is delivered' });
	});

	it('takes only http and https booking links', () => {
		const message =
			'Enter a booking link that starts with https:// or http://, like https://www.example.org/book, or leave it blank';
		expect(problems({ url: 'javascript:alert(1)' })).toEqual({ url: message });
		expect(problems({ url: 'www.example.org/book' })).toEqual({ url: message });
		expect(problems({ url: 'ftp://example.org/book' })).toEqual({ url: message });
		expect(problems({ url: '' })).toEqual({});
		expect(problems({ url: 'http://example.org/book?course=12' })).toEqual({});
	});

	it('needs a length, in whole hours and minutes', () => {
		expect(problems({ lengthHours: '', lengthMinutes: '' })).toEqual({
			lengthHours: 'Enter how long the offer takes each person, like 1 hour 30 minutes'
		});
		expect(problems({ lengthHours: '0', lengthMinutes: '0' })).toEqual({
			lengthHours: 'Enter how long the offer takes each person, like 1 hour 30 minutes'
		});
		expect(problems({ lengthMinutes: '75' })).toEqual({
			lengthMinutes: 'Enter the minutes as a whole number from 0 to 59'
		});
		expect(problems({ lengthHours: '1.5' })).toEqual({
			lengthHours: 'Enter the hours as a whole number, like 3, or leave them blank'
		});
		expect(problems({ lengthHours: '501' })).toEqual({
			lengthHours: 'The hours must be 500 or fewer'
		});
		expect(problems({ lengthHours: '', lengthMinutes: '45' })).toEqual({});
	});

	it('drops NUL characters from text and refuses them in criteria', () => {
		const result = offerSchema.parse({
			version: 0,
			...offerInput({ title: 'Autism\0 awareness', summary: 'One\0 two\r\nthree', cost: '4\x005' })
		});
		expect(result).toMatchObject({
			title: 'Autism awareness',
			summary: 'One two\nthree',
			cost: '45'
		});
		expect(problems({ criteria: [`${kentFw.mcs}:MCS\0-1.1`] })).toEqual({
			criteria: 'Choose criteria from the list'
		});
		expect(problems({ criteria: ['MCS-1.1'] })).toEqual({
			criteria: 'Choose criteria from the list'
		});
		expect(problems({ title: ' \0 ' })).toEqual({ title: 'Enter the title of the offer' });
	});
});

describe('adding, changing, withdrawing and deleting', () => {
	it('adds an offer with its length in minutes, cost in pence and criteria', async () => {
		const id = await added();
		const offer = await getOffer(admin.kent, id);
		expect(offer).toMatchObject({
			title: 'Writing SEN support plans',
			provider: 'Test Provider',
			format: 'live_online',
			minutes: 90,
			costPence: 4550,
			// Kept in the catalogue's order of audiences, whatever order they were ticked in.
			audiences: ['senco', 'teacher'],
			areasOfNeed: ['semh'],
			url: 'https://cpd.kent.example/book/plans',
			active: true,
			version: 1,
			planItems: 0
		});
		expect(offer!.criteria).toEqual([
			{ frameworkId: kentFw.mcs, code: 'MCS-3.2' },
			{ frameworkId: kentFw.mcs, code: 'MCS-7.2' }
		]);
		expect(offerFormValues(offer!)).toMatchObject({
			lengthHours: '1',
			lengthMinutes: '30',
			cost: '45.50',
			criteria: [mcs('MCS-3.2'), mcs('MCS-7.2')]
		});
		const audit = await latestAudit(admin.kent, 'cpd.offer-added');
		expect(audit?.subject).toBe('Writing SEN support plans, Test Provider');
		expect(audit?.detail).toEqual({
			offerId: id,
			after: {
				title: 'Writing SEN support plans',
				provider: 'Test Provider',
				format: 'live_online',
				summary: 'Plans that say what will be done, by whom, and how it will be checked.',
				minutes: 90,
				costPence: 4550,
				audiences: ['senco', 'teacher'],
				areasOfNeed: ['semh'],
				url: 'https://cpd.kent.example/book/plans',
				criteria: ['MCS-3.2', 'MCS-7.2']
			}
		});
	});

	it('lets an LA officer add a free offer, writing codes as the framework does', async () => {
		const id = await added(
			{
				title: 'Free taster',
				cost: '0',
				url: '',
				areasOfNeed: [],
				criteria: [mcs('mcs-9.1'), mcs('MCS-9.1'), `${kentFw['early-years']}:EY-U1.1`]
			},
			as.officer
		);
		const offer = await getOffer(as.officer, id);
		expect(offer).toMatchObject({ costPence: 0, url: null, areasOfNeed: [] });
		expect(offer!.criteria).toEqual([
			{ frameworkId: kentFw['early-years'], code: 'EY-U1.1' },
			{ frameworkId: kentFw.mcs, code: 'MCS-9.1' }
		]);
	});

	it('refuses a title the same provider already has, in any case', async () => {
		const result = await addOffer(
			admin.kent,
			offerInput({ title: 'WRITING SEN SUPPORT PLANS', provider: 'test provider' })
		);
		expect(result).toEqual({
			ok: false,
			reason: 'invalid',
			field: 'title',
			message:
				'The catalogue already has “WRITING SEN SUPPORT PLANS” from test provider. Change that offer, or give this one another title'
		});
		// Another provider may use the title.
		await added({ provider: 'Another Provider' });
	});

	it('refuses two adds of one title at once, saving the first', async () => {
		const input = offerInput({ title: 'Double click', criteria: [] });
		const [first, second] = await atOnce(
			db.handle.db,
			// Holding the tenant's row stops each insert at its foreign key check, after its own
			// check for the title has passed: the unique index then refuses the second.
			(tx) => tx.select().from(tenant).where(eq(tenant.id, admin.kent.tenantId)).for('update'),
			[() => addOffer(admin.kent, input), () => addOffer(admin.kent, input)]
		);
		expect(first.ok).toBe(true);
		expect(second).toMatchObject({ ok: false, reason: 'invalid', field: 'title' });
		const list = await listOffers(admin.kent, filter('q=Double click'));
		expect(list!.total).toBe(1);
	});

	it('refuses criteria that are not codes of the tenant’s frameworks', async () => {
		const refused = (code: string) => ({
			ok: false,
			reason: 'invalid',
			field: 'criteria',
			message: `${code} is not a criterion of any of your frameworks. Choose criteria from the list`
		});
		const add = (criteria: string[]) =>
			addOffer(admin.kent, offerInput({ title: 'Unknown criteria', criteria }));
		expect(await add([mcs('MCS-3.2'), mcs('MCS-99.1')])).toEqual(refused('MCS-99.1'));
		// A code of another of Kent's frameworks, sent as the MCS's.
		expect(await add([mcs('CATIE-1.1')])).toEqual(refused('CATIE-1.1'));
		// Northbury's framework of the same key is not Kent's.
		expect(await add([`${northburyMcs}:MCS-3.2`])).toEqual(refused('MCS-3.2'));
		expect((await listOffers(admin.kent, filter('q=Unknown criteria')))!.total).toBe(0);
	});

	it('changes an offer, recording only what changed', async () => {
		const id = await added({ title: 'Change me' });
		const result = await changeOffer(
			admin.kent,
			id,
			1,
			offerInput({
				title: 'Change me',
				cost: '60',
				lengthHours: '2',
				lengthMinutes: '',
				audiences: ['senco', 'teacher', 'leader'],
				criteria: [mcs('MCS-7.2'), `${kentFw.catie}:CATIE-2.1`]
			})
		);
		expect(result).toEqual({ ok: true, id });
		const offer = await getOffer(admin.kent, id);
		expect(offer).toMatchObject({
			minutes: 120,
			costPence: 6000,
			audiences: ['senco', 'leader', 'teacher'],
			version: 2
		});
		expect(offer!.criteria).toEqual([
			{ frameworkId: kentFw.catie, code: 'CATIE-2.1' },
			{ frameworkId: kentFw.mcs, code: 'MCS-7.2' }
		]);
		const audit = await latestAudit(admin.kent, 'cpd.offer-changed');
		expect(audit?.subject).toBe('Change me, Test Provider');
		expect(audit?.detail).toEqual({
			offerId: id,
			before: {
				minutes: 90,
				costPence: 4550,
				audiences: ['senco', 'teacher'],
				criteria: ['MCS-3.2', 'MCS-7.2']
			},
			after: {
				minutes: 120,
				costPence: 6000,
				audiences: ['senco', 'leader', 'teacher'],
				criteria: ['CATIE-2.1', 'MCS-7.2']
			}
		});
		// Saving what is there already changes nothing.
		expect(await changeOffer(admin.kent, id, 2, offerFormValues(offer!))).toEqual({ ok: true, id });
		expect((await getOffer(admin.kent, id))!.version).toBe(2);
	});

	it('refuses a stale change, returning what is saved now and keeping it', async () => {
		const id = await added({ title: 'Stale change' });
		expect(
			await changeOffer(admin.kent, id, 1, offerInput({ title: 'Stale change', cost: '50' }))
		).toMatchObject({ ok: true });
		const stale = await changeOffer(
			as.officer,
			id,
			1,
			offerInput({ title: 'Stale change', cost: '99', summary: 'Mine' })
		);
		expect(stale).toEqual({
			ok: false,
			reason: 'stale',
			version: 2,
			current: offerInput({ title: 'Stale change', cost: '50.00', audiences: ['senco', 'teacher'] })
		});
		expect(await getOffer(admin.kent, id)).toMatchObject({ costPence: 5000, version: 2 });
		// The same change made knowingly over the newer version is saved.
		const again = await changeOffer(
			as.officer,
			id,
			2,
			offerInput({ title: 'Stale change', cost: '99', summary: 'Mine' })
		);
		expect(again).toEqual({ ok: true, id });
		expect(await getOffer(admin.kent, id)).toMatchObject({
			costPence: 9900,
			summary: 'Mine',
			version: 3
		});
	});

	it('refuses a change to a title and provider another offer has', async () => {
		const id = await added({ title: 'Renamed later' });
		const result = await changeOffer(
			admin.kent,
			id,
			1,
			offerInput({ title: 'Writing SEN Support Plans' })
		);
		expect(result).toMatchObject({ ok: false, reason: 'invalid', field: 'title' });
		expect(await getOffer(admin.kent, id)).toMatchObject({ title: 'Renamed later', version: 1 });
	});

	it('withdraws an offer and offers it again, checking the version each time', async () => {
		const id = await added({ title: 'Withdraw me', audiences: ['governor'] });
		expect(await setOfferActive(admin.kent, id, 2, false)).toEqual({
			ok: false,
			reason: 'stale'
		});
		expect(await setOfferActive(admin.kent, id, 1, false)).toEqual({ ok: true, id });
		expect(await getOffer(admin.kent, id)).toMatchObject({ active: false, version: 2 });
		expect((await latestAudit(admin.kent, 'cpd.offer-withdrawn'))?.subject).toBe(
			'Withdraw me, Test Provider'
		);
		expect(titles((await listOffers(admin.kent, filter('audience=governor')))!.rows)).toEqual([
			'SEND for governors: asking the right questions'
		]);
		expect(
			titles((await listOffers(admin.kent, filter('audience=governor&withdrawn=yes')))!.rows)
		).toEqual(['SEND for governors: asking the right questions', 'Withdraw me']);
		expect(titles((await settingCatalogue(as.senco, filter('audience=governor')))!.rows)).toEqual([
			'SEND for governors: asking the right questions'
		]);

		// Withdrawing it again changes nothing.
		expect(await setOfferActive(admin.kent, id, 2, false)).toEqual({ ok: true, id });
		expect((await getOffer(admin.kent, id))!.version).toBe(2);

		expect(await setOfferActive(as.officer, id, 2, true)).toEqual({ ok: true, id });
		expect(await getOffer(admin.kent, id)).toMatchObject({ active: true, version: 3 });
		expect((await latestAudit(admin.kent, 'cpd.offer-restored'))?.detail).toEqual({
			offerId: id
		});
		expect(titles((await settingCatalogue(as.senco, filter('audience=governor')))!.rows)).toEqual([
			'SEND for governors: asking the right questions',
			'Withdraw me'
		]);
	});

	it('refuses to delete an offer a plan item uses, and deletes it once none does', async () => {
		const id = await added({ title: 'Delete me' });
		const itemId = await inTenant(admin.kent, async (tx) => {
			const [oakfield] = await tx
				.select({ id: setting.id })
				.from(setting)
				.innerJoin(organisation, eq(organisation.id, setting.id))
				.where(eq(organisation.name, 'Oakfield Primary School'));
			const [cycle] = await tx
				.select({ id: evaluationCycle.id })
				.from(evaluationCycle)
				.orderBy(asc(evaluationCycle.deadline))
				.limit(1);
			const [criterion] = await tx
				.select({ id: frameworkCriterion.id })
				.from(frameworkCriterion)
				.innerJoin(frameworkVersion, eq(frameworkVersion.id, frameworkCriterion.versionId))
				.where(
					and(eq(frameworkVersion.frameworkId, kentFw.mcs), eq(frameworkCriterion.code, 'MCS-3.2'))
				)
				.limit(1);
			await tx
				.insert(cpdPlan)
				.values({ tenantId: admin.kent.tenantId, settingId: oakfield!.id, cycleId: cycle!.id })
				.onConflictDoNothing();
			const [plan] = await tx
				.select({ id: cpdPlan.id })
				.from(cpdPlan)
				.where(and(eq(cpdPlan.settingId, oakfield!.id), eq(cpdPlan.cycleId, cycle!.id)));
			const [item] = await tx
				.insert(cpdPlanItem)
				.values({
					tenantId: admin.kent.tenantId,
					planId: plan!.id,
					criterionId: criterion!.id,
					offerId: id,
					costPence: 4550
				})
				.returning({ id: cpdPlanItem.id });
			return item!.id;
		});
		expect(await getOffer(admin.kent, id)).toMatchObject({ planItems: 1 });
		expect(await deleteOffer(admin.kent, id, 1)).toEqual({
			ok: false,
			reason: 'in-use',
			planItems: 1
		});
		expect(await getOffer(admin.kent, id)).toMatchObject({ title: 'Delete me', version: 1 });

		await inTenant(admin.kent, (tx) => tx.delete(cpdPlanItem).where(eq(cpdPlanItem.id, itemId)));
		expect(await deleteOffer(admin.kent, id, 2)).toEqual({ ok: false, reason: 'stale' });
		expect(await deleteOffer(as.officer, id, 1)).toEqual({ ok: true });
		expect(await getOffer(admin.kent, id)).toBeNull();
		const criteria = await inTenant(admin.kent, (tx) =>
			tx.select().from(cpdOfferCriterion).where(eq(cpdOfferCriterion.offerId, id))
		);
		expect(criteria).toEqual([]);
		const audit = await latestAudit(admin.kent, 'cpd.offer-deleted');
		expect(audit?.subject).toBe('Delete me, Test Provider');
		expect(audit?.detail).toMatchObject({
			offerId: id,
			before: { costPence: 4550, minutes: 90, criteria: ['MCS-3.2', 'MCS-7.2'] }
		});
		expect(await deleteOffer(admin.kent, id, 1)).toEqual({ ok: false, reason: 'not-found' });
	});

	it('pages the list 20 offers at a time', async () => {
		for (let n = 1; n <= 21; n++)
			await added({
				title: `Paging offer ${String(n).padStart(2, '0')}`,
				provider: 'Paging Provider',
				criteria: []
			});
		const first = await listOffers(admin.kent, filter('q=paging provider'));
		expect(first!.total).toBe(21);
		expect(first!.rows).toHaveLength(20);
		expect(first!.rows[0]!.title).toBe('Paging offer 01');
		const second = await listOffers(admin.kent, filter('q=paging provider&page=2'));
		expect(titles(second!.rows)).toEqual(['Paging offer 21']);
		const beyond = await settingCatalogue(as.senco, filter('q=paging provider&page=3'));
		expect(beyond).toEqual({ total: 21, rows: [] });
	});
});

describe('who sees the catalogue', () => {
	it('shows settings’ members only what is offered, with criteria in words', async () => {
		const [intro] = (await listOffers(admin.kent, filter('format=self_paced')))!.rows;
		for (const scope of [as.senco, as.head, as.staff]) {
			const list = await settingCatalogue(scope, filter('format=self_paced&withdrawn=yes'));
			expect(list!.total).toBe(1);
			expect(list!.rows[0]).toEqual({
				id: intro!.id,
				title: 'The Mainstream Core Standards: an introduction for all staff',
				provider: 'SEND Training Team',
				format: 'self_paced',
				summary:
					'A short online module on what every school is expected to provide for pupils with SEN, and how each member of staff plays a part. Ends with a quiz and a certificate.',
				minutes: 60,
				costPence: 0,
				audiences: ['teacher', 'teaching_assistant', 'whole_staff'],
				areasOfNeed: [
					'communication_interaction',
					'cognition_learning',
					'semh',
					'sensory_physical'
				],
				url: 'https://cpd.kent.example/book/core-standards-introduction',
				criteria: [
					{
						frameworkId: kentFw.catie,
						code: 'CATIE-1.4',
						title: 'All staff are trained in inclusion and the four broad areas of need'
					},
					{
						frameworkId: kentFw.mcs,
						code: 'MCS-7.2',
						title: 'All staff receive regular SEN training planned from the needs of current pupils'
					},
					{
						frameworkId: kentFw.mcs,
						code: 'MCS-7.3',
						title:
							'Staff know the needs of the pupils they work with and the strategies in their plans'
					}
				]
			});
		}
		const withdrawn = await settingCatalogue(as.senco, filter('q=Signing&withdrawn=yes'));
		expect(withdrawn).toEqual({ total: 0, rows: [] });
	});

	it('gives LA staff and board members nothing from the setting’s view', async () => {
		expect(await settingCatalogue(admin.kent, filter())).toBeNull();
		expect(await settingCatalogue(as.board, filter())).toBeNull();
	});

	it('gives a setting’s members and board members nothing from the LA’s service', async () => {
		const [someId] = (await listOffers(admin.kent, filter()))!.rows.map((r) => r.id);
		for (const scope of [as.senco, as.head, as.board]) {
			expect(await listOffers(scope, filter())).toBeNull();
			expect(await getOffer(scope, someId!)).toBeNull();
			expect(await offerCriteriaChoices(scope)).toBeNull();
			const forbidden = { ok: false, reason: 'forbidden' };
			expect(await addOffer(scope, offerInput({ title: 'Not mine' }))).toEqual(forbidden);
			expect(await changeOffer(scope, someId!, 1, offerInput())).toEqual(forbidden);
			expect(await setOfferActive(scope, someId!, 1, false)).toEqual(forbidden);
			expect(await deleteOffer(scope, someId!, 1)).toEqual(forbidden);
		}
		expect(await getOffer(admin.kent, someId!)).toMatchObject({ active: true, version: 1 });
	});

	it('shows another tenant none of Kent’s offers, and lets it change none', async () => {
		expect(await listOffers(admin.northbury, filter('withdrawn=yes'))).toEqual({
			total: 0,
			withdrawnCount: 0,
			rows: []
		});
		expect(await settingCatalogue(as.northbury, filter())).toEqual({ total: 0, rows: [] });
		const kentOffer = (await listOffers(admin.kent, filter('audience=governor')))!.rows[0]!;
		const notFound = { ok: false, reason: 'not-found' };
		expect(await getOffer(admin.northbury, kentOffer.id)).toBeNull();
		expect(await changeOffer(admin.northbury, kentOffer.id, 1, offerInput())).toEqual(notFound);
		expect(await setOfferActive(admin.northbury, kentOffer.id, 1, false)).toEqual(notFound);
		expect(await deleteOffer(admin.northbury, kentOffer.id, 1)).toEqual(notFound);
		expect(await getOffer(admin.kent, kentOffer.id)).toMatchObject({
			title: 'SEND for governors: asking the right questions',
			active: true,
			version: 1
		});
		// Northbury's own catalogue takes the same title, and its own criteria only.
		const result = await addOffer(
			admin.northbury,
			offerInput({
				title: kentOffer.title,
				provider: kentOffer.provider,
				criteria: [`${northburyMcs}:MCS-7.5`]
			})
		);
		expect(result.ok).toBe(true);
		expect(
			await addOffer(admin.northbury, offerInput({ title: 'Borrowed', criteria: [mcs('MCS-7.5')] }))
		).toMatchObject({ ok: false, field: 'criteria' });
		expect((await listOffers(admin.kent, filter('q=asking the right questions')))!.total).toBe(1);
		expect(await getOffer(admin.kent, 'not-an-id')).toBeNull();
	});
});
