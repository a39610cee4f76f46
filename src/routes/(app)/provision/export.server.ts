import { error, type RequestEvent } from '@sveltejs/kit';
import { attachmentDisposition, downloadResponse } from '$lib/server/export/file-name';
import { READ_ONLY } from '$lib/server/services/provision-access';
import {
	EXPORT_CONTENT_TYPES,
	exportProvisionMap,
	type ExportFormat
} from '$lib/server/services/provision-map';
import { allowed, provisionScope } from './access.server';

/**
 * The year's provision map as a download. Pupil-level data leaves the app only in the hands
 * of the SENCO or head: staff who may read the records on screen are refused an export.
 */
export async function provisionDownload(event: RequestEvent, format: ExportFormat) {
	const scope = await provisionScope(event);
	const result = await exportProvisionMap(scope, event.url.searchParams.get('year'), format);
	if (result === READ_ONLY)
		error(403, 'Only the SENCO and headteacher can export the provision records.');
	const file = allowed(result);
	return downloadResponse(
		file.body,
		EXPORT_CONTENT_TYPES[format],
		attachmentDisposition([file.settingName, file.year.label, 'provision map'], format)
	);
}
