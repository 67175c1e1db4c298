import { type RouteSpec, signedIn } from '#shared/api/routeSpec.ts';
import {
  changeMembershipSchema,
  inviteSchema,
  membershipReasonSchema,
  peoplePageSize,
} from '#shared/membership/schema.ts';

export const peopleRoutes = [
  {
    method: 'GET',
    path: '/me',
    handler: 'getMe',
    summary:
      "Who the caller is and what they may do, from their membership (`{ sub, email, roles, organization?, state, secondFactorRequired? }`); a signed-in person with no membership is an applicant (commissioner). A bureau or panel member whose sign-in had no second factor (the token's `amr` has no `mfa`) gets `secondFactorRequired: true` here and 403 `SecondFactorRequired` on every other route",
    access: 'signed-in',
    responses: {
      200: 'The caller',
      401: 'No valid token',
      403: 'Disabled by the bureau, or an applicant whose email is not verified',
    },
  },
  {
    method: 'GET',
    path: '/people',
    handler: 'listPeople',
    summary: 'The bureau: a page of members by email, filtered by role, organisation and state',
    paged: true,
    access: 'signed-in',
    query: {
      role: { required: false, description: 'Only members with this role' },
      organization: { required: false, description: "Only this organisation's members" },
      state: { required: false, description: 'active or disabled' },
      limit: {
        required: false,
        description: `Members a page holds at most: 1 to ${peoplePageSize.maxLimit}, ${peoplePageSize.defaultLimit} when not given`,
      },
      cursor: { required: false, description: "The previous page's `nextCursor`, to read the page after it" },
    },
    responses: {
      200: 'A page of members',
      400: 'A filter, limit or cursor that is not valid',
      ...signedIn,
    },
  },
  {
    method: 'POST',
    path: '/people',
    handler: 'invitePeopleMember',
    summary:
      'The bureau invites a person with their role(s) and, for a research office or an enterprise, its organisation; the invitation email signs them up',
    access: 'signed-in',
    requestBody: inviteSchema,
    idempotencyKey: true,
    responses: {
      201: 'Invited',
      200: 'A replay of an earlier invitation with the same Idempotency-Key',
      400: 'Invalid fields',
      ...signedIn,
      409: 'The address is a member already, or being invited',
    },
  },
  {
    method: 'GET',
    path: '/people/{sub}',
    handler: 'getPeopleMember',
    summary: 'The bureau: one member with their audit trail',
    access: 'signed-in',
    responses: { 200: 'The member', ...signedIn, 404: 'No such member' },
  },
  {
    method: 'PUT',
    path: '/people/{sub}',
    handler: 'changePeopleMember',
    summary: "The bureau changes a member's roles and organisation, from the version it read",
    access: 'signed-in',
    requestBody: changeMembershipSchema,
    responses: {
      200: 'Changed (or unchanged, when nothing differs)',
      400: 'Invalid fields',
      ...signedIn,
      404: 'No such member',
      409: 'A stale version, or an admin removing their own admin role',
    },
  },
  {
    method: 'POST',
    path: '/people/{sub}/disable',
    handler: 'disablePeopleMember',
    summary: 'The bureau disables a member, with a reason: every request of theirs is refused from then on',
    access: 'signed-in',
    requestBody: membershipReasonSchema,
    responses: {
      200: 'Disabled',
      400: 'No reason',
      ...signedIn,
      404: 'No such member',
      409: 'Disabled already, or an admin disabling themselves',
    },
  },
  {
    method: 'POST',
    path: '/people/{sub}/enable',
    handler: 'enablePeopleMember',
    summary: 'The bureau enables a disabled member again, with a reason',
    access: 'signed-in',
    requestBody: membershipReasonSchema,
    responses: {
      200: 'Enabled',
      400: 'No reason',
      ...signedIn,
      404: 'No such member',
      409: 'Active already, or an admin enabling themselves',
    },
  },
] as const satisfies readonly RouteSpec[];
