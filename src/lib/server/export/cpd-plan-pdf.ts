import {
	budgetWarnings,
	impactTable,
	planItemsTable,
	planSummaryTable
} from '../../domain/cpd-plan-tables';
import { GAP_WEIGHTS } from '../../domain/gaps';
import type { CpdPlan } from '../services/cpd-plans';
import { BRAND, dateTime, drawTable, heading, INK, labelled, para, renderPdf, SOFT } from './pdf';

/** A plan that has a cycle: the exports are only offered for one. */
export type PlanToExport = CpdPlan & { cycle: NonNullable<CpdPlan['cycle']> };

/** What each export says it is, first. */
export const planAbout = (plan: PlanToExport, generatedAt: Date) => [
	`CPD plan: ${plan.settingName}, ${plan.cycle.name}`,
	...(plan.framework ? [`Gaps from the self-evaluation against ${plan.framework.name}`] : []),
	`Generated ${dateTime.format(generatedAt)}`
];

/** The plan as a PDF for the governors: the budget first, then every activity and its impact. */
export function cpdPlanPdf(plan: PlanToExport, generatedAt = new Date()): Promise<Buffer> {
	const title = `CPD plan: ${plan.settingName}, ${plan.cycle.name}`;
	return renderPdf(
		{ title, subject: 'Staff development planned from the gap report', generatedAt },
		(doc) => {
			para(doc, 'CPD plan', 'Helvetica-Bold', 12, BRAND, 0.3);
			para(doc, plan.settingName, 'Helvetica-Bold', 24, INK, 0.2);
			para(doc, `${plan.cycle.name} cycle`, 'Helvetica', 16, SOFT, 0.8);
			if (plan.framework)
				labelled(doc, 'Gaps from', `The self-evaluation against ${plan.framework.name}`);
			labelled(doc, 'Generated', dateTime.format(generatedAt));
			doc.moveDown(0.8);
			for (const warning of budgetWarnings(plan.totals))
				para(doc, warning, 'Helvetica-Bold', 11, INK, 0.4);

			heading(doc, 'Budget');
			drawTable(doc, planSummaryTable(plan.totals));
			doc.moveDown(0.8);

			heading(doc, 'The plan');
			if (plan.items.length === 0)
				para(doc, 'The plan has no activities yet.', 'Helvetica-Oblique', 10.5, SOFT, 0.8);
			else drawTable(doc, planItemsTable(plan.items, plan.scale), { stub: 2 });
			para(
				doc,
				`Gaps are ranked by the levels between each criterion's target and its rating (the peer-agreed rating when reviewers agreed a lower one), weighted ×${GAP_WEIGHTS.overEstimate} when peers agreed lower, ×${GAP_WEIGHTS.statutory} when statutory and ×${GAP_WEIGHTS.persistent} when it was a gap last cycle too. "=" marks a shared rank.`,
				'Helvetica',
				9,
				SOFT,
				0.8
			);

			const impact = impactTable(plan.items, plan.scale);
			heading(doc, 'Impact');
			if (impact.rows.length === 0)
				para(doc, 'No impact has been reviewed yet.', 'Helvetica-Oblique', 10.5, SOFT, 0.8);
			else drawTable(doc, impact);
		}
	);
}
