// Who is calling. Every request resolves to exactly one Principal before any resolver runs;
// authorisation code narrows it by `kind` and derives the authenticated shapes with Extract<>,
// so there is one definition of "a caller" and no optional-field guessing.
import type { Role } from '../generated/prisma/enums.js';

/** No credential was presented. Anonymous callers see public facility data only. */
export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
}

/** What every authenticated caller carries, whatever credential it presented. */
interface AuthenticatedFields {
  readonly role: Role;
  /**
   * A 3-digit county code (`"047"`). When present the caller is confined to that county;
   * when absent the caller is national. Scope narrows what a role may see; it never widens it.
   */
  readonly countyScope?: string;
}

/** A person who signed in through the identity provider and presented a JWT. */
export interface UserPrincipal extends AuthenticatedFields {
  readonly kind: 'user';
  /** The token's `sub`: stable at the identity provider, used as the audit actor. */
  readonly subject: string;
  /**
   * The credential that authenticated the request. It restates `kind` on purpose: audit rows
   * and logs record `via` as a plain label without having to know the union.
   */
  readonly via: 'jwt';
}

/** A machine client (a partner's system, a scheduled job) presenting an API key. */
export interface ApiKeyPrincipal extends AuthenticatedFields {
  readonly kind: 'apiKey';
  /** `ApiKey.id`; never the secret or its hash. */
  readonly keyId: string;
  /** `ApiKey.name`, for humans reading logs and audit trails. */
  readonly name: string;
  readonly via: 'apiKey';
}

export type Principal = AnonymousPrincipal | UserPrincipal | ApiKeyPrincipal;

/** Any caller that presented a valid credential. */
export type AuthenticatedPrincipal = Extract<Principal, { role: Role }>;

export const ANONYMOUS: AnonymousPrincipal = Object.freeze({ kind: 'anonymous' });

export function isAuthenticated(principal: Principal): principal is AuthenticatedPrincipal {
  return principal.kind !== 'anonymous';
}

/**
 * Rank of each role; a higher rank holds every right of the lower ones.
 *
 * VIEWER and PARTNER share a rank: both may read the registry with personal data masked and
 * neither may write. They are separate roles because they are different audiences (staff
 * versus outside organisations) that policy may treat differently later (rate limits, which
 * counties a key is issued for); until such a rule exists, neither outranks the other.
 *
 * `satisfies Record<Role, number>` makes a new Role in the Prisma schema a compile error here
 * rather than a silently unranked role.
 */
const ROLE_RANK = {
  ADMIN: 4,
  DATA_ENGINEER: 3,
  DATA_ANALYST: 2,
  VIEWER: 1,
  PARTNER: 1,
} as const satisfies Record<Role, number>;

/** Whether role `held` has at least the rights of role `required`. */
export function roleSatisfies(held: Role, required: Role): boolean {
  return ROLE_RANK[held] >= ROLE_RANK[required];
}

/**
 * Whether the caller holds `required` or a higher role. Anonymous callers hold no role, so this
 * is false for them whatever is asked — including VIEWER.
 */
export function roleAtLeast(principal: Principal, required: Role): boolean {
  return isAuthenticated(principal) && roleSatisfies(principal.role, required);
}

/**
 * A stable, secret-free label for audit columns such as `createdBy`: `user:<sub>`,
 * `apiKey:<id>` or `anonymous`.
 */
export function actorLabel(principal: Principal): string {
  switch (principal.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'user':
      return `user:${principal.subject}`;
    case 'apiKey':
      return `apiKey:${principal.keyId}`;
  }
}
