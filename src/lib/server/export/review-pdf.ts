import type { ReportDocument } from '../services/review-report';
import { attachmentDisposition, downloadResponse } from './file-name';
import {
	BRAND,
	contentWidth,
	dateTime,
	INK,
	keepTogether,
	labelled,
	LINE,
	longDate,
	MARGIN,
	renderPdf,
	SOFT,
	write,
	type Doc
} from './pdf';

/** A paragraph in the report's body text, by default. */
const para = (doc: Doc, text: string, font = 'Helvetica', size = 10.5, colour = INK, after = 0.5) =>
	write(doc, text, font, size, colour, after);

function heading(doc: Doc, text: string, size = 15) {
	keepTogether(doc, 80);
	para(doc, text, 'Helvetica-Bold', size, INK, 0.35);
}

/** A part of the report written by the lead; an empty one says so rather than vanishing. */
function prose(doc: Doc, title: string, text: string) {
	heading(doc, title);
	if (text.trim()) para(doc, text.trim(), 'Helvetica', 10.5, INK, 1);
	else para(doc, 'None written.', 'Helvetica-Oblique', 10.5, SOFT, 1);
}

function rule(doc: Doc) {
	doc
		.moveTo(MARGIN, doc.y)
		.lineTo(MARGIN + contentWidth(doc), doc.y)
		.lineWidth(0.5)
		.strokeColor(LINE)
		.stroke();
	doc.moveDown(0.6);
}

function titlePage(doc: Doc, report: ReportDocument, generatedAt: Date) {
	para(doc, 'SEN peer review report', 'Helvetica-Bold', 12, BRAND, 0.3);
	para(doc, report.hostName, 'Helvetica-Bold', 24, INK, 0.2);
	const cycle = report.cycleName ? ` (${report.cycleName} cycle)` : '';
	para(doc, `${report.roundName}${cycle}`, 'Helvetica', 16, SOFT, 1);
	labelled(doc, 'Host setting', report.hostName);
	labelled(
		doc,
		'Reviewers',
		report.reviewers
			.map((r) => `${r.name}${r.isLead ? ' (lead)' : ''}, ${r.settingName}`)
			.join('; ') || 'None recorded'
	);
	if (report.finalisedAt) labelled(doc, 'Finalised', longDate.format(report.finalisedAt));
	labelled(doc, 'Generated', dateTime.format(generatedAt));
	doc.moveDown(1.5);
}

function agreedRatings(doc: Doc, report: ReportDocument) {
	doc.addPage();
	para(doc, 'Agreed ratings by section', 'Helvetica-Bold', 18, INK, 0.5);
	if (report.sections.length === 0) {
		para(doc, 'No agreed ratings were recorded.', 'Helvetica-Oblique', 10.5, SOFT);
		return;
	}
	for (const section of report.sections) {
		heading(doc, `${section.code}  ${section.title}`);
		labelled(doc, 'Section level', section.levelName ?? 'Not rated');
		para(
			doc,
			`${section.summary.reason} ${section.summary.rated} of ${section.summary.total} criteria have an agreed rating.`,
			'Helvetica',
			10,
			SOFT,
			0.8
		);
		for (const r of section.ratings) {
			keepTogether(doc, 70);
			para(doc, `${r.code}  ${r.title}`, 'Helvetica-Bold', 11, INK, 0.15);
			labelled(doc, 'Agreed rating', r.levelName);
			doc.moveDown(0.2);
			if (r.rationale.trim()) para(doc, r.rationale.trim(), 'Helvetica', 10.5, INK, 0.5);
			else para(doc, 'No rationale recorded.', 'Helvetica-Oblique', 10.5, SOFT, 0.5);
			rule(doc);
		}
		doc.moveDown(0.6);
	}
}

function hostComments(doc: Doc, report: ReportDocument) {
	doc.moveDown(1);
	heading(doc, "The host's factual accuracy comments");
	if (report.hostCheckedAt)
		para(doc, `Returned on ${longDate.format(report.hostCheckedAt)}.`, 'Helvetica', 10, SOFT, 0.3);
	if (report.hostComment.trim()) para(doc, report.hostComment.trim());
	else para(doc, 'None written.', 'Helvetica-Oblique', 10.5, SOFT);
}

/**
 * The final peer review report as a PDF: who reviewed whom and when it was finalised, the
 * lead's context, strengths and areas for development, the agreed ratings by section with
 * their rationale, and the host's factual accuracy comments.
 */
export const reviewPdf = (report: ReportDocument, generatedAt = new Date()) =>
	renderPdf(
		{
			title: `${report.hostName}: peer review report, ${report.roundName}`,
			subject: 'SEN peer review report',
			generatedAt
		},
		(doc) => {
			titlePage(doc, report, generatedAt);
			prose(doc, 'Context', report.reportContext);
			prose(doc, 'Strengths', report.strengths);
			prose(doc, 'Areas for development', report.areasForDevelopment);
			agreedRatings(doc, report);
			hostComments(doc, report);
		}
	);

/** A report download, "oakfield-primary-school-spring-2026-peer-review-report.pdf". */
export const reviewPdfResponse = (report: ReportDocument, pdf: Buffer) =>
	downloadResponse(
		pdf,
		'application/pdf',
		attachmentDisposition([report.hostName, report.roundName, 'peer-review-report'], 'pdf')
	);
