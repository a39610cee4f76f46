import { provisionDownload } from '../export.server';
import type { RequestHandler } from './$types';

/** The year's provision records, and the area × tier summary, as an Excel workbook. */
export const GET: RequestHandler = (event) => provisionDownload(event, 'xlsx');
