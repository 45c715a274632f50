import { createHash, randomBytes } from 'node:crypto';

/** A fresh secret for an invite or a session: 32 random bytes, base64url (43 characters). */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps instead of a token: its lower-case hex SHA-256, so a database copy cannot sign in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
