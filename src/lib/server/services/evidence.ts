import { and, asc, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import {
	decideEvidenceFile,
	EVIDENCE_MAX_BYTES,
	evidenceTypeLabel,
	webAddress,
	type EvidenceSummary
} from '../../domain/evidence-types';
import { isRecordId } from '../../domain/ids';
import { EVIDENCE_TITLE_MAX } from '../../schemas/evidence';
import type { Scope } from '../auth/guards';
import { appUser, evidence, frameworkCriterion } from '../db/schema';
import { inTenant, type Tx } from '../db/tenant';
import { writeAudit } from './audit';
import { isEditable, mayDo, memberEvaluation, type EvaluationRow } from './evaluation-access';
import { NOT_FOUND, type Invalid } from './structure';

export type { EvidenceSummary };

export const LOCKED = { ok: false, reason: 'locked' } as const;
export const NOT_ALLOWED = { ok: false, reason: 'not-allowed' } as const;

export type AddEvidenceResult =
	{ ok: true; id: string } | typeof NOT_FOUND | typeof LOCKED | Invalid<'title' | 'url' | 'file'>;

export type RemoveEvidenceResult =
	{ ok: true; title: string } | typeof NOT_FOUND | typeof LOCKED | typeof NOT_ALLOWED;

const invalid = (field: 'title' | 'url' | 'file', message: string) =>
	({ ok: false, reason: 'invalid', field, message }) as const;

const TITLE_TOO_LONG = invalid(
	'title',
	`The title must be ${EVIDENCE_TITLE_MAX} characters or fewer`
);

/** The criterion when it is part of the framework version the evaluation is pinned to. */
async function criterionOf(tx: Tx, row: EvaluationRow, criterionId: string) {
	if (!isRecordId(criterionId)) return undefined;
	const [criterion] = await tx
		.select({
			id: frameworkCriterion.id,
			code: frameworkCriterion.code,
			title: frameworkCriterion.title
		})
		.from(frameworkCriterion)
		.where(
			and(eq(frameworkCriterion.id, criterionId), eq(frameworkCriterion.versionId, row.versionId))
		);
	return criterion;
}

async function evidenceRows(tx: Tx, evaluationId: string, criterionId: string) {
	const rows = await tx
		.select({
			id: evidence.id,
			kind: evidence.kind,
			title: evidence.title,
			url: evidence.url,
			fileName: evidence.fileName,
			mediaType: evidence.mediaType,
			byteSize: evidence.byteSize,
			addedBy: evidence.addedBy,
			addedByName: appUser.name,
			addedAt: evidence.addedAt
		})
		.from(evidence)
		.leftJoin(appUser, eq(appUser.id, evidence.addedBy))
		.where(and(eq(evidence.evaluationId, evaluationId), eq(evidence.criterionId, criterionId)))
		.orderBy(asc(evidence.addedAt), asc(evidence.id));
	return rows.map(({ mediaType, addedBy, ...rest }) => ({
		summary: { ...rest, typeLabel: rest.kind === 'file' ? evidenceTypeLabel(mediaType) : null },
		addedBy
	}));
}

/**
 * The evidence for one criterion, oldest first. The caller has already checked that the
 * evaluation is the scope's own.
 */
export async function listEvidence(
	tx: Tx,
	evaluationId: string,
	criterionId: string
): Promise<EvidenceSummary[]> {
	return (await evidenceRows(tx, evaluationId, criterionId)).map((r) => r.summary);
}

/** Whether the scope may remove evidence that `addedBy` added: their own, or any as SENCO/head. */
const mayRemove = (scope: Scope, addedBy: string | null) =>
	mayDo(scope, 'edit') || (addedBy !== null && addedBy === scope.userId);

/**
 * The evidence page of one criterion: the criterion, whether evidence can still change,
 * and each piece with whether this person may remove it. Null for anyone else's.
 */
export async function evidenceForCriterion(
	scope: Scope,
	evaluationId: string,
	criterionId: string
) {
	return inTenant(scope, async (tx) => {
		const row = await memberEvaluation(tx, scope, evaluationId);
		const criterion = row && (await criterionOf(tx, row, criterionId));
		if (!row || !criterion) return null;
		const editable = isEditable(row);
		const items = (await evidenceRows(tx, row.id, criterion.id)).map((r) => ({
			...r.summary,
			canRemove: editable && mayRemove(scope, r.addedBy)
		}));
		return { evaluationId: row.id, status: row.status, editable, criterion, items };
	});
}

type Criterion = { id: string; code: string };

/**
 * Runs `add` for a member of the evaluation's setting while it can still change. The
 * evaluation row is locked so a submission cannot slip in between the check and the insert.
 */
async function adding(
	scope: Scope,
	evaluationId: string,
	criterionId: string,
	add: (tx: Tx, row: EvaluationRow, criterion: Criterion) => Promise<AddEvidenceResult>
): Promise<AddEvidenceResult> {
	return inTenant(scope, async (tx) => {
		const row = await memberEvaluation(tx, scope, evaluationId, { lock: 'share' });
		const criterion = row && (await criterionOf(tx, row, criterionId));
		if (!row || !criterion) return NOT_FOUND;
		if (!isEditable(row)) return LOCKED;
		return add(tx, row, criterion);
	});
}

type NewEvidence = Omit<
	typeof evidence.$inferInsert,
	'tenantId' | 'evaluationId' | 'criterionId' | 'addedBy'
> & { kind: 'link' | 'file'; title: string };

/** Stores a piece of evidence for the criterion and records its adding in the audit log. */
async function store(
	tx: Tx,
	scope: Scope,
	row: EvaluationRow,
	criterion: Criterion,
	piece: NewEvidence,
	detail: Record<string, unknown>
): Promise<AddEvidenceResult> {
	const [added] = await tx
		.insert(evidence)
		.values({
			tenantId: scope.tenantId,
			evaluationId: row.id,
			criterionId: criterion.id,
			addedBy: scope.userId,
			...piece
		})
		.returning({ id: evidence.id });
	if (!added) throw new Error('Evidence insert returned nothing.');
	await writeAudit(tx, scope, {
		action: 'evidence.added',
		subject: piece.title,
		detail: { evaluationId: row.id, criterion: criterion.code, kind: piece.kind, ...detail }
	});
	return { ok: true, id: added.id };
}

/** Adds a link to a web page (http or https only) as evidence for a criterion. */
export async function addEvidenceLink(
	scope: Scope,
	evaluationId: string,
	criterionId: string,
	input: { title: string; url: string }
): Promise<AddEvidenceResult> {
	return adding(scope, evaluationId, criterionId, async (tx, row, criterion) => {
		const title = input.title.trim();
		if (!title) return invalid('title', 'Enter a title for the link');
		if (title.length > EVIDENCE_TITLE_MAX) return TITLE_TOO_LONG;
		const url = webAddress(input.url);
		if (!url) return invalid('url', 'Enter a web address that starts with https:// or http://');
		return store(tx, scope, row, criterion, { kind: 'link', title, url }, { url });
	});
}

/**
 * Adds a file as evidence for a criterion. Its type is read from its bytes, never taken
 * from the browser, and only documents and images that cannot run script are accepted.
 */
export async function addEvidenceFile(
	scope: Scope,
	evaluationId: string,
	criterionId: string,
	input: { title: string; file: File }
): Promise<AddEvidenceResult> {
	return adding(scope, evaluationId, criterionId, async (tx, row, criterion) => {
		const { file } = input;
		if (file.size === 0) return invalid('file', 'The selected file is empty');
		if (file.size > EVIDENCE_MAX_BYTES) {
			return invalid('file', 'The selected file must be 10 MB or smaller');
		}
		const content = new Uint8Array(await file.arrayBuffer());
		const decision = decideEvidenceFile(await fileTypeFromBuffer(content), file.name);
		if (!decision.ok) return invalid('file', decision.message);
		const title = input.title.trim() || decision.fileName.slice(0, EVIDENCE_TITLE_MAX);
		if (title.length > EVIDENCE_TITLE_MAX) return TITLE_TOO_LONG;
		const stored = {
			fileName: decision.fileName,
			mediaType: decision.mediaType,
			byteSize: content.byteLength
		};
		return store(tx, scope, row, criterion, { kind: 'file', title, ...stored, content }, stored);
	});
}

/**
 * Removes a piece of evidence while the evaluation can still change: people may remove
 * what they added, and the SENCO and headteacher anything.
 */
export async function removeEvidence(
	scope: Scope,
	evaluationId: string,
	evidenceId: string
): Promise<RemoveEvidenceResult> {
	if (!isRecordId(evidenceId)) return NOT_FOUND;
	return inTenant(scope, async (tx) => {
		const row = await memberEvaluation(tx, scope, evaluationId, { lock: 'share' });
		if (!row) return NOT_FOUND;
		const [item] = await tx
			.select({
				id: evidence.id,
				title: evidence.title,
				kind: evidence.kind,
				addedBy: evidence.addedBy,
				criterion: frameworkCriterion.code
			})
			.from(evidence)
			.innerJoin(frameworkCriterion, eq(frameworkCriterion.id, evidence.criterionId))
			.where(and(eq(evidence.id, evidenceId), eq(evidence.evaluationId, row.id)));
		if (!item) return NOT_FOUND;
		if (!isEditable(row)) return LOCKED;
		if (!mayRemove(scope, item.addedBy)) return NOT_ALLOWED;
		await tx.delete(evidence).where(eq(evidence.id, item.id));
		await writeAudit(tx, scope, {
			action: 'evidence.removed',
			subject: item.title,
			detail: { evaluationId: row.id, criterion: item.criterion, kind: item.kind }
		});
		return { ok: true, title: item.title };
	});
}

/** A stored file's name, type and bytes, for members of the evaluation's setting only. */
export async function evidenceFile(scope: Scope, evaluationId: string, evidenceId: string) {
	if (!isRecordId(evidenceId)) return null;
	return inTenant(scope, async (tx) => {
		const row = await memberEvaluation(tx, scope, evaluationId);
		if (!row) return null;
		const [file] = await tx
			.select({
				fileName: evidence.fileName,
				mediaType: evidence.mediaType,
				content: evidence.content
			})
			.from(evidence)
			.where(
				and(
					eq(evidence.id, evidenceId),
					eq(evidence.evaluationId, row.id),
					eq(evidence.kind, 'file')
				)
			);
		if (!file?.fileName || !file.mediaType || !file.content) return null;
		// The drivers give bytes in ordinary (never shared) memory, which a Response can send.
		const content = file.content as Uint8Array<ArrayBuffer>;
		return { fileName: file.fileName, mediaType: file.mediaType, content };
	});
}
