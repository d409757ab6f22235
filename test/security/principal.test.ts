import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/generated/prisma/enums.js';
import {
  actorLabel,
  ANONYMOUS,
  isAuthenticated,
  roleAtLeast,
  roleSatisfies,
  type ApiKeyPrincipal,
  type UserPrincipal,
} from '../../src/security/principal.js';

const user = (role: Role): UserPrincipal => ({ kind: 'user', subject: 'sub-1', role, via: 'jwt' });
const apiKey: ApiKeyPrincipal = {
  kind: 'apiKey',
  keyId: '7b0c6f0e-0000-4000-8000-000000000001',
  name: 'Partner sync',
  role: 'PARTNER',
  countyScope: '001',
  via: 'apiKey',
};

describe('role ordering', () => {
  it('ranks ADMIN above DATA_ENGINEER above DATA_ANALYST above VIEWER', () => {
    expect(roleSatisfies('ADMIN', 'DATA_ENGINEER')).toBe(true);
    expect(roleSatisfies('DATA_ENGINEER', 'DATA_ANALYST')).toBe(true);
    expect(roleSatisfies('DATA_ANALYST', 'VIEWER')).toBe(true);
  });

  it('does not let a lower role satisfy a higher one', () => {
    expect(roleSatisfies('DATA_ENGINEER', 'ADMIN')).toBe(false);
    expect(roleSatisfies('DATA_ANALYST', 'DATA_ENGINEER')).toBe(false);
    expect(roleSatisfies('VIEWER', 'DATA_ANALYST')).toBe(false);
  });

  it('gives VIEWER and PARTNER the same rights', () => {
    expect(roleSatisfies('VIEWER', 'PARTNER')).toBe(true);
    expect(roleSatisfies('PARTNER', 'VIEWER')).toBe(true);
    expect(roleSatisfies('PARTNER', 'DATA_ANALYST')).toBe(false);
  });

  it('lets every role satisfy itself', () => {
    const roles: Role[] = ['ADMIN', 'DATA_ENGINEER', 'DATA_ANALYST', 'VIEWER', 'PARTNER'];
    for (const role of roles) expect(roleSatisfies(role, role)).toBe(true);
  });
});

describe('roleAtLeast', () => {
  it('holds for a user whose role is high enough', () => {
    expect(roleAtLeast(user('DATA_ENGINEER'), 'DATA_ANALYST')).toBe(true);
  });

  it('fails for a user whose role is too low', () => {
    expect(roleAtLeast(user('VIEWER'), 'DATA_ANALYST')).toBe(false);
  });

  it('applies to API-key callers the same way', () => {
    expect(roleAtLeast(apiKey, 'VIEWER')).toBe(true);
    expect(roleAtLeast(apiKey, 'DATA_ANALYST')).toBe(false);
  });

  it('never holds for an anonymous caller, not even for VIEWER', () => {
    expect(roleAtLeast(ANONYMOUS, 'VIEWER')).toBe(false);
    expect(roleAtLeast(ANONYMOUS, 'PARTNER')).toBe(false);
  });
});

describe('principal helpers', () => {
  it('counts users and API keys as authenticated and anonymous as not', () => {
    expect(isAuthenticated(user('VIEWER'))).toBe(true);
    expect(isAuthenticated(apiKey)).toBe(true);
    expect(isAuthenticated(ANONYMOUS)).toBe(false);
  });

  it('labels the audit actor by subject or key id, never by secret', () => {
    expect(actorLabel(user('ADMIN'))).toBe('user:sub-1');
    expect(actorLabel(apiKey)).toBe('apiKey:7b0c6f0e-0000-4000-8000-000000000001');
    expect(actorLabel(ANONYMOUS)).toBe('anonymous');
  });

  it('keeps the shared anonymous principal immutable', () => {
    expect(Object.isFrozen(ANONYMOUS)).toBe(true);
  });
});
