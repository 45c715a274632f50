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
