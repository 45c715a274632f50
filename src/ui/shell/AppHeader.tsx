import type { ReactNode } from 'react';
import { colorForMember, initialsOf } from '../../collab/presence.ts';
import { type Member, api } from './api-client.ts';
import { Icon } from '../kit/Icon.tsx';
import { followLink } from './navigation.ts';
import { hrefs } from './routes.ts';
import { signedOut } from './session-store.ts';
import './AppHeader.css';

/**
 * Signs out everywhere in this browser: ends the server session, closes open drafts and deletes this
 * member's copies of drafts from the browser (C6: a shared computer keeps none). Edits the server has not
 * confirmed would go with them, so the member is asked first, and staying signed in keeps them.
 */
export async function signOutEverywhere(member: Member): Promise<void> {
  const drafts = await import('../draft/draft-session.ts');
  const unsent = drafts.unsentEditsOf(member.id);
  if (
    unsent > 0 &&
    !window.confirm(
      `${unsent === 1 ? '1 change' : `${unsent} changes`} you made in drafts did not reach the server yet. ` +
        'Signing out deletes them from this browser. Sign out anyway? (Cancel, then reconnect to save them.)',
    )
  )
    return;
  try {
    await api.signOut();
  } finally {
    drafts.closeAllDraftSessions();
    await drafts.forgetLocalCopies(member.id);
    signedOut();
  }
}

/** The brand mark, linking home. */
export function Brand() {
  return (
    <a className="brand" href={hrefs.home} onClick={followLink} aria-label="Tierline home">
      <span className="brand__mark" aria-hidden="true">
        <svg viewBox="0 0 16 16" width="18" height="18">
          <rect width="16" height="16" rx="4" fill="currentColor" />
          <path d="M4 11h8M4 8h6M4 5h4" stroke="white" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </span>
      <span className="brand__name">Tierline</span>
    </a>
  );
}

/** The signed-in member: avatar, name, role and sign-out; for chairs, the link to the members page. */
export function AccountControls({ member }: { member: Member }) {
  return (
    <div className="account">
      {member.role === 'chair' && (
        <a
          className="icon-button"
          href={hrefs.members}
          onClick={followLink}
          data-testid="members-link"
          title="Members and invites"
          aria-label="Members and invites"
        >
          <Icon name="users" />
        </a>
      )}
      <span
        className="avatar avatar--small"
        style={{ '--avatar-color': colorForMember(member.id) } as React.CSSProperties}
        aria-hidden="true"
      >
        {initialsOf(member.name)}
      </span>
      <span className="account__name" data-testid="account-name">
        {member.name}
        <span className="account__role">{member.role}</span>
      </span>
      <button
        type="button"
        className="icon-button"
        data-testid="sign-out"
        title="Sign out"
        aria-label="Sign out"
        onClick={() => void signOutEverywhere(member)}
      >
        <Icon name="signOut" />
      </button>
    </div>
  );
}

/** The header of the non-editor pages. */
export function AppHeader({ member, children }: { member: Member; children?: ReactNode }) {
  return (
    <header className="app-header">
      <Brand />
      <div className="app-header__middle">{children}</div>
      <AccountControls member={member} />
    </header>
  );
}
