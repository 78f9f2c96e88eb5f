import { describe, expect, it } from 'vitest';
import {
  assertAdmin,
  assertStaff,
  isAdmin,
  isStaff,
  normaliseEmail,
  systemActor,
} from '../../../src/core/users/index.ts';
import type { Role, User } from '../../../src/core/users/index.ts';

function person(role: Role): User {
  const now = new Date();
  return {
    id: role,
    email: `${role}@example.org`,
    name: role,
    role,
    organisationId: null,
    active: true,
    emailVerified: true,
    createdAt: now,
    updatedAt: now,
  };
}

describe('assertAdmin', () => {
  it('lets admins and Portico itself through', () => {
    expect(() => assertAdmin(person('admin'))).not.toThrow();
    expect(() => assertAdmin(systemActor)).not.toThrow();
  });

  it('refuses agents and customers with forbidden', () => {
    for (const role of ['agent', 'customer'] as const) {
      expect(() => assertAdmin(person(role))).toThrow(
        expect.objectContaining({ code: 'forbidden', message: 'Only administrators can do this.' }),
      );
    }
  });

  it('asks an anonymous caller to sign in', () => {
    expect(() => assertAdmin(null)).toThrow(
      expect.objectContaining({ code: 'unauthenticated', message: 'Sign in to continue.' }),
    );
  });
});

describe('assertStaff', () => {
  it('lets agents, admins and Portico itself through', () => {
    for (const actor of [person('agent'), person('admin'), systemActor]) expect(() => assertStaff(actor)).not.toThrow();
  });

  it('refuses customers with forbidden and anonymous callers with unauthenticated', () => {
    expect(() => assertStaff(person('customer'))).toThrow(
      expect.objectContaining({ code: 'forbidden', message: 'Only agents and administrators can do this.' }),
    );
    expect(() => assertStaff(null)).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
  });
});

describe('isStaff', () => {
  it('is true for agents, admins and the system only', () => {
    expect([person('customer'), person('agent'), person('admin'), systemActor, null].map(isStaff)).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe('isAdmin', () => {
  it('is true for admins and the system only', () => {
    expect([person('customer'), person('agent'), person('admin'), systemActor, null].map(isAdmin)).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Kim@Example.ORG\n')).toBe('kim@example.org');
  });
});

describe('systemActor', () => {
  it('cannot be changed into something else', () => {
    expect(Object.isFrozen(systemActor)).toBe(true);
  });
});
