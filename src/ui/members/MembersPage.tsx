import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type Member } from '../shell/api-client.ts';
import { AppHeader } from '../shell/AppHeader.tsx';
import { Icon } from '../kit/Icon.tsx';
import { PageMessage } from '../kit/PageMessage.tsx';
import { loadSession, signedOut } from '../shell/session-store.ts';
import './MembersPage.css';
import '../versions/versions.css';
import { Dialog } from '../kit/Dialog.tsx';
import { dateFormat, dateTimeFormat } from '../kit/version-dates.ts';
import {
  type CommitteeMember,
  type CreatedInvite,
  type OpenInvite,
  ROLES,
  type Role,
  membersApi,
} from './members-api.ts';
import { lastChairReason, lastSignInLabel, sortMembers } from './members-model.ts';

interface Lists {
  readonly members: readonly CommitteeMember[];
  /** Open invites, or why they could not be listed (the members are still shown). */
  readonly invites: readonly OpenInvite[] | { readonly error: string };
}

type Loaded =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; lists: Lists };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Ends the app's session on a 401 (signed out elsewhere, removed); true when it did. */
function signedOutBy(error: unknown): boolean {
  if (error instanceof ApiError && error.status === 401) {
    signedOut('Your session has ended. Sign in again.');
    return true;
  }
  return false;
}

/**
 * The committee's members (P3, H8), for chairs: invite someone with a one-time sign-in link, change a
 * member's role, remove a member, revoke an invite nobody used yet, and see who signed in when.
 */
export default function MembersPage({ member }: { member: Member }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  const reload = useCallback(async () => {
    const [members, invites] = await Promise.allSettled([membersApi.members(), membersApi.invites()]);
    if (members.status === 'rejected') {
      if (!signedOutBy(members.reason)) setLoaded({ status: 'failed', message: messageOf(members.reason) });
      return;
    }
    setLoaded({
      status: 'ready',
      lists: {
        members: members.value,
        invites: invites.status === 'fulfilled' ? invites.value : { error: messageOf(invites.reason) },
      },
    });
  }, []);
  useEffect(() => {
    if (member.role === 'chair') void reload();
  }, [member.role, reload]);

  if (member.role !== 'chair') {
    return (
      <div className="page">
        <AppHeader member={member} />
        <PageMessage
          title="Only chairs manage members"
          detail="Ask a chair of your committee to invite someone or to change a role."
        />
      </div>
    );
  }

  return (
    <div className="page">
      <AppHeader member={member} />
      <main className="members" data-testid="members-page">
        <div className="members__intro">
          <h1 className="home__title">Members</h1>
          <p className="home__lead">
            Chairs publish versions and manage members, editors edit drafts, viewers read them. A change
            reaches members’ open drafts within a second.
          </p>
        </div>
        <InviteForm onInvited={reload} />
        {loaded.status === 'loading' && (
          <div className="home__loading" role="status">
            <span className="spinner" aria-hidden="true" /> Loading members…
          </div>
        )}
        {loaded.status === 'failed' && (
          <p className="callout callout--error" role="alert">
            {loaded.message}
          </p>
        )}
        {loaded.status === 'ready' && (
          <>
            <MemberTable self={member} members={loaded.lists.members} onChanged={reload} />
            <InviteTable invites={loaded.lists.invites} onChanged={reload} />
          </>
        )}
      </main>
    </div>
  );
}

function RoleSelect({
  value,
  onChange,
  disabled = false,
  label,
  testId,
}: {
  value: Role;
  onChange: (role: Role) => void;
  disabled?: boolean;
  label: string;
  testId: string;
}) {
  return (
    <select
      className="select members__role"
      value={value}
      disabled={disabled}
      aria-label={label}
      data-testid={testId}
      onChange={(event) => onChange(event.target.value as Role)}
    >
      {ROLES.map(({ role, label: roleLabel, can }) => (
        <option key={role} value={role} title={can}>
          {roleLabel}
        </option>
      ))}
    </select>
  );
}

/** Invite someone: name and role; the answer is the sign-in link, shown this once. */
function InviteForm({ onInvited }: { onInvited: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedInvite | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Enter the name of the person to invite.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const invite = await membersApi.invite({ name: name.trim(), role });
      setCreated(invite);
      setName('');
      await onInvited();
    } catch (caught) {
      if (!signedOutBy(caught)) setError(problemText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="members__section members-card" aria-labelledby="invite-title">
      <h2 className="members-card__title" id="invite-title">
        Invite someone
      </h2>
      <form className="members__invite" onSubmit={(event) => void submit(event)} data-testid="invite-form">
        <label className="members__field">
          <span className="field-label">Name</span>
          <input
            className="input"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Dana Reviewer"
            data-testid="invite-name"
            autoComplete="off"
          />
        </label>
        <label className="members__field members__field--role">
          <span className="field-label">Role</span>
          <RoleSelect value={role} onChange={setRole} label="Role" testId="invite-role" />
        </label>
        <button type="submit" className="button button--primary" disabled={busy} data-testid="invite-submit">
          <Icon name="plus" size={14} /> Create invite
        </button>
      </form>
      {error && (
        <p className="callout callout--error" role="alert" data-testid="invite-error">
          {error}
        </p>
      )}
      {created && <CreatedLink invite={created} onDone={() => setCreated(null)} />}
    </section>
  );
}

/** The new invite's sign-in link, with Copy: it is never shown again (only a hash of the token is kept). */
function CreatedLink({ invite, onDone }: { invite: CreatedInvite; onDone: () => void }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const field = useRef<HTMLInputElement>(null);
  const copy = async () => {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(invite.link);
      setCopied('yes');
    } catch {
      // No clipboard access (an insecure origin, a denied permission): the link stays selected to copy.
      setCopied('failed');
    }
  };
  return (
    <div className="members__link callout callout--ok" data-testid="invite-created" role="status">
      <p className="members__link-title">
        <strong>
          Sign-in link for {invite.name} ({invite.role})
        </strong>
      </p>
      <div className="members__link-row">
        <input
          ref={field}
          className="input input--code"
          readOnly
          value={invite.link}
          aria-label={`Sign-in link for ${invite.name}`}
          data-testid="invite-link"
          onFocus={(event) => event.target.select()}
        />
        <button
          type="button"
          className="button button--primary"
          onClick={() => void copy()}
          data-testid="invite-copy"
        >
          <Icon name={copied === 'yes' ? 'check' : 'copy'} size={14} /> {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button button--ghost" onClick={onDone}>
          Done
        </button>
      </div>
      <p className="members__link-note">
        This link is shown only once: copy it now and send it to {invite.name}. It signs in once and expires{' '}
        {dateTimeFormat.format(new Date(invite.expiresAt))}.
        {copied === 'failed' && ' Copying was not allowed here: the link is selected, press Ctrl+C.'}
      </p>
    </div>
  );
}

function MemberTable({
  self,
  members,
  onChanged,
}: {
  self: Member;
  members: readonly CommitteeMember[];
  onChanged: () => Promise<void>;
}) {
  const [removing, setRemoving] = useState<CommitteeMember | null>(null);
  const now = Date.now();
  return (
    <section className="members__section" aria-labelledby="members-title">
      <h2 className="history__heading" id="members-title">
        {members.length} {members.length === 1 ? 'member' : 'members'}
      </h2>
      <div className="members-card">
        <table className="version-table" data-testid="member-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Joined</th>
              <th>Last signed in</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sortMembers(members).map((entry) => (
              <MemberRow
                key={entry.id}
                entry={entry}
                isSelf={entry.id === self.id}
                now={now}
                onChanged={onChanged}
                onRemove={() => setRemoving(entry)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {removing && (
        <RemoveDialog
          entry={removing}
          members={members}
          onClose={() => setRemoving(null)}
          onRemoved={async () => {
            setRemoving(null);
            await onChanged();
          }}
        />
      )}
    </section>
  );
}

function MemberRow({
  entry,
  isSelf,
  now,
  onChanged,
  onRemove,
}: {
  entry: CommitteeMember;
  isSelf: boolean;
  now: number;
  onChanged: () => Promise<void>;
  onRemove: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const changeRole = async (role: Role) => {
    setBusy(true);
    setError(null);
    try {
      await membersApi.changeRole(entry.id, role);
      // A chair who made themself an editor no longer manages members: ask who we are now.
      if (isSelf) await loadSession();
      await onChanged();
    } catch (caught) {
      // The server's word (409: the last chair) is shown where the change was tried; the select shows
      // the role the member still has, since the list was not changed.
      if (!signedOutBy(caught)) setError(problemText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <tr data-testid="member-row" data-name={entry.name} data-role={entry.role}>
        <td>
          <span className="members__name">{entry.name}</span>
          {isSelf && <span className="pill pill--neutral members__you">you</span>}
        </td>
        <td>
          <RoleSelect
            value={entry.role}
            disabled={busy}
            onChange={(role) => void changeRole(role)}
            label={`Role of ${entry.name}`}
            testId="member-role"
          />
        </td>
        <td title={dateTimeFormat.format(new Date(entry.joinedAt))}>
          {dateFormat.format(new Date(entry.joinedAt))}
        </td>
        <td
          data-testid="member-last-sign-in"
          title={entry.lastSignInAt ? dateTimeFormat.format(new Date(entry.lastSignInAt)) : undefined}
        >
          {lastSignInLabel(entry, now)}
        </td>
        <td className="members__actions">
          {!isSelf && (
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={onRemove}
              data-testid="member-remove"
            >
              <Icon name="trash" size={14} /> Remove
            </button>
          )}
        </td>
      </tr>
      {error && <ErrorRow error={error} testId="member-error" />}
    </>
  );
}

function RemoveDialog({
  entry,
  members,
  onClose,
  onRemoved,
}: {
  entry: CommitteeMember;
  members: readonly CommitteeMember[];
  onClose: () => void;
  onRemoved: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(lastChairReason(members, entry, 'remove'));
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await membersApi.remove(entry.id);
      await onRemoved();
    } catch (caught) {
      if (!signedOutBy(caught)) setError(problemText(caught));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Remove ${entry.name}?`}
      lead={`${entry.name} is signed out at once, everywhere, and can no longer open or edit drafts. Their past edits and published versions stay. To bring them back, invite them again.`}
      testId="remove-member-dialog"
      onClose={onClose}
      onSubmit={() => void remove()}
      footer={
        <>
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--danger"
            disabled={busy}
            data-testid="remove-member-confirm"
          >
            Remove {entry.name}
          </button>
        </>
      }
    >
      {error && (
        <p className="callout callout--error" role="alert" data-testid="remove-member-error">
          {error}
        </p>
      )}
    </Dialog>
  );
}

function InviteTable({ invites, onChanged }: { invites: Lists['invites']; onChanged: () => Promise<void> }) {
  return (
    <section className="members__section" aria-labelledby="invites-title">
      <h2 className="history__heading" id="invites-title">
        Open invites
      </h2>
      {'error' in invites ? (
        <p className="callout callout--error" role="alert" data-testid="invites-error">
          The open invites cannot be listed: {invites.error}
        </p>
      ) : invites.length === 0 ? (
        <p className="members__empty muted" data-testid="no-invites">
          No open invites. An invite stays open until it is used, revoked or expires.
        </p>
      ) : (
        <div className="members-card">
          <table className="version-table" data-testid="invite-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Created</th>
                <th>Expires</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invites.map((invite) => (
                <InviteRow key={invite.id} invite={invite} onChanged={onChanged} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function InviteRow({ invite, onChanged }: { invite: OpenInvite; onChanged: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      await membersApi.revokeInvite(invite.id);
      await onChanged();
    } catch (caught) {
      if (signedOutBy(caught)) return;
      setError(
        caught instanceof ApiError && caught.status === 404
          ? 'This invite was already used, revoked or has expired.'
          : problemText(caught),
      );
      setBusy(false);
    }
  };
  const role = ROLES.find((candidate) => candidate.role === invite.role)?.label ?? invite.role;
  return (
    <>
      <tr data-testid="invite-row" data-name={invite.name}>
        <td>{invite.name}</td>
        <td>{role}</td>
        <td>{dateTimeFormat.format(new Date(invite.createdAt))}</td>
        <td>{dateTimeFormat.format(new Date(invite.expiresAt))}</td>
        <td className="members__actions">
          <button
            type="button"
            className="button button--small button--ghost"
            disabled={busy}
            onClick={() => void revoke()}
            data-testid="invite-revoke"
          >
            Revoke
          </button>
        </td>
      </tr>
      {error && <ErrorRow error={error} testId="invite-revoke-error" />}
    </>
  );
}

/** The server's message with its problems (`path: message`), for an inline error. */
function problemText(error: unknown): string {
  if (error instanceof ApiError && error.problems.length > 0) {
    return `${error.message} ${error.problems.join('; ')}`;
  }
  return messageOf(error);
}

/** A refusal shown under the row it belongs to, across the whole table. */
function ErrorRow({ error, testId }: { readonly error: string; readonly testId: string }) {
  return (
    <tr className="members__error-row">
      <td colSpan={5}>
        <p className="history__inline-error" role="alert" data-testid={testId}>
          {error}
        </p>
      </td>
    </tr>
  );
}
