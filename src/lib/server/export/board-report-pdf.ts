import { addresseeName, placeName } from '../../components/scrutiny/display';
import { calibrationColumn, type BoardPicture } from '../../domain/board-picture';
import {
	calibrationTable,
	comparisonTable,
	coverageTable,
	standardsTable
} from '../../domain/board-tables';
import { COMPARISONS } from '../../domain/calibration';
import { formatDate } from '../../domain/dates';
import { ACTION_STATUS_LABELS } from '../../domain/peer-review';
import { sharedResultsTable } from '../../domain/shared-results';
import { SUPPRESSION_NOTE } from '../../domain/suppression';
import {
	isScrutinyPart,
	isTablePart,
	REPORT_PART_LABELS,
	type ScrutinyPart,
	type TablePart
} from '../../schemas/board-report';
import type { BoardReport, ScrutinyPlace } from '../board-report';
import { attachmentDisposition, downloadResponse } from './file-name';
import {
	BRAND,
	dateTime,
	drawTable,
	heading,
	INK,
	keepTogether,
	labelled,
	para,
	renderPdf,
	rule,
	SOFT,
	type Doc
} from './pdf';

// The district view's tables are printed with the same functions the page and the CSV use,
// so the report is suppressed exactly as the screen is and shows nothing the page does not.

const empty = (doc: Doc, text: string) => para(doc, text, 'Helvetica-Oblique', 10.5, SOFT, 0.8);
const small = (doc: Doc, text: string, after = 0.15) =>
	para(doc, text, 'Helvetica', 9, SOFT, after);

const SOMEONE = 'a person no longer registered';
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Where the scrutiny printed was filed, as a sentence ends: "for Ashford in 2026/27". */
const whereIn = (r: BoardReport) =>
	`for ${r.place ?? 'the whole area or any of its districts'} in ${r.cycleName}`;

function titleBlock(doc: Doc, r: BoardReport, generatedAt: Date) {
	para(doc, 'Area board report', 'Helvetica-Bold', 12, BRAND, 0.3);
	para(doc, r.whose, 'Helvetica-Bold', 24, INK, 0.2);
	para(doc, `${r.cycleName} cycle`, 'Helvetica', 16, SOFT, 0.8);
	if (r.meeting)
		para(
			doc,
			`Prepared for the board meeting on ${formatDate(r.meeting)}`,
			'Helvetica-Bold',
			12,
			INK,
			0.6
		);
	labelled(doc, 'Settings covered', r.covering.charAt(0).toUpperCase() + r.covering.slice(1));
	if (r.parts.some(isScrutinyPart)) {
		const place = r.place ?? 'The whole area and each of its districts';
		labelled(doc, 'Scrutiny', r.scrutinyBy ? `${r.scrutinyBy}; ${place}` : place);
	}
	labelled(doc, 'Generated', dateTime.format(generatedAt));
	doc.moveDown(0.8);
	para(doc, 'Contents', 'Helvetica-Bold', 11, INK, 0.2);
	for (const part of r.parts)
		para(doc, `•  ${REPORT_PART_LABELS[part]}`, 'Helvetica', 10.5, INK, 0.1);
	doc.moveDown(1);
}

function suppressionKey(doc: Doc) {
	keepTogether(doc, 70);
	para(doc, 'Hidden numbers', 'Helvetica-Bold', 11, INK, 0.2);
	para(doc, 'To protect pupils, no figure in this report lets anyone work out a number below 5.');
	para(doc, SUPPRESSION_NOTE, 'Helvetica', 10.5, INK, 1);
}

/** Whether any finalised review gave calibration figures, as the page decides to show them. */
const hasCalibration = (picture: BoardPicture) =>
	COMPARISONS.some((c) => {
		const cell = picture.total.cells[calibrationColumn(c)];
		return cell?.kind !== 'value' || cell.value > 0;
	});

type TableDrawer = (doc: Doc, r: BoardReport, picture: BoardPicture) => void;

const TABLES: Record<TablePart, TableDrawer> = {
	coverage(doc, r, picture) {
		heading(doc, 'Coverage', 16, 140);
		para(
			doc,
			`Where each setting’s self-evaluation for ${r.cycleName} stands, and its peer review.`
		);
		drawTable(doc, coverageTable(picture), { totalLast: picture.rows.length > 0 });
		if (picture.rows.some((row) => row.tooFew))
			small(
				doc,
				'A row of c throughout is a group in which fewer than five settings keep their results private.',
				1
			);
	},
	districts(doc, _r, picture) {
		heading(doc, 'Side by side', 16, 140);
		const compared = picture.rowsBy === 'community' ? 'Communities of schools' : 'Districts';
		if (picture.rows.length > 1)
			drawTable(
				doc,
				{ ...comparisonTable(picture), title: `${compared} compared` },
				{ totalLast: true }
			);
		else empty(doc, 'These settings make up one group, so there is nothing to set side by side.');
	},
	standards(doc, r, picture) {
		heading(doc, 'Standards picture', 16, 140);
		para(
			doc,
			`Signed-off self-evaluations for ${r.cycleName}: how many settings put each section at each level, how many have a statutory criterion not yet in place, and how each setting’s level moved since ${r.previousName ?? 'the previous cycle'}.`
		);
		if (picture.frameworks.length === 0)
			empty(doc, `No framework is set for these settings in ${r.cycleName}.`);
		for (const framework of picture.frameworks) drawTable(doc, standardsTable(picture, framework));
	},
	calibration(doc, r, picture) {
		heading(doc, 'Calibration', 16, 140);
		para(
			doc,
			`From finalised peer reviews in ${r.cycleName}: how often a setting rated a criterion higher, the same or lower than its reviewers agreed.`
		);
		if (!hasCalibration(picture))
			empty(doc, `No peer review of these settings has been finalised in ${r.cycleName}.`);
		else
			for (const framework of picture.frameworks)
				drawTable(doc, calibrationTable(picture, framework));
	},
	shared(doc, r) {
		heading(doc, 'Settings that share their results', 16, 140);
		if (r.shared.length === 0) {
			empty(
				doc,
				`None of these settings has shared its signed-off self-evaluation for ${r.cycleName} with the board.`
			);
			return;
		}
		para(
			doc,
			'Only settings that chose to share their signed-off self-evaluation with the board are named, at the level each chose.'
		);
		for (const framework of r.shared)
			drawTable(doc, {
				title: `Named results: ${framework.name}`,
				...sharedResultsTable(framework)
			});
	}
};

function districtView(doc: Doc, r: BoardReport, parts: TablePart[]) {
	const { picture } = r;
	if (!picture) {
		heading(doc, 'District view', 16);
		empty(doc, 'No setting matches these filters, so the report has no tables.');
		return;
	}
	suppressionKey(doc);
	if (picture.total.tooFew)
		para(
			doc,
			`Fewer than five of these ${picture.total.settings} settings keep their results private, so only the number of settings is shown.${parts.includes('shared') ? ' The settings that share their results are named under “Settings that share their results”.' : ''}`,
			'Helvetica-Bold',
			10.5,
			INK,
			1
		);
	for (const part of parts) TABLES[part](doc, r, picture);
}

/** A district's name above its items, when the report holds more than one place. */
function placeHeading(doc: Doc, r: BoardReport, place: ScrutinyPlace) {
	if (r.place !== null) return;
	keepTogether(doc, 90);
	para(doc, placeName(place.districtName), 'Helvetica-Bold', 12, INK, 0.3);
}

/** Who recorded an item and when, with the board when the report holds several boards'. */
const byline = (r: BoardReport, item: { boardName: string }, text: string) =>
	r.manyBoards ? `${item.boardName}. ${text}` : text;

type ScrutinyDrawer = (doc: Doc, r: BoardReport) => void;

const SCRUTINY: Record<ScrutinyPart, ScrutinyDrawer> = {
	notes(doc, r) {
		heading(doc, 'Notes', 16);
		const places = r.scrutiny.filter((p) => p.notes.length > 0);
		if (places.length === 0) return empty(doc, `No notes are recorded ${whereIn(r)}.`);
		for (const place of places) {
			placeHeading(doc, r, place);
			for (const note of place.notes) {
				keepTogether(doc, 60);
				small(
					doc,
					byline(r, note, `${note.authorName ?? SOMEONE}, ${dateTime.format(note.createdAt)}`)
				);
				para(doc, note.body, 'Helvetica', 10.5, INK, 0.4);
				rule(doc);
			}
		}
	},
	questions(doc, r) {
		heading(doc, 'Questions', 16);
		const all = r.scrutiny.flatMap((p) => p.questions);
		if (all.length === 0) return empty(doc, `No questions are recorded ${whereIn(r)}.`);
		const unanswered = all.filter((q) => q.answer === null).length;
		para(doc, `${plural(all.length, 'question', 'questions')}, ${unanswered} not answered yet.`);
		for (const place of r.scrutiny.filter((p) => p.questions.length > 0)) {
			placeHeading(doc, r, place);
			for (const q of place.questions) {
				keepTogether(doc, 90);
				labelled(doc, 'For', addresseeName(q));
				doc.moveDown(0.2);
				para(doc, q.question, 'Helvetica', 10.5, INK, 0.2);
				small(
					doc,
					byline(r, q, `Asked by ${q.askedByName ?? SOMEONE}, ${dateTime.format(q.askedAt)}`),
					0.4
				);
				if (q.answer === null) empty(doc, 'Not answered yet.');
				else {
					keepTogether(doc, 40);
					para(doc, 'Answer', 'Helvetica-Bold', 10.5, INK, 0.1);
					para(doc, q.answer, 'Helvetica', 10.5, INK, 0.2);
					const when = q.answeredAt ? `, ${dateTime.format(q.answeredAt)}` : '';
					small(doc, `From ${q.answeredByName ?? SOMEONE}${when}`, 0.4);
				}
				rule(doc);
			}
		}
	},
	actions(doc, r) {
		heading(doc, 'Actions', 16);
		const all = r.scrutiny.flatMap((p) => p.actions);
		if (all.length === 0) return empty(doc, `No actions are recorded ${whereIn(r)}.`);
		const overdue = all.filter((a) => a.overdue).length;
		const done = all.filter((a) => a.status === 'done').length;
		para(doc, `${plural(all.length, 'action', 'actions')}: ${overdue} overdue, ${done} done.`);
		for (const place of r.scrutiny.filter((p) => p.actions.length > 0)) {
			drawTable(doc, {
				title: `Actions: ${placeName(place.districtName)}`,
				header: ['Action', ...(r.manyBoards ? ['Board'] : []), 'Owner', 'Due', 'Status'],
				rows: place.actions.map((a) => [
					a.what,
					...(r.manyBoards ? [a.boardName] : []),
					a.owner,
					a.overdue
						? `${formatDate(a.dueDate)}\nOverdue by ${plural(a.daysOverdue, 'day', 'days')}`
						: formatDate(a.dueDate),
					ACTION_STATUS_LABELS[a.status]
				])
			});
		}
	}
};

function scrutiny(doc: Doc, r: BoardReport, parts: ScrutinyPart[]) {
	para(doc, 'Scrutiny', 'Helvetica-Bold', 20, INK, 0.2);
	para(
		doc,
		`What ${r.scrutinyBy === null ? 'the board' : r.manyBoards ? 'the area boards' : r.scrutinyBy} recorded ${whereIn(r)}.`,
		'Helvetica',
		10.5,
		SOFT,
		0.8
	);
	for (const part of parts) SCRUTINY[part](doc, r);
}

/**
 * The board report as a PDF: a title block (whose, the cycle, the filters in words, the
 * meeting), the suppression key and the chosen tables of the district view, then the chosen
 * parts of the board's scrutiny, with numbered pages.
 */
export function boardReportPdf(report: BoardReport, generatedAt = new Date()): Promise<Buffer> {
	return renderPdf(
		{
			title: `${report.whose}: board report, ${report.cycleName}`,
			subject: 'Area board report',
			generatedAt
		},
		(doc) => {
			titleBlock(doc, report, generatedAt);
			const tables = report.parts.filter(isTablePart);
			const scrutinyParts = report.parts.filter(isScrutinyPart);
			if (tables.length > 0) districtView(doc, report, tables);
			if (scrutinyParts.length > 0) {
				if (tables.length > 0) doc.addPage();
				scrutiny(doc, report, scrutinyParts);
			}
		}
	);
}

/** The report as a download: "south-kent-area-board-2026-27-ashford-board-report.pdf". */
export const boardReportResponse = (report: BoardReport, pdf: Buffer) =>
	downloadResponse(
		pdf,
		'application/pdf',
		attachmentDisposition(
			[
				report.whose,
				report.manyBoards ? '' : (report.scrutinyBy ?? ''),
				report.cycleName,
				report.place ?? '',
				'board-report'
			],
			'pdf'
		)
	);
