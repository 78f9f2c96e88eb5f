export type { Role } from './user.table.ts';
export { isAdmin, isStaff, normaliseEmail, roles, systemActor } from './user.ts';
export type { Actor, SystemActor, User } from './user.ts';
export { assertAdmin, assertStaff } from './permissions.ts';
export { assertAcceptablePassword, decoyHash, hashPassword, passwordLength, verifyPassword } from './password.ts';
export {
  emailSchema,
  groupInputSchema,
  nameSchema,
  newUserSchema,
  organisationInputSchema,
  passwordSchema,
  roleSchema,
  userFilterSchema,
  userPatchSchema,
} from './schemas.ts';
export type { GroupInput, NewUser, OrganisationInput, UserFilter, UserPatch } from './schemas.ts';
export {
  countAdmins,
  createUser,
  findCredentials,
  findUserByEmail,
  getUser,
  getUserById,
  insertUser,
  listUsers,
  markEmailVerified,
  replaceUnverifiedSignUp,
  setPasswordHash,
  updateUser,
} from './users.ts';
export { createOrganisation, getOrganisation, listOrganisations, setOrganisationSharing } from './organisations.ts';
export type { Organisation } from './organisations.ts';
export {
  createGroup,
  getGroup,
  listGroupMembers,
  listGroups,
  listGroupsOfUser,
  setGroupMembers,
  updateGroup,
} from './groups.ts';
export type { Group, GroupMember } from './groups.ts';
