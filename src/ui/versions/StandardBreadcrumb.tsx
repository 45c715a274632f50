import { followLink } from '../shell/navigation.ts';
import { hrefs } from '../shell/routes.ts';

/** Standards › <standard> › <page>, in the header of the version history and diff pages. */
export function StandardBreadcrumb({
  standardId,
  title,
  current,
}: {
  standardId: string;
  title: string;
  current: string;
}) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={hrefs.home} onClick={followLink}>
        Standards
      </a>
      <span className="breadcrumb__sep" aria-hidden="true">
        /
      </span>
      <a href={hrefs.versions(standardId)} onClick={followLink} className="breadcrumb__standard">
        {title}
      </a>
      <span className="breadcrumb__sep" aria-hidden="true">
        /
      </span>
      <span aria-current="page">{current}</span>
    </nav>
  );
}
