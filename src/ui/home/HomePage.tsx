import { useEffect, useState } from 'react';
import {
  ApiError,
  type DraftSummary,
  type Member,
  type StandardSummary,
  type VersionSummary,
  api,
} from '../shell/api-client.ts';
import { AppHeader } from '../shell/AppHeader.tsx';
import { Icon } from '../kit/Icon.tsx';
import { followLink } from '../shell/navigation.ts';
import { hrefs } from '../shell/routes.ts';
import { signedOut } from '../shell/session-store.ts';
import { publishedLabel } from '../kit/version-dates.ts';
import './HomePage.css';

interface StandardListing {
  readonly standard: StandardSummary;
  readonly versions: readonly VersionSummary[];
  readonly drafts: readonly DraftSummary[];
}

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; listings: StandardListing[] };

async function loadListings(): Promise<StandardListing[]> {
  const [standards, drafts] = await Promise.all([api.standards(), api.drafts()]);
  const versions = await Promise.all(standards.map((standard) => api.versions(standard.id)));
  return standards.map((standard, index) => ({
    standard,
    versions: [...(versions[index] ?? [])].reverse(),
    drafts: drafts.filter((draft) => draft.standard === standard.id),
  }));
}

/** Home: every standard with its versions (newest first) and its live drafts. */
export function HomePage({ member }: { member: Member }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    loadListings().then(
      (listings) => current && setLoaded({ status: 'ready', listings }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && error.status === 401)
          signedOut('Your session has ended. Sign in again.');
        else setLoaded({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <div className="page">
      <AppHeader member={member} />
      <main className="home">
        <div className="home__intro">
          <h1 className="home__title">Standards</h1>
          <p className="home__lead">
            Published versions are immutable. Drafts are edited live by the committee.
          </p>
        </div>
        {loaded.status === 'loading' && (
          <div className="home__loading" role="status">
            <span className="spinner" aria-hidden="true" /> Loading standards…
          </div>
        )}
        {loaded.status === 'failed' && (
          <p className="callout callout--error" role="alert">
            {loaded.message}
          </p>
        )}
        {loaded.status === 'ready' && loaded.listings.length === 0 && (
          <p className="empty">
            No standards yet. Add version files to the standards/ folder and restart the server.
          </p>
        )}
        {loaded.status === 'ready' &&
          loaded.listings.map((listing) => <StandardCard key={listing.standard.id} listing={listing} />)}
      </main>
    </div>
  );
}

function StandardCard({ listing }: { listing: StandardListing }) {
  const { standard, versions, drafts } = listing;
  return (
    <section
      className="standard-card"
      data-testid={`standard-${standard.id}`}
      aria-labelledby={`standard-${standard.id}-title`}
    >
      <header className="standard-card__header">
        <div>
          <h2 className="standard-card__title" id={`standard-${standard.id}-title`}>
            {standard.title}
          </h2>
          <p className="standard-card__meta">
            <code>{standard.id}</code> · {standard.versionCount}{' '}
            {standard.versionCount === 1 ? 'version' : 'versions'} · latest {standard.latestVersion} ·{' '}
            <a href={hrefs.versions(standard.id)} onClick={followLink} data-testid={`history-${standard.id}`}>
              Version history and diffs
            </a>
          </p>
        </div>
      </header>
      {drafts.length > 0 && (
        <ul className="draft-list" aria-label="Live drafts">
          {drafts.map((draft) => (
            <li key={draft.id} className="draft-list__item">
              <span className="draft-list__dot" aria-hidden="true" />
              <div className="draft-list__text">
                <span className="draft-list__title">{draft.title}</span>
                <span className="draft-list__meta">
                  Live draft{draft.basedOn ? ` · based on ${draft.basedOn}` : ''}
                </span>
              </div>
              <a
                className="button button--primary"
                href={hrefs.draft(draft.id)}
                onClick={followLink}
                data-testid={`open-draft-${draft.id}`}
              >
                Open draft <Icon name="chevronRight" size={14} />
              </a>
            </li>
          ))}
        </ul>
      )}
      <table className="version-table">
        <caption className="visually-hidden">Versions of {standard.title}</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Status</th>
            <th scope="col">Based on</th>
            <th scope="col" className="numeric">
              Criteria
            </th>
            <th scope="col">Published</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version}>
              <td>
                <strong>{version.version}</strong>
              </td>
              <td>
                <span className={`status-pill status-pill--${version.status}`}>{version.status}</span>
              </td>
              <td className="muted">{version.basedOn ?? '—'}</td>
              <td className="numeric">{version.criteria}</td>
              <td className="muted">{publishedLabel(version)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
