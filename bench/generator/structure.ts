import { and, asc, eq } from 'drizzle-orm';
import { settingTypeFor } from '../../src/lib/domain/gias';
import type { SettingType } from '../../src/lib/domain/organisation';
import {
	appUser,
	area,
	areaBoard,
	areaBoardDistrict,
	community,
	district,
	framework,
	frameworkCriterion,
	frameworkSection,
	frameworkVersion,
	membership,
	organisation,
	peerReviewer,
	setting,
	tenantUser
} from '../../src/lib/server/db/schema';
import type { Tx } from '../../src/lib/server/db/tenant';
import { insertTenant } from '../../src/lib/server/services/platform';
import { NAME_ENDINGS, personName, placeName, postcode } from '../prose';
import type { Random } from '../random';
import type { TenantShape } from '../scales';
import type { BenchFramework, BenchSetting, County, Reviewer, SettingKind } from './county';
import { insertRows } from './write';

/** Which starter framework each type of setting evaluates against, as the demo cycles have it. */
const FRAMEWORK_BY_TYPE: Record<SettingType, string> = {
	mainstream: 'mcs',
	special: 'catie',
	pru: 'catie',
	early_years: 'early-years'
};

const AREA_NAMES = ['North', 'East', 'South', 'West'];

/** GIAS types of establishment for each kind, with how common each is, and its phase. */
const ESTABLISHMENTS: Record<
	SettingKind,
	{ types: [string, number][]; phase: string; roll: [number, number] }
> = {
	primary: {
		types: [
			['Community school', 30],
			['Academy converter', 25],
			['Voluntary aided school', 12],
			['Voluntary controlled school', 12],
			['Foundation school', 8],
			['Academy sponsor led', 8],
			['Free schools', 5]
		],
		phase: 'Primary',
		roll: [90, 520]
	},
	secondary: {
		types: [
			['Academy converter', 45],
			['Academy sponsor led', 20],
			['Community school', 15],
			['Foundation school', 10],
			['Free schools', 5],
			['Voluntary aided school', 5]
		],
		phase: 'Secondary',
		roll: [650, 1600]
	},
	special: {
		types: [
			['Community special school', 50],
			['Foundation special school', 20],
			['Academy special converter', 20],
			['Academy special sponsor led', 10]
		],
		phase: 'Not applicable',
		roll: [60, 260]
	},
	pru: {
		types: [
			['Pupil referral unit', 70],
			['Academy alternative provision converter', 30]
		],
		phase: 'Not applicable',
		roll: [25, 90]
	},
	earlyYears: {
		types: [
			['Early years setting', 80],
			['Childminder', 12],
			['Local authority nursery school', 8]
		],
		phase: 'Nursery',
		roll: [20, 90]
	}
};

/** How a setting of this kind and type may be named: academies as academies, others not. */
function endingsFor(kind: SettingKind, establishmentType: string): readonly string[] {
	const academy = /^(Academy|Free)/.test(establishmentType);
	const fitting = NAME_ENDINGS[kind].filter((e) => e.includes('Academy') === academy);
	return kind === 'pru' || kind === 'earlyYears' || fitting.length === 0
		? NAME_ENDINGS[kind]
		: fitting;
}

/** The measured setting's roll: a large primary. */
const MEASURED_ROLL = 630;

const CREATED = new Date('2023-06-01T09:00:00Z');

/** A name not used yet in the tenant, from `make`; a number tells apart the rare clash left. */
function uniqueName(used: Set<string>, make: () => string): string {
	for (let i = 0; i < 20; i++) {
		const name = make();
		if (!used.has(name.toLowerCase())) {
			used.add(name.toLowerCase());
			return name;
		}
	}
	const name = `${make()} ${used.size + 1}`;
	used.add(name.toLowerCase());
	return name;
}

/** The published starter frameworks the tenant was given, with their criteria in order. */
async function starterFrameworks(tx: Tx, tenantId: string) {
	const [versions, criteria] = await Promise.all([
		tx
			.select({
				key: framework.key,
				frameworkId: framework.id,
				versionId: frameworkVersion.id,
				scale: frameworkVersion.scale
			})
			.from(frameworkVersion)
			.innerJoin(
				framework,
				and(
					eq(framework.tenantId, frameworkVersion.tenantId),
					eq(framework.id, frameworkVersion.frameworkId)
				)
			)
			.where(eq(frameworkVersion.tenantId, tenantId)),
		tx
			.select({
				id: frameworkCriterion.id,
				versionId: frameworkCriterion.versionId,
				code: frameworkCriterion.code,
				title: frameworkCriterion.title,
				sectionPosition: frameworkSection.position,
				sectionCode: frameworkSection.code,
				sectionTitle: frameworkSection.title,
				statutory: frameworkCriterion.statutory,
				areasOfNeed: frameworkCriterion.areasOfNeed
			})
			.from(frameworkCriterion)
			.innerJoin(
				frameworkSection,
				and(
					eq(frameworkSection.tenantId, frameworkCriterion.tenantId),
					eq(frameworkSection.id, frameworkCriterion.sectionId)
				)
			)
			.where(eq(frameworkCriterion.tenantId, tenantId))
			.orderBy(asc(frameworkSection.position), asc(frameworkCriterion.position))
	]);
	const byKey = new Map<string, BenchFramework>();
	for (const v of versions) {
		const own = criteria.filter((c) => c.versionId === v.versionId);
		const positions = [...new Set(own.map((c) => c.sectionPosition))];
		byKey.set(v.key, {
			frameworkId: v.frameworkId,
			versionId: v.versionId,
			scale: v.scale,
			sections: positions.length,
			criteria: own.map((c) => ({ ...c, section: positions.indexOf(c.sectionPosition) }))
		});
	}
	const of = (type: SettingType) => {
		const found = byKey.get(FRAMEWORK_BY_TYPE[type]);
		if (!found) throw new Error(`The tenant has no starter framework ${FRAMEWORK_BY_TYPE[type]}`);
		return found;
	};
	return {
		mainstream: of('mainstream'),
		special: of('special'),
		pru: of('pru'),
		early_years: of('early_years')
	};
}

/** Areas, their districts, the communities among them, and one area board per area. */
async function writeGeography(tx: Tx, r: Random, tenantId: string, shape: TenantShape) {
	const names = new Set<string>();
	const areas = Array.from({ length: shape.areas }, (_, i) => ({
		tenantId,
		id: r.uuid(),
		name: AREA_NAMES[i] ?? `Area ${i + 1}`,
		createdAt: CREATED
	}));
	const districts = areas.flatMap((a) =>
		Array.from({ length: shape.districtsPerArea }, () => ({
			tenantId,
			id: r.uuid(),
			name: uniqueName(names, () => placeName(r)),
			areaId: a.id,
			createdAt: CREATED
		}))
	);
	const communities = Array.from({ length: shape.communities }, (_, i) => ({
		tenantId,
		id: r.uuid(),
		name: uniqueName(names, () => `${placeName(r)} Community of Schools`),
		districtId: districts[i % districts.length]!.id,
		createdAt: CREATED
	}));
	const boards = areas.map((a) => ({
		tenantId,
		id: r.uuid(),
		kind: 'area_board' as const,
		name: `${a.name} Area Board`,
		createdAt: CREATED,
		updatedAt: CREATED
	}));
	await insertRows(tx, area, areas);
	await insertRows(tx, district, districts);
	await insertRows(tx, community, communities);
	await insertRows(tx, organisation, boards);
	await insertRows(
		tx,
		areaBoard,
		boards.map((b) => ({ tenantId, id: b.id, scope: 'districts' as const }))
	);
	const boardDistricts = boards.map((b, i) =>
		districts.filter((d) => d.areaId === areas[i]!.id).map((d) => d.id)
	);
	await insertRows(
		tx,
		areaBoardDistrict,
		boards.flatMap((b, i) =>
			boardDistricts[i]!.map((districtId) => ({ tenantId, areaBoardId: b.id, districtId }))
		)
	);
	return { districts, communities, boards, boardDistricts };
}

/** The kinds of setting to write, the measured large primary first, the rest shuffled. */
function settingKinds(r: Random, shape: TenantShape): SettingKind[] {
	const { primary, secondary, special, pru } = shape.schools;
	const rest: SettingKind[] = [
		...Array<SettingKind>(primary - 1).fill('primary'),
		...Array<SettingKind>(secondary).fill('secondary'),
		...Array<SettingKind>(special).fill('special'),
		...Array<SettingKind>(pru).fill('pru'),
		...Array<SettingKind>(shape.earlyYears).fill('earlyYears')
	];
	return ['primary', ...r.shuffled(rest)];
}

/** Every setting's organisation and setting rows; the measured one in board 1's first district. */
async function writeSettings(
	tx: Tx,
	r: Random,
	tenantId: string,
	shape: TenantShape,
	geography: Awaited<ReturnType<typeof writeGeography>>
) {
	const names = new Set<string>();
	const { districts, communities } = geography;
	let urn = 880_001;
	const rows = settingKinds(r, shape).map((kind, i) => {
		const plan = ESTABLISHMENTS[kind];
		const establishmentType = r.weighted(plan.types);
		const districtId = i === 0 ? districts[0]!.id : r.pick(districts).id;
		const own = communities.filter((c) => c.districtId === districtId);
		const name = uniqueName(names, () =>
			establishmentType === 'Childminder'
				? `${personName(r)} Childminding`
				: establishmentType === 'Local authority nursery school'
					? `${placeName(r)} Nursery School`
					: `${placeName(r)} ${r.pick(endingsFor(kind, establishmentType))}`
		);
		const inCommunity = own.length > 0 && r.chance(kind === 'earlyYears' ? 0.25 : 0.85);
		const hasUrn = kind !== 'earlyYears' || establishmentType === 'Local authority nursery school';
		return {
			id: r.uuid(),
			name,
			kind,
			settingType: settingTypeFor(establishmentType, plan.phase),
			establishmentType,
			phase: plan.phase,
			urn: hasUrn ? urn++ : null,
			districtId,
			communityId: inCommunity ? r.pick(own).id : null,
			postcode: postcode(r),
			roll:
				i === 0
					? MEASURED_ROLL
					: establishmentType === 'Childminder'
						? r.int(3, 6)
						: r.int(plan.roll[0], plan.roll[1])
		};
	});
	await insertRows(
		tx,
		organisation,
		rows.map((s) => ({
			tenantId,
			id: s.id,
			kind: 'setting' as const,
			name: s.name,
			createdAt: CREATED,
			updatedAt: CREATED
		}))
	);
	await insertRows(
		tx,
		setting,
		rows.map((s) => ({
			tenantId,
			id: s.id,
			urn: s.urn,
			settingType: s.settingType,
			establishmentType: s.establishmentType,
			phase: s.phase,
			status: 'Open',
			districtId: s.districtId,
			communityId: s.communityId,
			postcode: s.postcode,
			numberOfPupils: s.roll,
			resourcedProvision: 'Not applicable',
			updatedAt: CREATED
		}))
	);
	return rows;
}

/** A person's account, their place in the tenant and their role, as grantMembership writes them. */
interface Person {
	id: string;
	membershipId: string;
	email: string;
	name: string;
	organisationId: string;
	role: 'admin' | 'member' | 'senco' | 'headteacher';
}

async function writePeople(tx: Tx, tenantId: string, people: Person[], passwordHash: string) {
	await insertRows(
		tx,
		appUser,
		people.map((p) => ({
			id: p.id,
			email: p.email,
			name: p.name,
			passwordHash,
			createdAt: CREATED
		}))
	);
	await insertRows(
		tx,
		tenantUser,
		people.map((p) => ({ tenantId, userId: p.id, createdAt: CREATED }))
	);
	await insertRows(
		tx,
		membership,
		people.map((p) => ({
			tenantId,
			id: p.membershipId,
			userId: p.id,
			organisationId: p.organisationId,
			role: p.role,
			createdAt: CREATED
		}))
	);
}

const pad = (n: number) => String(n).padStart(4, '0');

/**
 * The tenant and everything its people stand on: the LA and its starter frameworks (through
 * the platform's own insertTenant), areas, districts, communities, area boards, settings,
 * accounts with their roles, and the register of peer reviewers. Chooses, too, which
 * settings play which part in the phases after.
 */
export async function writeStructure(
	tx: Tx,
	r: Random,
	shape: TenantShape,
	passwordHash: string
): Promise<County> {
	const { tenant, laOrganisationId: laId } = await insertTenant(tx, {
		name: shape.name,
		slug: shape.slug,
		laCode: shape.laCode,
		requireAdminMfa: false
	});
	const tenantId = tenant.id;
	const frameworks = await starterFrameworks(tx, tenantId);
	const geography = await writeGeography(tx, r.fork('geography'), tenantId, shape);
	const rows = await writeSettings(tx, r.fork('settings'), tenantId, shape, geography);

	const p = r.fork('people');
	const domain = shape.emailDomain;
	const people: Person[] = [];
	const person = (email: string, organisationId: string, role: Person['role']) => {
		const id = p.uuid();
		people.push({ id, membershipId: p.uuid(), email, name: personName(p), organisationId, role });
		return id;
	};
	const laAdminId = person(`la@${domain}`, laId, 'admin');
	const boards = geography.boards.map((b, i) => ({
		id: b.id,
		districtIds: geography.boardDistricts[i]!,
		memberId: person(`board.${i + 1}@${domain}`, b.id, 'member')
	}));
	const settings: BenchSetting[] = rows.map((s, i) => ({
		number: i + 1,
		id: s.id,
		name: s.name,
		kind: s.kind,
		settingType: s.settingType,
		districtId: s.districtId,
		roll: s.roll,
		sencoId: person(`senco.${pad(i + 1)}@${domain}`, s.id, 'senco'),
		headId:
			s.kind === 'earlyYears' ? null : person(`head.${pad(i + 1)}@${domain}`, s.id, 'headteacher')
	}));

	// Who plays which part: the visit's host and its lead's home setting are schools other
	// than the measured one, and neither has its open-cycle evaluation under way.
	const plan = r.fork('plan');
	const [visitHost, leadHome] = plan.sample(
		settings.filter((s, i) => i > 0 && s.headId !== null),
		2
	) as [BenchSetting, BenchSetting];
	const lead: Reviewer = {
		userId: person(`reviewer@${domain}`, leadHome.id, 'senco'),
		settingId: leadHome.id
	};
	await writePeople(tx, tenantId, people, passwordHash);

	const others = settings.filter((s) => s !== settings[0] && s !== visitHost && s !== leadHome);
	const inProgress = [settings[0]!, ...plan.sample(others, shape.inProgress - 1)];
	const pool = plan
		.sample(settings.slice(1), Math.max(3, Math.round(settings.length * 0.08)))
		.map((s) => ({ userId: s.sencoId, settingId: s.id }));
	const reviewers = [lead, ...pool];
	await insertRows(
		tx,
		peerReviewer,
		reviewers.map((rv) => ({
			tenantId,
			id: plan.uuid(),
			...rv,
			addedBy: laAdminId,
			createdAt: CREATED
		}))
	);
	const perCycle = (c: number) =>
		Math.floor(((c + 1) * shape.finalisedReviews) / 3) -
		Math.floor((c * shape.finalisedReviews) / 3);
	const reviewHosts = [0, 1, 2].map((c) => plan.sample(settings, perCycle(c)));
	return {
		shape,
		random: r,
		tenantId,
		laAdminId,
		boards,
		settings,
		frameworks,
		cycles: [],
		evaluations: [],
		reviewers,
		inProgress,
		visitHost,
		reviewHosts
	};
}
