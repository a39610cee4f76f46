/**
 * The sizes the benchmark generates: a smoke test, one county, and England. Every tenant has
 * the same shape; England's other tenants are the county's shape scaled to their settings.
 */
import type { Scale } from './fixture';

/** Every generated account's password. */
export const BENCH_PASSWORD = 'Bench-password-2026';

/** How much of everything one tenant holds. */
export interface TenantShape {
	name: string;
	slug: string;
	/** A 3-digit DfE LA code, unique among the generated tenants. */
	laCode: string;
	/** The domain of its people's emails: bench.test for the measured tenant. */
	emailDomain: string;
	areas: number;
	districtsPerArea: number;
	communities: number;
	schools: { primary: number; secondary: number; special: number; pru: number };
	earlyYears: number;
	/** Settings whose self-evaluation of the open cycle is under way. */
	inProgress: number;
	/** SENCOs of in-progress settings who autosave in the benchmark, the measured one aside. */
	autosavers: number;
	finalisedReviews: number;
	pupils: number;
	records: number;
	/** Pupils on the register of the measured setting (a large primary). */
	measuredPupils: number;
}

export interface ScaleSpec {
	/** Tenant 1: the one the benchmark signs in to. */
	measured: TenantShape;
	/** The other tenants, sharing these settings. */
	others: { tenants: number; settings: number } | null;
	/** PGlite cannot hold it in reasonable time or memory. */
	postgresOnly: boolean;
}

const COUNTY: TenantShape = {
	name: 'Bench County Council',
	slug: 'bench-county',
	laCode: '801',
	emailDomain: 'bench.test',
	areas: 4,
	districtsPerArea: 3,
	communities: 53,
	schools: { primary: 470, secondary: 100, special: 24, pru: 6 },
	earlyYears: 900,
	inProgress: 300,
	autosavers: 50,
	finalisedReviews: 400,
	pupils: 60_000,
	records: 200_000,
	measuredPupils: 150
};

const SMOKE: TenantShape = {
	name: 'Bench Smoke Council',
	slug: 'bench-smoke',
	laCode: '802',
	emailDomain: 'bench.test',
	areas: 1,
	districtsPerArea: 2,
	communities: 3,
	schools: { primary: 6, secondary: 2, special: 1, pru: 1 },
	earlyYears: 14,
	inProgress: 6,
	autosavers: 5,
	finalisedReviews: 4,
	pupils: 300,
	records: 1_000,
	measuredPupils: 40
};

export const SCALES: Record<Scale, ScaleSpec> = {
	smoke: { measured: SMOKE, others: null, postgresOnly: false },
	county: { measured: COUNTY, others: null, postgresOnly: false },
	england: { measured: COUNTY, others: { tenants: 149, settings: 80_500 }, postgresOnly: true }
};

/** Settings in a tenant of this shape. */
const settingsIn = (shape: TenantShape) =>
	shape.schools.primary +
	shape.schools.secondary +
	shape.schools.special +
	shape.schools.pru +
	shape.earlyYears;

/**
 * The county's shape scaled to `settings` settings, for the `index`-th tenant (from 2): the
 * same districts and mix of settings, and the same amount of everything per setting.
 */
function scaledShape(county: TenantShape, index: number, settings: number): TenantShape {
	const ratio = settings / settingsIn(county);
	const of = (n: number) => Math.max(1, Math.round(n * ratio));
	const schools = {
		primary: of(county.schools.primary),
		secondary: of(county.schools.secondary),
		special: of(county.schools.special),
		pru: of(county.schools.pru)
	};
	const number = String(index).padStart(3, '0');
	return {
		...county,
		name: `Bench Authority ${number}`,
		slug: `bench-${number}`,
		laCode: String(800 + index),
		emailDomain: `t${number}.bench.test`,
		communities: of(county.communities),
		schools,
		earlyYears: settings - schools.primary - schools.secondary - schools.special - schools.pru,
		inProgress: of(county.inProgress),
		autosavers: 0,
		finalisedReviews: of(county.finalisedReviews),
		pupils: of(county.pupils),
		records: of(county.records)
	};
}

/** Every tenant of a scale, the measured one first; `limit` stops early, for trying it out. */
export function tenantShapes(spec: ScaleSpec, limit = Infinity): TenantShape[] {
	const shapes = [spec.measured];
	if (spec.others) {
		const { tenants, settings } = spec.others;
		for (let i = 0; i < tenants && shapes.length < limit; i++) {
			// Settings shared out as evenly as whole numbers allow.
			const share =
				Math.floor(((i + 1) * settings) / tenants) - Math.floor((i * settings) / tenants);
			shapes.push(scaledShape(spec.measured, i + 2, share));
		}
	}
	return shapes;
}
