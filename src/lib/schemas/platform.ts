import { z } from 'zod';
import { email, personName } from './auth';

export const newTenantSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Enter the local authority’s name')
		.max(120, 'Name must be 120 characters or fewer'),
	slug: z
		.string()
		.trim()
		.toLowerCase()
		.min(2, 'Enter a short name of at least 2 characters')
		.max(40, 'Short name must be 40 characters or fewer')
		.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use only lower-case letters, numbers and single hyphens'),
	laCode: z
		.string()
		.trim()
		.regex(/^\d{3}$/, 'Enter the 3-digit DfE LA code, like 886'),
	requireAdminMfa: z.boolean().default(true),
	adminName: personName,
	adminEmail: email
});
