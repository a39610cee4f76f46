import { eq } from 'drizzle-orm';
import type { CpdAudience, CpdFormat } from '../../../domain/cpd';
import type { AreaOfNeed } from '../../../domain/framework';
import {
	cpdOffer,
	cpdOfferCriterion,
	framework,
	frameworkCriterion,
	frameworkVersion
} from '../schema';
import { rowOf } from '../joins';
import type { Tx } from '../tenant';

type FrameworkKey = 'mcs' | 'catie' | 'early-years';

interface StarterOffer {
	title: string;
	provider: string;
	format: CpdFormat;
	summary: string;
	minutes: number;
	costPence: number;
	audiences: CpdAudience[];
	areasOfNeed: AreaOfNeed[];
	criteria: [FrameworkKey, string][];
	url?: string;
	/** Withdrawn: still in the catalogue, no longer offered. */
	withdrawn?: true;
}

const SEND_TEAM = 'SEND Training Team';
const STLS = 'Specialist Teaching and Learning Service';
const EPS = 'Educational Psychology Service';
const SLT = 'Speech and Language Therapy Service';
const AUTISM = 'Autism Outreach Team';
const EARLY_YEARS = 'Early Years and Childcare Service';
const GOVERNORS = 'Governor Services';

const book = (slug: string) => `https://cpd.kent.example/book/${slug}`;

// Invented offers in our own words; the providers are the kinds of service an LA runs. A few
// criteria the demo often rates low are left without an offer on purpose (MCS-1.4, MCS-6.2,
// MCS-8.2 and MCS-8.4 among them), so the LA's view of common gaps with no offer has rows.
const STARTER_OFFERS: StarterOffer[] = [
	{
		title: 'The Mainstream Core Standards: an introduction for all staff',
		provider: SEND_TEAM,
		format: 'self_paced',
		summary:
			'A short online module on what every school is expected to provide for pupils with SEN, and how each member of staff plays a part. Ends with a quiz and a certificate.',
		minutes: 60,
		costPence: 0,
		audiences: ['teacher', 'teaching_assistant', 'whole_staff'],
		areasOfNeed: ['communication_interaction', 'cognition_learning', 'semh', 'sensory_physical'],
		criteria: [
			['mcs', 'MCS-7.2'],
			['mcs', 'MCS-7.3'],
			['catie', 'CATIE-1.4']
		],
		url: book('core-standards-introduction')
	},
	{
		title: 'The graduated approach in practice: assess, plan, do, review',
		provider: SEND_TEAM,
		format: 'live_online',
		summary:
			'Two and a half hours on running SEN support as a cycle: gathering a clear picture of need, setting outcomes that can be measured, and reviewing with the pupil and family.',
		minutes: 150,
		costPence: 4500,
		audiences: ['senco', 'teacher'],
		areasOfNeed: [],
		criteria: [
			['mcs', 'MCS-3.2'],
			['mcs', 'MCS-4.1'],
			['catie', 'CATIE-2.1']
		],
		url: book('graduated-approach')
	},
	{
		title: 'New to the SENCO role: law, leadership and provision mapping',
		provider: SEND_TEAM,
		format: 'blended',
		summary:
			'Three days across a term for SENCOs in their first two years: the duties of the Code of Practice, leading SEN across a school, protecting time for the role and keeping a costed provision map.',
		minutes: 1080,
		costPence: 35000,
		audiences: ['senco'],
		areasOfNeed: [],
		criteria: [
			['mcs', 'MCS-7.1'],
			['mcs', 'MCS-6.3'],
			['mcs', 'MCS-6.1'],
			['catie', 'CATIE-1.2']
		],
		url: book('new-senco')
	},
	{
		title: 'EHC needs assessments and annual reviews',
		provider: SEND_TEAM,
		format: 'live_online',
		summary:
			'How to gather and present evidence for a request, write advice that the plan can use, and hold annual reviews on time with the pupil and family at the centre.',
		minutes: 180,
		costPence: 6000,
		audiences: ['senco', 'leader'],
		areasOfNeed: [],
		criteria: [
			['mcs', 'MCS-3.3'],
			['mcs', 'MCS-3.6'],
			['catie', 'CATIE-3.5']
		]
	},
	{
		title: 'Working with families: planning support together',
		provider: SEND_TEAM,
		format: 'live_online',
		summary:
			'Practical ways to involve parents and carers in planning and reviewing their child’s support, and to point them to the local offer and independent advice.',
		minutes: 90,
		costPence: 3000,
		audiences: ['senco', 'teacher'],
		areasOfNeed: [],
		criteria: [
			['mcs', 'MCS-1.2'],
			['mcs', 'MCS-1.5'],
			['catie', 'CATIE-3.1']
		]
	},
	{
		title: 'Adaptive teaching for pupils with SEND',
		provider: STLS,
		format: 'face_to_face',
		summary:
			'A day on removing barriers in everyday lessons: scaffolds, chunking, pre-teaching vocabulary and checking understanding, with time to adapt a lesson of your own.',
		minutes: 360,
		costPence: 15000,
		audiences: ['leader', 'teacher'],
		areasOfNeed: ['communication_interaction', 'cognition_learning'],
		criteria: [
			['mcs', 'MCS-4.2'],
			['mcs', 'MCS-4.6'],
			['catie', 'CATIE-1.3']
		],
		url: book('adaptive-teaching')
	},
	{
		title: 'Precision teaching and reading catch-up for teaching assistants',
		provider: STLS,
		format: 'face_to_face',
		summary:
			'A morning for teaching assistants on short, daily, measured sessions that build reading and spelling fluency, and on recording progress so the class teacher can act on it.',
		minutes: 180,
		costPence: 7500,
		audiences: ['teaching_assistant'],
		areasOfNeed: ['cognition_learning'],
		criteria: [
			['mcs', 'MCS-10.2'],
			['mcs', 'MCS-4.4'],
			['mcs', 'MCS-7.4']
		]
	},
	{
		title: 'Hearing and vision: adjusting the classroom',
		provider: STLS,
		format: 'in_setting',
		summary:
			'A specialist teacher visits to look at your rooms with you and shows staff how to position pupils, adapt materials and check that equipment is working.',
		minutes: 120,
		costPence: 9500,
		audiences: ['teacher', 'teaching_assistant', 'whole_staff'],
		areasOfNeed: ['sensory_physical'],
		criteria: [
			['mcs', 'MCS-12.1'],
			['mcs', 'MCS-12.2'],
			['mcs', 'MCS-5.4']
		]
	},
	{
		title: 'Physical needs, moving and handling, and intimate care',
		provider: STLS,
		format: 'face_to_face',
		summary:
			'Safe moving and handling, personal care that keeps dignity and builds independence, and adapting PE and outings so pupils with physical disabilities take part.',
		minutes: 240,
		costPence: 8000,
		audiences: ['teaching_assistant', 'early_years_practitioner'],
		areasOfNeed: ['sensory_physical'],
		criteria: [
			['mcs', 'MCS-12.4'],
			['mcs', 'MCS-12.5'],
			['early-years', 'EY-P4.2']
		],
		url: book('physical-needs')
	},
	{
		title: 'Emotion coaching and relational approaches',
		provider: EPS,
		format: 'face_to_face',
		summary:
			'An educational psychologist leads a day on seeing behaviour as communication, helping pupils to regulate, and repairing relationships after difficult moments.',
		minutes: 360,
		costPence: 14000,
		audiences: ['leader', 'whole_staff'],
		areasOfNeed: ['semh'],
		criteria: [
			['mcs', 'MCS-11.3'],
			['mcs', 'MCS-11.2'],
			['mcs', 'MCS-2.1']
		],
		url: book('emotion-coaching')
	},
	{
		title: 'Speech, language and communication needs: spotting and supporting',
		provider: SLT,
		format: 'live_online',
		summary:
			'A free session from speech and language therapists on the early signs of language difficulties, simple screening, and ways of talking that help every child.',
		minutes: 90,
		costPence: 0,
		audiences: ['teacher', 'teaching_assistant', 'early_years_practitioner'],
		areasOfNeed: ['communication_interaction'],
		criteria: [
			['mcs', 'MCS-9.1'],
			['mcs', 'MCS-9.2'],
			['early-years', 'EY-U1.1'],
			['early-years', 'EY-U1.2']
		],
		url: book('slcn-spotting')
	},
	{
		title: 'Running targeted language groups',
		provider: SLT,
		format: 'face_to_face',
		summary:
			'Training for the staff who will run small language groups: choosing children, planning sessions, using therapy advice and measuring progress.',
		minutes: 300,
		costPence: 8500,
		audiences: ['teaching_assistant', 'early_years_practitioner'],
		areasOfNeed: ['communication_interaction'],
		criteria: [
			['mcs', 'MCS-9.3'],
			['early-years', 'EY-T1.1'],
			['early-years', 'EY-T1.3']
		]
	},
	{
		title: 'Signing for beginners: level 1',
		provider: SLT,
		format: 'face_to_face',
		summary:
			'A day learning everyday signs and symbols to use alongside speech. Replaced by the targeted language groups course, which now covers signing.',
		minutes: 360,
		costPence: 6500,
		audiences: ['teaching_assistant', 'early_years_practitioner'],
		areasOfNeed: ['communication_interaction'],
		criteria: [
			['early-years', 'EY-T1.2'],
			['mcs', 'MCS-9.6']
		],
		withdrawn: true
	},
	{
		title: 'Understanding autism: predictable, adapted classrooms',
		provider: AUTISM,
		format: 'face_to_face',
		summary:
			'How autistic pupils may experience school, and the visual timetables, clear routines, sensory adjustments and social support that make the day predictable.',
		minutes: 360,
		costPence: 12000,
		audiences: ['senco', 'teacher', 'teaching_assistant'],
		areasOfNeed: ['communication_interaction', 'semh', 'sensory_physical'],
		criteria: [
			['mcs', 'MCS-9.4'],
			['mcs', 'MCS-9.5'],
			['mcs', 'MCS-2.2']
		],
		url: book('understanding-autism')
	},
	{
		title: 'Early years SENCO network: inclusion plans and SENIF',
		provider: EARLY_YEARS,
		format: 'live_online',
		summary:
			'A termly network for early years SENCOs: writing inclusion plans, keeping a record of SEN support and its impact, and evidencing requests to the SEN Inclusion Fund.',
		minutes: 120,
		costPence: 0,
		audiences: ['senco', 'early_years_practitioner'],
		areasOfNeed: [],
		criteria: [
			['early-years', 'EY-T2.1'],
			['early-years', 'EY-T2.2'],
			['early-years', 'EY-T2.4'],
			['early-years', 'EY-P2.2']
		],
		url: book('early-years-senco-network')
	},
	{
		title: 'The key person and settling in',
		provider: EARLY_YEARS,
		format: 'face_to_face',
		summary:
			'An afternoon on the key person role, settling children in and moving between rooms with families, and a calm, consistent approach to feelings and behaviour.',
		minutes: 180,
		costPence: 3500,
		audiences: ['early_years_practitioner'],
		areasOfNeed: ['semh'],
		criteria: [
			['early-years', 'EY-U3.1'],
			['early-years', 'EY-U3.2'],
			['early-years', 'EY-U3.3']
		]
	},
	{
		title: 'SEND for governors: asking the right questions',
		provider: GOVERNORS,
		format: 'live_online',
		summary:
			'For governors and trustees with a SEND link role: what the law asks of the board, what the SEN information report should say, and the questions that hold provision to account.',
		minutes: 120,
		costPence: 3000,
		audiences: ['leader', 'governor'],
		areasOfNeed: [],
		criteria: [
			['mcs', 'MCS-7.5'],
			['mcs', 'MCS-1.1'],
			['catie', 'CATIE-1.1']
		],
		url: book('send-for-governors')
	}
];

/** A starter CPD catalogue for a demo tenant, mapped to the starter frameworks' criteria. */
export async function seedCpdCatalogue(tx: Tx, tenantId: string): Promise<void> {
	const codes = await tx
		.select({ key: framework.key, frameworkId: framework.id, code: frameworkCriterion.code })
		.from(frameworkCriterion)
		.innerJoin(
			frameworkVersion,
			rowOf(frameworkVersion, frameworkCriterion.tenantId, frameworkCriterion.versionId)
		)
		.innerJoin(framework, rowOf(framework, frameworkVersion.tenantId, frameworkVersion.frameworkId))
		.where(eq(frameworkCriterion.tenantId, tenantId));
	const frameworkOf = new Map(codes.map((c) => [`${c.key}:${c.code}`, c.frameworkId]));
	for (const { criteria, withdrawn, url, ...offer } of STARTER_OFFERS) {
		const [row] = await tx
			.insert(cpdOffer)
			.values({ tenantId, ...offer, url: url ?? null, active: !withdrawn })
			.returning({ id: cpdOffer.id });
		await tx.insert(cpdOfferCriterion).values(
			criteria.map(([key, code]) => {
				const frameworkId = frameworkOf.get(`${key}:${code}`);
				// The starter frameworks are ours: a code missing from them is a mistake here.
				if (!frameworkId) throw new Error(`The starter frameworks have no criterion ${code}`);
				return { tenantId, offerId: row!.id, frameworkId, criterionCode: code };
			})
		);
	}
}
