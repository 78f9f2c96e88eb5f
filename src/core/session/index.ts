export {
  createSession,
  deleteExpiredSessions,
  invalidateSession,
  invalidateUserSession,
  invalidateUserSessions,
  listUserSessions,
  sessionAbsoluteLifetime,
  sessionIdleLifetime,
  validateSessionToken,
} from './sessions.ts';
export type { Session, SessionMeta, SessionSummary } from './sessions.ts';
export { insertApiToken, listApiTokens, revokeApiToken, revokeUserApiTokens, validateApiToken } from './api-tokens.ts';
export type { ApiToken } from './api-tokens.ts';
export { generateToken, hashToken } from './token.ts';
