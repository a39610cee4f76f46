import { parse } from 'csv-parse/sync';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/lib/server/auth/guards';
import {
	EVALUATION_CSV_HEADER,
	evaluationCsv,
	type EvaluationExport
} from '../../src/lib/server/export/evaluation-csv';
import { evaluationPdf } from '../../src/lib/server/export/evaluation-pdf';
import {
	EMPTY_JUDGEMENT,
	evaluationExport,
	evaluationSummary,
	getCriterion,
	getEvaluation,
	getSection,
	saveJudgement,
	settingEvaluations,
	startEvaluation
} from '../../src/lib/server/services/evaluations';
import { useTestDatabase } from './support/database';
import { scopeFor } from './support/fixtures';

useTestDatabase();

const as = {} as Record<'senco' | 'otherSetting' | 'otherTenant', Scope>;
let signedOff: EvaluationExport;

/** The PDF's text with line breaks and runs of spaces made single spaces. */
async function pdfText(pdf: Uint8Array) {
	const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
		mergePages: true
	});
	return text.replace(/\s+/g, ' ');
}

/** Oakfield's self-evaluation in the open cycle, started here if the demo has not begun it. */
async function thisYearsEvaluation() {
	const list = await settingEvaluations(as.senco);
	const existing = list!.evaluations.find((e) => e.cycleName === '2026/27');
	if (existing) return existing.id;
	const open = list!.startable.find((c) => c.name === '2026/27')!;
	const started = await startEvaluation(as.senco, open.id);
	if (!started.ok) throw new Error('could not start');
	return started.id;
}

const csvRows = (csv: string): string[][] => parse(csv, { bom: true });

beforeAll(async () => {
	as.senco = await scopeFor('senco@kent.test');
	as.otherSetting = await scopeFor('reviewer@kent.test');
	as.otherTenant = await scopeFor('senco@northbury.test');
	const list = await settingEvaluations(as.senco);
	const last = list!.evaluations.find((e) => e.cycleName === '2025/26')!;
	expect(last.status).toBe('signed_off');
	signedOff = (await evaluationExport(as.senco, last.id))!;
});

describe('evaluation PDF', () => {
	it('is a PDF with the setting, cycle and every criterion written up', async () => {
		const pdf = await evaluationPdf(signedOff, new Date('2026-11-23T17:05:00Z'));
		expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
		const text = await pdfText(pdf);
		expect(text).toContain('Oakfield Primary School');
		expect(text).toContain('2025/26');
		expect(text).toContain('Signed off on 3 July 2026');
		const criterion = signedOff.sections[1]!.criteria[2]!;
		expect(text).toContain(`${criterion.code} ${criterion.title}`);
		expect(text).toContain(criterion.narrative);
		const last = signedOff.sections.at(-1)!.criteria.at(-1)!;
		expect(text).toContain(last.narrative);
		expect(text).toMatch(/Page 1 of (\d+)/);
	});

	it('sets the document title and author', async () => {
		const pdf = await evaluationPdf(signedOff);
		const doc = await getDocumentProxy(new Uint8Array(pdf));
		const info = (await doc.getMetadata()).info as Record<string, unknown>;
		expect(info.Title).toBe('Oakfield Primary School: 2025/26 self-evaluation');
		expect(info.Author).toBe('Inclusio');
	});

	it('draws text the built-in fonts lack as near as it can', async () => {
		const crafted = structuredClone(signedOff);
		crafted.context.settingName = 'Szkoła Zoë 学校';
		const text = await pdfText(await evaluationPdf(crafted));
		expect(text).toContain('Szkola Zoë ??');
	});
});

describe('evaluation CSV', () => {
	it('has a header and one row per criterion, in framework order', () => {
		const csv = evaluationCsv(signedOff);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const [header, ...rows] = csvRows(csv);
		expect(header).toEqual(EVALUATION_CSV_HEADER);
		expect(rows).toHaveLength(72);
		const first = signedOff.sections[0]!;
		const criterion = first.criteria[0]!;
		const label = signedOff.context.scale.find((l) => l.value === criterion.rating)!.label;
		expect(rows[0]).toEqual([
			first.code,
			first.title,
			criterion.code,
			criterion.title,
			criterion.statutory ? 'yes' : 'no',
			String(criterion.rating),
			label,
			criterion.narrative,
			criterion.nextSteps,
			signedOff.context.scale.find((l) => l.value === criterion.targetRating)?.label ?? '',
			criterion.targetDate ?? ''
		]);
	});

	it('neutralises a saved narrative that would run as a formula', async () => {
		const evaluationId = await thisYearsEvaluation();
		const overview = await getEvaluation(as.senco, evaluationId);
		const section = await getSection(as.senco, evaluationId, overview!.sections.at(-1)!.id);
		const criterion = section!.section.criteria[0]!;
		const work = await getCriterion(as.senco, evaluationId, criterion.id);
		const saved = await saveJudgement(
			as.senco,
			evaluationId,
			criterion.id,
			work!.judgement.version,
			{
				...EMPTY_JUDGEMENT,
				rating: 2,
				narrative: '=HYPERLINK("https://example.org/x","Click")',
				nextSteps: '-1+2 more visits'
			}
		);
		expect(saved.ok).toBe(true);

		const data = (await evaluationExport(as.senco, evaluationId))!;
		const rows = csvRows(evaluationCsv(data)).slice(1);
		const row = rows.find((r) => r[2] === criterion.code)!;
		expect(row[5]).toBe('2');
		expect(row[7]).toBe(`'=HYPERLINK("https://example.org/x","Click")`);
		expect(row[8]).toBe(`'-1+2 more visits`);

		const text = await pdfText(await evaluationPdf(data));
		expect(text).toContain('=HYPERLINK("https://example.org/x","Click")');
	});

	it('leaves the rating cells of an unrated criterion empty', async () => {
		const data = (await evaluationExport(as.senco, await thisYearsEvaluation()))!;
		const unrated = data.sections.flatMap((s) => s.criteria).find((c) => c.rating === null);
		expect(unrated).toBeDefined();
		const row = csvRows(evaluationCsv(data)).find((r) => r[2] === unrated!.code)!;
		expect(row.slice(5, 7)).toEqual(['', '']);
		expect(await pdfText(await evaluationPdf(data))).toContain('Rating: Not rated');
	});
});

describe('who can export', () => {
	it('gives another setting and another tenant nothing', async () => {
		const id = signedOff.evaluation.id;
		expect(await evaluationExport(as.otherSetting, id)).toBeUndefined();
		expect(await evaluationExport(as.otherTenant, id)).toBeUndefined();
		expect(await evaluationSummary(as.otherTenant, id)).toBeUndefined();
	});
});
