import { z } from 'zod';
import { passwordLength } from './password.ts';
import { roles } from './user.ts';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter a valid email address, like name@example.org.'));

export const nameSchema = z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.');

/** Lengths count characters (code points), as people do, not UTF-16 units. */
const characterCount = (value: string) => [...value].length;
export const passwordSchema = z
  .string()
  .refine((value) => characterCount(value) >= passwordLength.min, 'Use at least 8 characters.')
  .refine((value) => characterCount(value) <= passwordLength.max, 'Use at most 128 characters.');

export const roleSchema = z.enum(roles);

export const newUserSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  role: roleSchema.default('customer'),
  organisationId: z.string().min(1).nullable().default(null),
  password: passwordSchema.optional(),
});
export type NewUser = z.input<typeof newUserSchema>;

export const userPatchSchema = z
  .object({
    email: emailSchema,
    name: nameSchema,
    role: roleSchema,
    organisationId: z.string().min(1).nullable(),
    active: z.boolean(),
  })
  .partial();
export type UserPatch = z.infer<typeof userPatchSchema>;

export const userFilterSchema = z.object({
  role: roleSchema.optional(),
  query: z.string().trim().max(200, 'Search with at most 200 characters.').optional(),
  active: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});
export type UserFilter = z.input<typeof userFilterSchema>;

export const groupInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.'),
  description: z.string().trim().max(500, 'Use at most 500 characters.').default(''),
});
export type GroupInput = z.input<typeof groupInputSchema>;

export const organisationInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'Enter a domain like example.org.')
    .nullable()
    .default(null),
});
export type OrganisationInput = z.input<typeof organisationInputSchema>;
