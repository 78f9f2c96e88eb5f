export { authenticateApiToken, authenticateSession, signIn, signOut } from './sign-in.ts';
export type { SignedIn, SignInInput } from './sign-in.ts';
export { signUp, signUpSchema, verifyEmail } from './sign-up.ts';
export type { SignUpInput } from './sign-up.ts';
export {
  isResetTokenValid,
  requestPasswordReset,
  resetPassword,
  resetRequestSchema,
  sendPasswordLink,
} from './password-reset.ts';
export {
  apiTokenLabelSchema,
  changePassword,
  createApiToken,
  listOwnApiTokens,
  passwordChangeSchema,
  revokeOwnApiToken,
  endOwnSession,
  listOwnSessions,
} from './account.ts';
export { completeSetup, needsSetup, setupSchema } from './setup.ts';
export { throttleLimit, throttleWindowMs } from './throttle.ts';
