import { randomBytes } from 'crypto';

/** A fresh secret for NEXTAUTH_SECRET / AUTH_SECRET: 32 cryptographically random bytes, base64 (44 chars). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64');
}
