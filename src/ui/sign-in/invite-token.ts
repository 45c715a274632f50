/**
 * Invite tokens arrive in the URL fragment (`/sign-in#token=…`), which browsers never send to a
 * server or put in a Referer header. The page reads it once and then drops it from the address bar
 * and history (P3: tokens never in URLs after sign-in).
 */

/** The token in a location hash (`#token=abc`), or undefined. Surrounding whitespace is trimmed. */
export function tokenFromHash(hash: string): string | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') return undefined;
  const token = new URLSearchParams(fragment).get('token')?.trim();
  return token ? token : undefined;
}

/**
 * The token in what someone pasted into the sign-in field: the bare token, or the whole sign-in
 * link a chair sent them (`https://…/sign-in#token=abc`).
 */
export function tokenFromPaste(pasted: string): string | undefined {
  const text = pasted.trim();
  if (text === '') return undefined;
  const hashAt = text.indexOf('#');
  if (hashAt >= 0) return tokenFromHash(text.slice(hashAt));
  return /\s/.test(text) ? undefined : text;
}
