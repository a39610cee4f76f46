import { z } from 'zod';

/** The tenant's sign-in rules that its LA admins control. */
export const securitySchema = z.object({ requireAdminMfa: z.boolean() });
