import * as z from 'zod';
import type { PageSize } from '#shared/http/pageCursor.ts';
import { roles } from '#shared/identity.ts';
import { membershipStates, organizationRoles } from '#shared/membership/model.ts';
import { longText, singleLineText } from '#shared/textSchemas.ts';
import { coded, messageUnlessMissing } from '#shared/validation.ts';

export const memberEmailSchema = z
  .email(messageUnlessMissing('must be an email address'))
  .max(254, 'must be at most 254 characters')
  .transform((email) => email.toLowerCase());

const rolesSchema = z
  .array(z.enum(roles, messageUnlessMissing(`must be one of ${roles.join(', ')}`)))
  .min(1, 'must name at least one role')
  .refine(
    (list) => new Set(list).size === list.length,
    coded('duplicateEntries', 'must not name a role twice'),
  );

const organizationSchema = singleLineText(2, 100);

const reasonSchema = longText(1, 1000);

/**
 * Research-office and enterprise members act for exactly one organisation, and a person is a
 * research office's or an enterprise's, not both. A panel member may have one (the expert's own
 * affiliation, for the record); an admin or a commissioner acts for none.
 */
function organizationRule(
  body: { readonly roles: readonly string[]; readonly organization?: string | undefined },
  context: z.RefinementCtx,
): void {
  const needsOrganization = body.roles.filter((role) => organizationRoles.includes(role as never));
  if (needsOrganization.length > 1) {
    context.addIssue({
      code: 'custom',
      path: ['roles'],
      ...coded(
        'organizationOfOneKind',
        'must not name both institution and enterprise: one organisation is one kind',
      ),
    });
  } else if (needsOrganization.length === 1 && body.organization === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['organization'],
      ...coded('organizationRequired', 'is required for institution and enterprise members'),
    });
  } else if (
    needsOrganization.length === 0 &&
    !body.roles.includes('panel') &&
    body.organization !== undefined
  ) {
    context.addIssue({
      code: 'custom',
      path: ['organization'],
      ...coded('organizationNotAllowed', 'is only for institution, enterprise and panel members'),
    });
  }
}

export const inviteSchema = z
  .strictObject({ email: memberEmailSchema, roles: rolesSchema, organization: organizationSchema.optional() })
  .superRefine(organizationRule)
  .meta({
    id: 'Invitation',
    description: 'A person the bureau invites, with their role(s) and organisation.',
  });
export type Invitation = z.infer<typeof inviteSchema>;

export const changeMembershipSchema = z
  .strictObject({
    roles: rolesSchema,
    organization: organizationSchema.optional(),
    version: z.int(messageUnlessMissing('must be a whole number')).min(1, 'must be at least 1'),
    reason: reasonSchema.optional(),
  })
  .superRefine(organizationRule)
  .meta({
    id: 'MembershipChange',
    description: "A member's new roles and organisation, from the version read.",
  });
export type MembershipChange = z.infer<typeof changeMembershipSchema>;

export const membershipReasonSchema = z
  .strictObject({ reason: reasonSchema })
  .meta({ id: 'MembershipReason', description: 'Why a member is disabled or enabled.' });

export const peopleFilterSchema = z.strictObject({
  role: z.enum(roles, messageUnlessMissing(`must be one of ${roles.join(', ')}`)).optional(),
  organization: organizationSchema.optional(),
  state: z.enum(membershipStates, messageUnlessMissing('must be active or disabled')).optional(),
});
export type PeopleFilter = z.infer<typeof peopleFilterSchema>;

export const peoplePageSize: PageSize = { defaultLimit: 50, maxLimit: 200 };
