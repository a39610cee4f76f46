import { and, eq, inArray } from 'drizzle-orm';
import type { SettingType } from '../../../domain/organisation';
import { hashPassword } from '../../auth/password';
import { grantMembership, insertUser } from '../../services/accounts';
import { insertPeerReviewer } from '../../services/peer-reviewers';
import { insertTenant } from '../../services/platform';
import { insertSetting } from '../../services/settings';
import type { Database } from '../client';
import {
	area,
	areaBoard,
	areaBoardDistrict,
	community,
	district,
	organisation,
	setting
} from '../schema';
import type { Tx } from '../tenant';
import { seedCpdCatalogue } from './cpd';
import { seedCpdPlans } from './cpd-plans';
import { seedKentEvaluations } from './demo-evaluations';
import { seedCycles, seedEvaluationInProgress, seedSignedOffEvaluation } from './evaluations';
import { seedSouthReviews } from './peer-reviews';
import { seedProvision, type DemoRegister } from './provision';
import { todayInEngland } from '../../../domain/dates';

/** The password of every demo account (README lists them). */
export const DEMO_PASSWORD = 'Inclusio-demo-2026';

// Kent's 12 districts grouped into its four areas, as Kent publishes them.
const KENT_AREAS: Record<string, string[]> = {
	North: ['Dartford', 'Gravesham', 'Sevenoaks'],
	West: ['Maidstone', 'Tonbridge & Malling', 'Tunbridge Wells'],
	East: ['Canterbury', 'Swale', 'Thanet'],
	South: ['Ashford', 'Dover', 'Folkestone & Hythe']
};

type DemoSetting = [
	name: string,
	district: string,
	type: SettingType,
	phase: string,
	establishment: string,
	pupils: number | null
];

// Invented settings: names are made up, the mix of phases and types is realistic.
const KENT_SETTINGS: DemoSetting[] = [
	['Oakfield Primary School', 'Ashford', 'mainstream', 'Primary', 'Community school', 412],
	['Riverside Academy', 'Canterbury', 'mainstream', 'Secondary', 'Academy converter', 1120],
	['Little Acorns Pre-School', 'Ashford', 'early_years', 'Nursery', 'Early years setting', 48],
	['Willowbrook Primary School', 'Ashford', 'mainstream', 'Primary', 'Voluntary aided school', 208],
	['Kingsmead High School', 'Ashford', 'mainstream', 'Secondary', 'Academy sponsor led', 980],
	['Hawthorn Special School', 'Ashford', 'special', 'All-through', 'Community special school', 150],
	['Cliffside Primary School', 'Dover', 'mainstream', 'Primary', 'Community school', 315],
	['Harbour View Academy', 'Dover', 'mainstream', 'Secondary', 'Academy converter', 760],
	['Castle Hill Infant School', 'Dover', 'mainstream', 'Primary', 'Foundation school', 180],
	[
		'Seabrook Junior School',
		'Folkestone & Hythe',
		'mainstream',
		'Primary',
		'Community school',
		240
	],
	[
		'Marsh Edge Primary School',
		'Folkestone & Hythe',
		'mainstream',
		'Primary',
		'Academy converter',
		199
	],
	[
		'Channel Coast Learning Centre',
		'Folkestone & Hythe',
		'pru',
		'Not applicable',
		'Pupil referral unit',
		60
	],
	['Westgate Primary School', 'Canterbury', 'mainstream', 'Primary', 'Community school', 420],
	[
		'Cathedral Fields Primary School',
		'Canterbury',
		'mainstream',
		'Primary',
		'Voluntary controlled school',
		350
	],
	[
		'Stour Valley Special School',
		'Canterbury',
		'special',
		'All-through',
		'Foundation special school',
		210
	],
	['Faversham Creek Primary School', 'Swale', 'mainstream', 'Primary', 'Community school', 276],
	['Sheppey Shore Academy', 'Swale', 'mainstream', 'Secondary', 'Academy sponsor led', 1340],
	['Bumblebees Day Nursery', 'Swale', 'early_years', 'Nursery', 'Early years setting', 62],
	['Ramsgate Harbour Primary School', 'Thanet', 'mainstream', 'Primary', 'Academy converter', 390],
	['Margate Sands High School', 'Thanet', 'mainstream', 'Secondary', 'Community school', 870],
	['Isle Bridge Learning Centre', 'Thanet', 'pru', 'Not applicable', 'Pupil referral unit', 45],
	['Dartford Heath Primary School', 'Dartford', 'mainstream', 'Primary', 'Community school', 630],
	['Darent Valley Academy', 'Dartford', 'mainstream', 'Secondary', 'Academy converter', 1450],
	[
		'Gravesend Riverside Primary School',
		'Gravesham',
		'mainstream',
		'Primary',
		'Foundation school',
		455
	],
	[
		'Northfleet Grange School',
		'Gravesham',
		'special',
		'Secondary',
		'Community special school',
		180
	],
	[
		'Sevenoaks Weald Primary School',
		'Sevenoaks',
		'mainstream',
		'Primary',
		'Voluntary aided school',
		140
	],
	[
		'Edenbridge Meadow Pre-School',
		'Sevenoaks',
		'early_years',
		'Nursery',
		'Early years setting',
		36
	],
	['Swanley Park Academy', 'Sevenoaks', 'mainstream', 'Secondary', 'Academy sponsor led', 890],
	[
		'Maidstone Medway Primary School',
		'Maidstone',
		'mainstream',
		'Primary',
		'Community school',
		510
	],
	['Bearsted Green Primary School', 'Maidstone', 'mainstream', 'Primary', 'Academy converter', 415],
	['Mote Park High School', 'Maidstone', 'mainstream', 'Secondary', 'Community school', 1210],
	['Tiny Steps Childminding', 'Maidstone', 'early_years', 'Nursery', 'Childminder', 6],
	[
		'Tonbridge Castle Primary School',
		'Tonbridge & Malling',
		'mainstream',
		'Primary',
		'Community school',
		290
	],
	[
		'West Malling Oaks School',
		'Tonbridge & Malling',
		'special',
		'Primary',
		'Community special school',
		120
	],
	[
		'Snodland Valley Academy',
		'Tonbridge & Malling',
		'mainstream',
		'Secondary',
		'Academy converter',
		990
	],
	[
		'Pantiles Primary School',
		'Tunbridge Wells',
		'mainstream',
		'Primary',
		'Voluntary controlled school',
		320
	],
	['High Weald Academy', 'Tunbridge Wells', 'mainstream', 'Secondary', 'Academy converter', 1100],
	[
		'Paddock Wood Pre-School',
		'Tunbridge Wells',
		'early_years',
		'Nursery',
		'Early years setting',
		40
	],
	[
		'Cranbrook Learning Base',
		'Tunbridge Wells',
		'pru',
		'Not applicable',
		'Academy alternative provision converter',
		38
	],
	[
		'Hythe Bay Nursery School',
		'Folkestone & Hythe',
		'early_years',
		'Nursery',
		'Local authority nursery school',
		90
	],
	// Enough more in the South area for its board to see each district's picture: a district
	// shows its figures only when at least five of its settings keep their results private.
	['Stour Meadow Primary School', 'Ashford', 'mainstream', 'Primary', 'Academy converter', 330],
	['Eastwell Vale Primary School', 'Ashford', 'mainstream', 'Primary', 'Community school', 236],
	['Singleton Hill Academy', 'Ashford', 'mainstream', 'Secondary', 'Academy converter', 1050],
	['Bluebell Meadow Day Nursery', 'Ashford', 'early_years', 'Nursery', 'Early years setting', 54],
	['Buckland Brook Primary School', 'Dover', 'mainstream', 'Primary', 'Community school', 298],
	['Deal Shore Primary School', 'Dover', 'mainstream', 'Primary', 'Foundation school', 262],
	[
		'Sandwich Haven Primary School',
		'Dover',
		'mainstream',
		'Primary',
		'Voluntary controlled school',
		176
	],
	['Langdon Ridge Academy', 'Dover', 'mainstream', 'Secondary', 'Academy sponsor led', 915],
	[
		'Cheriton Brook Primary School',
		'Folkestone & Hythe',
		'mainstream',
		'Primary',
		'Community school',
		342
	],
	[
		'Sandgate Hill Primary School',
		'Folkestone & Hythe',
		'mainstream',
		'Primary',
		'Voluntary aided school',
		208
	],
	['Leas Cliff Academy', 'Folkestone & Hythe', 'mainstream', 'Secondary', 'Academy converter', 1020]
];

type DemoCommunities = Record<string, { district: string; settings: string[] }>;

const KENT_COMMUNITIES: DemoCommunities = {
	'Ashford Central Community of Schools': {
		district: 'Ashford',
		settings: [
			'Oakfield Primary School',
			'Willowbrook Primary School',
			'Kingsmead High School',
			'Hawthorn Special School',
			'Stour Meadow Primary School',
			'Eastwell Vale Primary School',
			'Singleton Hill Academy'
		]
	},
	'Dover and Deal Community of Schools': {
		district: 'Dover',
		settings: [
			'Cliffside Primary School',
			'Harbour View Academy',
			'Castle Hill Infant School',
			'Buckland Brook Primary School',
			'Deal Shore Primary School',
			'Sandwich Haven Primary School',
			'Langdon Ridge Academy'
		]
	},
	'Folkestone Harbour Community of Schools': {
		district: 'Folkestone & Hythe',
		settings: [
			'Seabrook Junior School',
			'Marsh Edge Primary School',
			'Channel Coast Learning Centre',
			'Cheriton Brook Primary School',
			'Sandgate Hill Primary School',
			'Leas Cliff Academy'
		]
	},
	'Canterbury City Community of Schools': {
		district: 'Canterbury',
		settings: [
			'Riverside Academy',
			'Westgate Primary School',
			'Cathedral Fields Primary School',
			'Stour Valley Special School'
		]
	},
	'Thanet Coast Community of Schools': {
		district: 'Thanet',
		settings: [
			'Ramsgate Harbour Primary School',
			'Margate Sands High School',
			'Isle Bridge Learning Centre'
		]
	}
};

const NORTHBURY_DISTRICTS: Record<string, string[]> = {
	Northbury: ['Northbury Town', 'Fenmoor'],
	Southvale: ['Southvale', 'Brookhaven']
};

const NORTHBURY_COMMUNITIES: DemoCommunities = {
	'Fenmoor and Northbury Community of Schools': {
		district: 'Fenmoor',
		settings: ['Fenmoor Primary School', 'Northbury Grammar School']
	}
};

const NORTHBURY_SETTINGS: DemoSetting[] = [
	['Fenmoor Primary School', 'Fenmoor', 'mainstream', 'Primary', 'Community school', 230],
	[
		'Northbury Grammar School',
		'Northbury Town',
		'mainstream',
		'Secondary',
		'Academy converter',
		1010
	],
	[
		'Brookhaven Special School',
		'Brookhaven',
		'special',
		'All-through',
		'Community special school',
		95
	],
	['Southvale Sunshine Nursery', 'Southvale', 'early_years', 'Nursery', 'Early years setting', 55]
];

interface SeededCounty {
	tenantId: string;
	laId: string;
	districtIds: Map<string, string>;
	settingIds: Map<string, string>;
	boardIds: Map<string, string>;
}

async function seedCounty(
	tx: Tx,
	tenantInput: { name: string; slug: string; laCode: string },
	areas: Record<string, string[]>,
	settings: DemoSetting[],
	communities: DemoCommunities,
	urnStart: number
): Promise<SeededCounty> {
	const { tenant, laOrganisationId } = await insertTenant(tx, {
		...tenantInput,
		requireAdminMfa: false
	});
	const tenantId = tenant.id;
	const districtIds = new Map<string, string>();
	const boardIds = new Map<string, string>();
	for (const [areaName, districtNames] of Object.entries(areas)) {
		const [a] = await tx
			.insert(area)
			.values({ tenantId, name: areaName })
			.returning({ id: area.id });
		const rows = await tx
			.insert(district)
			.values(districtNames.map((name) => ({ tenantId, name, areaId: a!.id })))
			.returning({ id: district.id, name: district.name });
		for (const r of rows) districtIds.set(r.name, r.id);
		const boardName = `${areaName} ${tenantInput.slug === 'kent' ? 'Kent ' : ''}Area Board`;
		const [board] = await tx
			.insert(organisation)
			.values({ tenantId, kind: 'area_board', name: boardName })
			.returning({ id: organisation.id });
		await tx.insert(areaBoard).values({ tenantId, id: board!.id, scope: 'districts' });
		await tx
			.insert(areaBoardDistrict)
			.values(rows.map((d) => ({ tenantId, areaBoardId: board!.id, districtId: d.id })));
		boardIds.set(areaName, board!.id);
	}
	const settingIds = new Map<string, string>();
	let urn = urnStart;
	for (const [name, districtName, settingType, phase, establishmentType, pupils] of settings) {
		const id = await insertSetting(tx, tenantId, {
			name,
			urn:
				settingType === 'early_years' && establishmentType !== 'Local authority nursery school'
					? null
					: urn++,
			settingType,
			phase,
			establishmentType,
			status: 'Open',
			districtId: districtIds.get(districtName) ?? null,
			numberOfPupils: pupils
		});
		settingIds.set(name, id);
	}
	for (const [name, { district: districtName, settings }] of Object.entries(communities)) {
		const [c] = await tx
			.insert(community)
			.values({
				tenantId,
				name,
				districtId: districtIds.get(districtName) ?? null
			})
			.returning({ id: community.id });
		await tx
			.update(setting)
			.set({ communityId: c!.id })
			.where(
				and(
					eq(setting.tenantId, tenantId),
					inArray(
						setting.id,
						settings.map((s) => settingIds.get(s)!)
					)
				)
			);
	}
	return { tenantId, laId: laOrganisationId, districtIds, settingIds, boardIds };
}

// SEN registers of some demo settings: reference prefix, pupils at SEN support, with a plan.
// The South area (Ashford, Dover, Folkestone & Hythe) is full enough for its board to
// scrutinise, with small numbers where a real district would have them.
const KENT_REGISTERS: Record<string, [prefix: string, k: number, e: number]> = {
	'Oakfield Primary School': ['OAK', 34, 8],
	'Willowbrook Primary School': ['WIL', 18, 3],
	'Kingsmead High School': ['KMH', 60, 14],
	'Hawthorn Special School': ['HAW', 0, 90],
	'Little Acorns Pre-School': ['ACO', 3, 1],
	'Cliffside Primary School': ['CLI', 30, 6],
	'Harbour View Academy': ['HVA', 50, 10],
	'Castle Hill Infant School': ['CHI', 14, 2],
	'Seabrook Junior School': ['SEA', 22, 4],
	'Marsh Edge Primary School': ['MEP', 19, 3],
	'Channel Coast Learning Centre': ['CCL', 12, 3],
	'Riverside Academy': ['RIV', 70, 15],
	'Westgate Primary School': ['WES', 40, 8],
	'Stour Valley Special School': ['STV', 0, 120]
};

/** Seeds Kent and Northbury with the demo accounts; the database must have no tenants yet. */
export async function seedDemo(db: Database): Promise<void> {
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	await db.transaction(async (tx) => {
		const kent = await seedCounty(
			tx,
			{ name: 'Kent County Council', slug: 'kent', laCode: '886' },
			KENT_AREAS,
			KENT_SETTINGS,
			KENT_COMMUNITIES,
			990001
		);
		const northbury = await seedCounty(
			tx,
			{ name: 'Northbury Council', slug: 'northbury', laCode: '999' },
			NORTHBURY_DISTRICTS,
			NORTHBURY_SETTINGS,
			NORTHBURY_COMMUNITIES,
			995001
		);

		const person = async (email: string, name: string, isPlatformAdmin = false) =>
			(await insertUser(tx, { email, name, passwordHash, isPlatformAdmin })).id;
		const k = (settingName: string) => kent.settingIds.get(settingName)!;

		await person('platform@inclusio.test', 'Priya Platform', true);
		await grantMembership(
			tx,
			kent.tenantId,
			await person('la.admin@kent.test', 'Alex Morgan'),
			kent.laId,
			'admin'
		);
		const kentHead = await person('head@kent.test', 'Helen Carter');
		await grantMembership(tx, kent.tenantId, kentHead, k('Oakfield Primary School'), 'headteacher');
		const kentSenco = await person('senco@kent.test', 'Sam Patel');
		await grantMembership(tx, kent.tenantId, kentSenco, k('Oakfield Primary School'), 'senco');
		await insertPeerReviewer(tx, kent.tenantId, kentSenco, k('Oakfield Primary School'));
		await grantMembership(
			tx,
			kent.tenantId,
			await person('staff@kent.test', 'Tom Reed'),
			k('Oakfield Primary School'),
			'staff'
		);
		// Peer reviewers: the LA's register names them and the setting they review from.
		const kentReviewers: [email: string, name: string, settingName: string][] = [
			['reviewer@kent.test', 'Ruth Okafor', 'Willowbrook Primary School'],
			['reviewer2@kent.test', 'Grace Lin', 'Cliffside Primary School']
		];
		// Who keeps each setting's SEN register, for its history.
		const kentKeepers: Record<string, string> = { 'Oakfield Primary School': kentSenco };
		for (const [email, name, settingName] of kentReviewers) {
			const reviewer = await person(email, name);
			kentKeepers[settingName] = reviewer;
			await grantMembership(tx, kent.tenantId, reviewer, k(settingName), 'senco');
			await insertPeerReviewer(tx, kent.tenantId, reviewer, k(settingName));
		}
		await grantMembership(
			tx,
			kent.tenantId,
			await person('board@kent.test', 'Ben Hughes'),
			kent.boardIds.get('South')!,
			'member'
		);
		const kentEarlyYearsSenco = await person('eysenco@kent.test', 'Erin Walsh');
		await grantMembership(
			tx,
			kent.tenantId,
			kentEarlyYearsSenco,
			k('Little Acorns Pre-School'),
			'senco'
		);
		await grantMembership(
			tx,
			northbury.tenantId,
			await person('la.admin@northbury.test', 'Nadia Brooks'),
			northbury.laId,
			'admin'
		);
		const fenmoor = northbury.settingIds.get('Fenmoor Primary School')!;
		const northburySenco = await person('senco@northbury.test', 'Noah Fenwick');
		await grantMembership(tx, northbury.tenantId, northburySenco, fenmoor, 'senco');
		await insertPeerReviewer(tx, northbury.tenantId, northburySenco, fenmoor);

		// Last year's self-evaluations, signed off, so this year's can be compared with them.
		// This year's is under way at Oakfield: every section done but the last.
		const kentCycles = await seedCycles(tx, kent.tenantId);
		const oakfield = {
			tenantId: kent.tenantId,
			settingId: k('Oakfield Primary School'),
			versionId: kentCycles.versionOf('mainstream'),
			senco: kentSenco,
			head: kentHead
		};
		await seedSignedOffEvaluation(tx, { ...oakfield, cycleId: kentCycles.previous, offset: 0 });
		await seedEvaluationInProgress(tx, { ...oakfield, cycleId: kentCycles.current, offset: 3 });
		// The rest of Kent's, for the area boards, and last year's peer reviews in the South.
		const signedOffLastYear = await seedKentEvaluations(tx, {
			tenantId: kent.tenantId,
			cycles: kentCycles,
			sencos: { ...kentKeepers, 'Little Acorns Pre-School': kentEarlyYearsSenco },
			settings: new Map(
				KENT_SETTINGS.map(([name, , settingType]) => [name, { id: k(name), settingType }])
			)
		});
		await seedSouthReviews(tx, {
			tenantId: kent.tenantId,
			cycleId: kentCycles.previous,
			settingIds: kent.settingIds,
			evaluations: signedOffLastYear,
			reviewers: {
				sam: { userId: kentSenco, settingId: k('Oakfield Primary School') },
				grace: {
					userId: kentKeepers['Cliffside Primary School']!,
					settingId: k('Cliffside Primary School')
				}
			}
		});
		await seedCpdCatalogue(tx, kent.tenantId);
		await seedCpdPlans(tx, {
			tenantId: kent.tenantId,
			cycles: kentCycles,
			settingIds: kent.settingIds
		});
		const today = todayInEngland();
		const registerOf = (
			settings: DemoSetting[],
			ids: Map<string, string>,
			registers: Record<string, [string, number, number]>,
			keepers: Record<string, string>
		): DemoRegister[] =>
			settings.flatMap(([name, , settingType, phase]) => {
				const register = registers[name];
				if (!register) return [];
				const [prefix, k, e] = register;
				const settingId = ids.get(name)!;
				return [{ settingId, settingType, phase, prefix, k, e, keptBy: keepers[name] }];
			});
		await seedProvision(
			tx,
			kent.tenantId,
			registerOf(KENT_SETTINGS, kent.settingIds, KENT_REGISTERS, kentKeepers),
			{ today }
		);
		await seedProvision(
			tx,
			northbury.tenantId,
			registerOf(
				NORTHBURY_SETTINGS,
				northbury.settingIds,
				{ 'Fenmoor Primary School': ['FEN', 20, 4] },
				{ 'Fenmoor Primary School': northburySenco }
			),
			{ today }
		);
		const northburyCycles = await seedCycles(tx, northbury.tenantId);
		await seedSignedOffEvaluation(tx, {
			tenantId: northbury.tenantId,
			cycleId: northburyCycles.previous,
			settingId: fenmoor,
			versionId: northburyCycles.versionOf('mainstream'),
			senco: northburySenco,
			head: northburySenco,
			offset: 5
		});
	});
}
