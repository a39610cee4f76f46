import { provisionDownload } from '../export.server';
import type { RequestHandler } from './$types';

/** The year's provision records, one row each, as CSV. */
export const GET: RequestHandler = (event) => provisionDownload(event, 'csv');
