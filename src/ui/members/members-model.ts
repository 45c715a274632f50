import type { CommitteeMember, Role } from './members-api.ts';

/**
 * What the members page derives from the lists it loads: ordering, the last-chair rule as the page
 * explains it (the server enforces it, H8), and how times read. Pure.
 */

const ROLE_ORDER: Record<Role, number> = { chair: 0, editor: 1, viewer: 2 };

/** Chairs first, then editors, then viewers; by name within a role. */
export function sortMembers(members: readonly CommitteeMember[]): CommitteeMember[] {
  return [...members].sort(
    (a, b) =>
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
}

/**
 * Why `member` cannot be given `role` or removed, as far as the page can tell (the server has the final
 * word and answers 409): the last chair cannot stop being one.
 */
export function lastChairReason(
  members: readonly CommitteeMember[],
  member: CommitteeMember,
  change: { readonly role: Role } | 'remove',
): string | null {
  if (member.role !== 'chair' || (change !== 'remove' && change.role === 'chair')) return null;
  const chairs = members.filter((candidate) => candidate.role === 'chair').length;
  return chairs <= 1
    ? `${member.name} is the only chair. Make someone else a chair first: a committee without a chair cannot manage its members.`
    : null;
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "in 6 days", "just now": a time relative to `now` (ms). */
export function relativeTime(iso: string, now: number, locale?: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 60) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** The "last signed in" cell. */
export function lastSignInLabel(member: CommitteeMember, now: number, locale?: string): string {
  return member.lastSignInAt === null ? 'Never' : relativeTime(member.lastSignInAt, now, locale);
}
