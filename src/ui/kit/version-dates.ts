/** How dates read in the version history and the diff view. */
export const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});

export const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Who published a version: the member's name, or where an imported version came from. */
export function authorLabel(author: string, authorName: string | null): string {
  if (authorName) return authorName;
  return author === 'import' ? 'Imported from files' : 'A former member';
}

const yearFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', timeZone: 'UTC' });

/**
 * When a version was published, as lists show it. A version imported from files is dated by its file
 * (`effective.from`, which the seed data often knows to the year only: WWC 2.0 is "2018"), so it shows the
 * year; a version a member published shows the day.
 */
export function publishedLabel(version: { readonly author: string; readonly publishedAt: string }): string {
  const published = new Date(version.publishedAt);
  return version.author === 'import' ? yearFormat.format(published) : dateFormat.format(published);
}
