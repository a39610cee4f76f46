/**
 * Plausible English for the generated county, put together from fragments: names of places,
 * settings and people, judgement narratives, visit notes, reports and board minutes. Nothing
 * here is real; it only has to read like what SENCOs, reviewers and boards write, at the
 * lengths they write it.
 */
import type { Comparison } from '../src/lib/domain/calibration';
import type { Random } from './random';

/** Who the text is about: a school's teachers and pupils, or a nursery's practitioners and children. */
export interface Voice {
	adults: string;
	child: string;
	children: string;
	rooms: string;
}

export const SCHOOL_VOICE: Voice = {
	adults: 'teachers',
	child: 'pupil',
	children: 'pupils',
	rooms: 'classes'
};
export const EARLY_YEARS_VOICE: Voice = {
	adults: 'practitioners',
	child: 'child',
	children: 'children',
	rooms: 'rooms'
};

// prettier-ignore
const PLACES = [
	'Abbotsford', 'Alderbrook', 'Ashcombe', 'Aylesham', 'Barnfield', 'Beechwood', 'Bexbury',
	'Blackthorn', 'Bramley', 'Brookfield', 'Burnham', 'Castleton', 'Chalkwell', 'Chartham',
	'Cheriton', 'Coldharbour', 'Coombe', 'Cranfield', 'Danebury', 'Deepdale', 'Denton', 'Eastry',
	'Elmstead', 'Elmwood', 'Fairlight', 'Farley', 'Fernhill', 'Fordwich', 'Foxhole', 'Frindsbury',
	'Godmersham', 'Goldstone', 'Greenhithe', 'Hadlow', 'Halstead', 'Hamstreet', 'Harbledown',
	'Hartley', 'Hawkhurst', 'Hazelwood', 'Highfield', 'Hilden', 'Holmesdale', 'Horton', 'Ivychurch',
	'Kemsing', 'Kingsdown', 'Langley', 'Larkfield', 'Leybourne', 'Littlebourne', 'Lydden', 'Marden',
	'Meopham', 'Merriworth', 'Milstead', 'Newington', 'Northwood', 'Oakhurst', 'Oldbury',
	'Orchard Vale', 'Otford', 'Pembury', 'Penshurst', 'Pluckley', 'Queensdown', 'Ramsden',
	'Redbrook', 'Ripple', 'Rodmersham', 'Rosewood', 'Saltwood', 'Sandhurst', 'Selling', 'Shepway',
	'Shorne', 'Sissinghurst', 'Smarden', 'Southfleet', 'Stanhope', 'Stelling', 'Stockbury',
	'Sutton Vale', 'Swaleside', 'Teynham', 'Thornden', 'Upchurch', 'Wateringbury', 'Westbere',
	'Whitfield', 'Wickhambreaux', 'Willesborough', 'Wingham', 'Wittersham', 'Woodchurch', 'Wrotham',
	'Yalding'
];

// prettier-ignore
const QUALIFIERS = [
	'', '', '', 'Park', 'Hill', 'Green', 'Meadow', 'Valley', 'Brook', 'Fields', 'Grange', 'Vale',
	'Cross', 'Heath', 'Downs', 'Lane', 'Wood', 'Common', 'Gate', 'Rise'
];

/** How a setting of each kind is commonly named, after its place. */
export const NAME_ENDINGS = {
	primary: [
		'Primary School',
		'Primary School',
		'Primary Academy',
		'Church of England Primary School',
		'Catholic Primary School',
		'Infant School',
		'Junior School',
		'Community Primary School'
	],
	secondary: ['High School', 'Academy', 'School', 'Grammar School', 'Community College'],
	special: ['Special School', 'School', 'Academy'],
	pru: ['Learning Centre', 'Education Centre', 'Skills Centre'],
	earlyYears: [
		'Pre-School',
		'Day Nursery',
		'Playgroup',
		'Nursery',
		'Children’s Centre Nursery',
		'Montessori Nursery'
	]
} as const;

/** A place-like name ("Larkfield Green") for a setting, district or community. */
export const placeName = (r: Random) => `${r.pick(PLACES)} ${r.pick(QUALIFIERS)}`.trim();

// prettier-ignore
const FIRST_NAMES = [
	'Aisha', 'Alice', 'Amelia', 'Amir', 'Ben', 'Bethany', 'Callum', 'Charlotte', 'Chloe', 'Daniel',
	'David', 'Eleanor', 'Ella', 'Emma', 'Farah', 'Fiona', 'George', 'Grace', 'Hannah', 'Harry',
	'Imogen', 'Isaac', 'Jack', 'James', 'Jasmine', 'Joanna', 'Jonathan', 'Kate', 'Kofi', 'Laura',
	'Leah', 'Liam', 'Lucy', 'Mark', 'Megan', 'Mohammed', 'Nadia', 'Naomi', 'Nathan', 'Olivia',
	'Oscar', 'Patrick', 'Priya', 'Rachel', 'Rebecca', 'Rhys', 'Ruth', 'Sam', 'Sarah', 'Simon',
	'Sophie', 'Tariq', 'Thomas', 'Tom', 'Victoria', 'Wei', 'William', 'Yasmin', 'Zara', 'Zoe'
];
// prettier-ignore
const LAST_NAMES = [
	'Adams', 'Ahmed', 'Allen', 'Bailey', 'Baker', 'Barnes', 'Bennett', 'Brooks', 'Brown', 'Campbell',
	'Carter', 'Chen', 'Clarke', 'Collins', 'Cooper', 'Davies', 'Dixon', 'Edwards', 'Ellis', 'Evans',
	'Fisher', 'Fletcher', 'Foster', 'Gill', 'Gray', 'Green', 'Hall', 'Harris', 'Hughes', 'Hussain',
	'Jackson', 'James', 'Johnson', 'Jones', 'Kaur', 'Kelly', 'Khan', 'King', 'Lewis', 'Marshall',
	'Martin', 'Mason', 'Mills', 'Mitchell', 'Moore', 'Morgan', 'Murphy', 'Nguyen', 'Okafor', 'Owen',
	'Palmer', 'Parker', 'Patel', 'Phillips', 'Price', 'Reid', 'Roberts', 'Robinson', 'Rose', 'Shah',
	'Shaw', 'Singh', 'Smith', 'Stevens', 'Taylor', 'Thomas', 'Thompson', 'Turner', 'Walker', 'Walsh',
	'Ward', 'Watson', 'White', 'Williams', 'Wilson', 'Wood', 'Wright', 'Young'
];

export const personName = (r: Random) => `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;

const POSTCODE_AREAS = ['ME', 'CT', 'TN', 'DA', 'BR'];
const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A postcode of the shape the GIAS import accepts, in the county's postcode areas. */
export const postcode = (r: Random) =>
	`${r.pick(POSTCODE_AREAS)}${r.int(1, 20)} ${r.int(1, 9)}${r.pick([...POSTCODE_LETTERS])}${r.pick([...POSTCODE_LETTERS])}`;

// --- Self-evaluation judgements -------------------------------------------------------------

const PRACTICES = [
	'visual timetables',
	'pre-teaching of key vocabulary',
	'pupil passports',
	'the graduated approach',
	'adapted resources',
	'movement breaks',
	'structured reading interventions',
	'social stories',
	'the calm space',
	'the assess-plan-do-review cycle',
	'termly meetings with families',
	'transition visits',
	'now-and-next boards',
	'chunked instructions',
	'writing frames',
	'assistive technology',
	'the sensory audit',
	'precision teaching',
	'emotion coaching',
	'the one-page profiles',
	'scaffolded questioning',
	'the provision map',
	'Makaton signing',
	'zones of regulation',
	'the named key adult',
	'the attendance support plan'
];

const SOURCES = [
	'A learning walk in the spring term',
	'Our termly review of the provision map',
	'Pupil voice gathered through the school council',
	'A work scrutiny across the year groups',
	'Feedback from families at the coffee morning',
	'The SEND governor’s visit in March',
	'Drop-ins by the SENCO over six weeks',
	'Analysis of attendance and suspension data',
	'A review of twenty support plans',
	'The parent and carer survey',
	'Observation by the specialist teaching service',
	'Our audit against the local offer',
	'Moderation with two partner settings',
	'The staff questionnaire after the training day',
	'A sample of annual review paperwork',
	'Conversations with the learning mentors'
];

const FOUND = ['showed that', 'found that', 'confirmed that', 'suggests that', 'indicated that'];

const FINDINGS: Record<number, ((v: Voice, p: string) => string)[]> = {
	1: [
		(v, p) => `there is little use of ${p} in most ${v.rooms}`,
		(v, p) => `few ${v.adults} know where to find the guidance on ${p}`,
		(v) => `${v.children} with SEN are not yet identified early enough to act on`,
		(v, p) =>
			`the guidance on ${p} exists on paper, but ${v.adults} do not refer to it when planning`
	],
	2: [
		(v, p) => `the use of ${p} is strong in some ${v.rooms} but not yet consistent`,
		(v, p) => `most ${v.adults} know about ${p}, although fewer put this into practice routinely`,
		(v) =>
			`support for ${v.children} at SEN support depends too much on which adult they work with`,
		(v, p) => `the training on ${p} has started to change practice in the younger ${v.rooms}`
	],
	3: [
		(v, p) => `most ${v.adults} make use of ${p} as agreed in training`,
		(v, p) => `${p} featured in nearly all of the ${v.rooms} we visited`,
		(v) => `${v.children} at SEN support can say what helps them and who to ask`,
		(v, p) => `${v.adults} adapt their use of ${p} to individual needs with growing confidence`
	],
	4: [
		(v, p) => `the use of ${p} is embedded and ${v.children} describe it in their own words`,
		(v, p) => `${v.adults} plan with ${p} in mind as a matter of course, new staff included`,
		(v) => `${v.children} with SEN take a full part in the life of the setting`,
		(v, p) => `other settings have visited to see how we use ${p}`
	]
};

const DETAILS: ((v: Voice, r: Random) => string)[] = [
	(v, r) =>
		`In ${r.int(5, 9)} of the ${r.int(10, 14)} ${v.rooms} visited, adults adjusted the task for ${v.children} who needed it.`,
	(v, r) =>
		`${r.int(60, 95)}% of families who answered the survey said they feel listened to when their child's support is planned.`,
	(v) =>
		`Plans now record what the ${v.child} and their family want to achieve, in their own words.`,
	(v, r) =>
		`The share of ${v.children} at SEN support with a plan reviewed this term rose from ${r.int(40, 70)}% to ${r.int(75, 98)}%.`,
	(v) =>
		`Where this works best, ${v.adults} check understanding before moving on and give time to process.`,
	() =>
		`Staff new to the setting receive an induction on our SEND approach in their first fortnight.`,
	() => `Parents told us they would like more notice before changes to their child's support.`,
	(v) =>
		`The SENCO meets each ${v.adults.slice(0, -1)} at least once a half term to review the register together.`,
	(v, r) =>
		`Attendance of ${v.children} with EHC plans is ${r.int(88, 96)}%, close to that of their peers.`,
	() => `Governors receive a termly report and have challenged us on the pace of change.`,
	(v) =>
		`Some ${v.adults} still rely on support staff rather than adapting their own teaching first.`,
	() =>
		`Records of interventions now include an entry and an exit measure, so impact can be judged.`
];

/** A criterion's evidence narrative in the voice of a SENCO at this level of the scale. */
export function narrative(r: Random, voice: Voice, rating: number): string {
	const findings = FINDINGS[Math.min(4, Math.max(1, rating))]!.map(
		(finding) => (r: Random) =>
			`${r.pick(SOURCES)} ${r.pick(FOUND)} ${finding(voice, r.pick(PRACTICES))}.`
	);
	return r.text(
		[...findings, ...DETAILS.map((detail) => (r: Random) => detail(voice, r))],
		300,
		900
	);
}

const STEP_ACTIONS = [
	'Run a twilight session on',
	'Add a five-minute check of',
	'Coach two new colleagues in',
	'Refresh the whole-staff guidance on',
	'Audit the use of',
	'Share our practice in',
	'Ask families for feedback on',
	'Include in every learning walk a look at'
];
const STEP_WHEN = [
	'before February half term',
	'by the end of the spring term',
	'this summer term',
	'at the start of next year',
	'over the next two half terms'
];
const STEP_CHECKS = [
	'then check its use through drop-ins',
	'and report the findings to governors',
	'and revisit it at the next pupil progress meeting',
	'and compare pupil voice before and after',
	'with the SEND link governor'
];

const step = (r: Random) =>
	`${r.pick(STEP_ACTIONS)} ${r.pick(PRACTICES)} ${r.pick(STEP_WHEN)}, ${r.pick(STEP_CHECKS)}.`;

/** A judgement's next steps: one or two concrete actions. */
export const nextSteps = (r: Random) => r.text([step, step], 80, 250);

export const EVIDENCE_LINKS: [title: string, path: string][] = [
	['SEN information report on the website', 'send-information-report'],
	['Accessibility plan 2024-2027', 'accessibility-plan'],
	['Provision map summary (anonymised)', 'provision-map'],
	['Notes of the SEND governor visit', 'governor-visit'],
	['Staff training log', 'training-log'],
	['Parent and carer survey results', 'family-survey'],
	['Transition policy', 'transition-policy'],
	['Learning walk summary', 'learning-walk']
];

// --- Peer reviews ---------------------------------------------------------------------------

export const priorities = (r: Random, v: Voice) =>
	`${r.pick([
		`Consistent use of ${r.pick(PRACTICES)} across all ${v.rooms}`,
		`Early identification of needs for ${v.children} who join mid-year`,
		`Working with families when support changes`,
		`Support for ${v.children} with social, emotional and mental health needs`
	])}; ${r.pick([
		`the impact of ${r.pick(PRACTICES)}`,
		'transition between key stages',
		'training for support staff',
		'the attendance of children with EHC plans'
	])}.`;

export const visitActivities = (r: Random, v: Voice) =>
	`Learning walks in ${r.int(4, 12)} ${v.rooms}; ${r.pick([
		`pupil voice with ${r.int(5, 9)} ${v.children}`,
		'a review of support plans and the provision map',
		`observation of ${r.int(2, 4)} interventions`
	])}; a meeting with the SENCO and the ${r.pick(['headteacher', 'manager', 'SEND governor'])}.`;

export const visitPeople = (r: Random) =>
	`The SENCO, the ${r.pick(['headteacher', 'deputy headteacher', 'manager'])}, ${r.int(2, 5)} members of staff and ${r.int(2, 6)} parents or carers.`;

const QUESTION_STARTS = [
	'How do',
	'How consistently do',
	'What difference has it made when',
	'How confident are'
];

/** A line of enquiry the reviewers mean to explore. */
export const enquiry = (r: Random, v: Voice) =>
	`${r.pick(QUESTION_STARTS)} ${v.adults} use ${r.pick(PRACTICES)} ${r.pick([
		'when they plan',
		'for children new to the register',
		'in the younger age groups',
		'when support staff are absent'
	])}?`;

const VISIT_SENTENCES: ((v: Voice, r: Random) => string)[] = [
	(v, r) =>
		`In ${r.int(3, 9)} of ${r.int(9, 12)} sessions seen, adults made use of ${r.pick(PRACTICES)} and ${v.children} responded without prompting.`,
	(v, r) =>
		`Most ${v.children} we spoke to could name the adult they go to and what helps them; ${r.int(2, 3)} were less sure.`,
	() => `Plans we sampled were current and written with families, though targets were broad.`,
	(v, r) =>
		`${r.pick(['Two', 'Three', 'Several'])} ${v.adults} described how the training on ${r.pick(PRACTICES)} changed their planning.`,
	() => `The provision map links each intervention to an entry and exit measure.`,
	() => `Parents said communication is good but they hear about changes to support late.`,
	(v) =>
		`Support staff pre-teach vocabulary before the lesson, which helped ${v.children} join in.`,
	() =>
		`The quiet room is well used, but the booking system means it is not always free when needed.`
];

/** An entry of a reviewer's evidence log. */
export const visitNote = (r: Random, v: Voice) =>
	r.text(
		VISIT_SENTENCES.map((sentence) => (r: Random) => sentence(v, r)),
		150,
		500
	);

export const reportContext = (
	r: Random,
	v: Voice,
	host: { description: string; roll: number; senSupport: number; ehcp: number }
) =>
	`A ${r.pick(['one', 'two'])}-day visit to ${host.description} of ${host.roll} ${v.children}, ${host.senSupport} at SEN support and ${host.ehcp} with ${host.ehcp === 1 ? 'an EHC plan' : 'EHC plans'}. The review looked at ${r
		.sample(
			[
				'work with families',
				'assessment and identification',
				'teaching and learning',
				'staff training',
				'transition',
				'the physical and sensory environment',
				'support for social, emotional and mental health'
			],
			r.int(3, 5)
		)
		.join(', ')}.`;

const STRENGTHS = [
	(v: Voice) => `Relationships between adults and ${v.children} are warm and respectful.`,
	() => `Families describe the setting as approachable and quick to act.`,
	(v: Voice) => `${v.adults[0]!.toUpperCase()}${v.adults.slice(1)} adapt tasks thoughtfully.`,
	() => `The provision map is current and shows the impact of each intervention.`,
	() => `Leaders and governors have a clear and accurate picture of SEND in the setting.`,
	() => `Transition is planned early and well liked by families.`
];

export const strengths = (r: Random, v: Voice) =>
	r
		.sample(STRENGTHS, r.int(2, 3))
		.map((s) => s(v))
		.join('\n\n');

const DEVELOPMENT = [
	'Make sure every adult reads and uses support plans when planning',
	'Tell families before their child’s support changes, not after',
	'Check through learning walks that training is changing practice',
	'Review every SEN support plan termly with the family',
	'Update the accessibility plan and share it with families',
	'Track the attendance of children with EHC plans half-termly'
];

export const areasForDevelopment = (r: Random) =>
	r
		.sample(DEVELOPMENT, r.int(2, 4))
		.map((a) => `- ${a}`)
		.join('\n');

export const HOST_COMMENTS = [
	'Accurate.',
	'Accurate. We had already begun on the first area for development.',
	'Agreed. The staff training is now booked for next term.',
	'One date in the context was wrong and has been corrected; otherwise accurate.'
];

export const REVIEW_ACTIONS = [
	'Relaunch support plans with a short check at each team meeting',
	'Send families the date of each review at least six weeks ahead',
	'Add classroom follow-up visits to the training plan',
	'Screen the language of every new starter in the first half term',
	'Write to families before any change to their child’s support',
	'Train two more support staff in precision teaching',
	'Publish the updated accessibility plan',
	'Add sensory checks to the termly learning walk'
];

export const OWNERS = ['SENCO', 'Headteacher', 'Deputy headteacher', 'Inclusion lead', 'Manager'];

export const ACTION_IMPACTS = [
	'Drop-in checks found the change in place in most of the sessions seen.',
	'Every family now hears the date in good time; none was late this term.',
	'Staff use the approach consistently, and pupil voice says it helps.'
];

export const RATIONALES: Record<Comparison, string[]> = {
	higher: [
		'In place in some rooms, but not yet consistent across the setting.',
		'Evidence seen on the visit does not yet support the self-rating.'
	],
	equal: [
		'What we saw on the visit matches the setting’s own judgement.',
		'The evidence log supports the self-rating.'
	],
	lower: [
		'Practice seen on the visit is stronger than the setting’s own judgement.',
		'The setting undersells this: the practice is established.'
	]
};

export const FOLLOW_UP_NOTES = [
	'Most actions are complete; the remaining one is on track for its date.',
	'Good progress on the plan. Families report earlier notice of changes.',
	'Training has taken place; the follow-up learning walk is booked.'
];

// --- Area boards ----------------------------------------------------------------------------

const NOTE_SENTENCES = [
	(r: Random) =>
		`The board noted that ${r.int(40, 90)}% of settings in the district signed off their self-evaluation before the deadline.`,
	() => `Members asked for the next report to separate early years settings from schools.`,
	(r: Random) =>
		`The weakest section across the district remains ${r.pick(['transition', 'work with families', 'staff training', 'the physical environment'])}.`,
	() => `Peer review findings are broadly in line with settings’ own ratings.`,
	() => `The board welcomed the rise in settings sharing their full self-evaluation.`,
	() => `Members will visit two settings before the next meeting to see the approach in practice.`
];

export const boardNote = (r: Random) => r.text(NOTE_SENTENCES, 150, 400);

export const BOARD_QUESTIONS = {
	la: [
		'What training is planned for SENCOs new to the role this year?',
		'How will the LA support settings whose self-evaluation shows gaps in statutory duties?',
		'When will the outreach service waiting times be published?'
	],
	setting: [
		'What has changed since your peer review, and how do you know it has made a difference?',
		'How are families told when their child’s support changes?',
		'What help would make the biggest difference to your SEN support next year?'
	]
};

export const BOARD_ANSWERS = [
	'Thank you for the question. We have set out our plan in the attached summary and will report back next term.',
	'A new programme starts in January, with places for every setting in the district.',
	'We now write to families before any change, and the survey shows the difference.'
];

export const BOARD_ACTIONS = [
	'Invite the outreach service to the next meeting',
	'Ask settings with full sharing to present their practice',
	'Write to the LA about waiting times for assessments',
	'Review the district’s transition data with the SEND lead'
];

export const BOARD_OWNERS = ['Board chair', 'SEND lead', 'Vice chair', 'Clerk to the board'];
