import { CloseCode } from '../../collab/sync-protocol.ts';
import { type ConnectionState, unsavedUpdates } from './connection-state.ts';
import { formatSize, limitFromCloseReason, pasteRefusalMessage } from './edit-size.ts';

/**
 * Whether this tab may edit the draft right now, and the banner that says why not (or what just
 * happened to an edit). The rule: never leave an editable editor whose edits go nowhere. A terminal close
 * (the server will not take edits from this socket, and reconnecting as-is cannot help) and a role the
 * server lowered to viewer both make the editor read-only, in view, with what to do next. Pure.
 */

/** What the banner's button does. */
export type BannerAction = 'sign-in' | 'reload' | 'reconnect' | 'home';

export interface EditorBanner {
  /** Why the banner is shown (a stable name for tests and styling). */
  readonly kind:
    | 'signed-out'
    | 'forbidden'
    | 'draft-gone'
    | 'edit-lost'
    | 'unreadable'
    | 'closed'
    | 'demoted'
    | 'paste-refused'
    | 'edit-undone';
  readonly tone: 'error' | 'warning' | 'info';
  readonly title: string;
  readonly detail: string;
  readonly action: { readonly kind: BannerAction; readonly label: string } | null;
  /** The member may close it (only notices that leave editing on). */
  readonly dismissible: boolean;
}

export interface EditorAccess {
  readonly editable: boolean;
  readonly banner: EditorBanner | null;
}

const UNSAVED_HERE =
  'Edits made here from now on could not be saved, so editing is off. The draft stays on screen to read.';

/**
 * After 4401 this member's copies of drafts were deleted from this browser (a shared computer keeps no
 * removed member's drafts); edits the server never confirmed exist only on this screen now.
 */
function notSavedHere(state: ConnectionState): string {
  const unsaved = unsavedUpdates(state);
  if (unsaved === 0) return '';
  const changes = unsaved === 1 ? '1 change' : `${unsaved} changes`;
  return (
    ` ${changes} made here did not reach the server and were removed from this browser's storage: ` +
    'they are only on this screen until you leave it, so copy anything you need.'
  );
}

/** The banner for a terminal close: what happened, and what the member can do. */
function closedBanner(state: ConnectionState, code: number, reason: string): EditorBanner {
  switch (code) {
    case CloseCode.unauthenticated:
      return {
        kind: 'signed-out',
        tone: 'error',
        title: 'You were signed out or removed from the committee',
        detail: `${UNSAVED_HERE}${notSavedHere(state)} Sign in again to keep working; a chair can send you a new invite.`,
        action: { kind: 'sign-in', label: 'Sign in again' },
        dismissible: false,
      };
    case CloseCode.forbidden:
      return {
        kind: 'forbidden',
        tone: 'error',
        title: 'This tab may not edit the draft any more',
        detail: `${UNSAVED_HERE} The server said: ${reason || 'forbidden'}.`,
        action: { kind: 'reload', label: 'Reload' },
        dismissible: false,
      };
    case CloseCode.notFound:
      return {
        kind: 'draft-gone',
        tone: 'error',
        title: 'This draft no longer exists',
        detail: UNSAVED_HERE,
        action: { kind: 'home', label: 'Back to standards' },
        dismissible: false,
      };
    case CloseCode.tooLarge: {
      const notice = state.notice?.kind === 'edit-refused' ? state.notice : null;
      const size = notice?.bytes ? ` (${formatSize(notice.bytes)})` : '';
      const limit = formatSize(notice?.limit ?? limitFromCloseReason(reason));
      return {
        kind: 'edit-lost',
        tone: 'error',
        title: 'An edit was too large to save, and editing is off',
        detail:
          `The server refused an edit${size}: one edit can be at most ${limit}. It could not be undone ` +
          'in this tab without losing other changes, so editing is off and nothing more is lost. Copy ' +
          'anything you need from the draft, then reload: changes that were not saved are dropped.',
        action: { kind: 'reload', label: 'Reload the draft' },
        dismissible: false,
      };
    }
    case CloseCode.malformed:
      return {
        kind: 'unreadable',
        tone: 'error',
        title: 'The server could not read a change from this tab',
        detail: `${UNSAVED_HERE} Reconnecting sends this tab's changes again.`,
        action: { kind: 'reconnect', label: 'Reconnect' },
        dismissible: false,
      };
    default:
      return {
        kind: 'closed',
        tone: 'error',
        title: 'The server closed the connection',
        detail: `${UNSAVED_HERE} The server said: ${reason || `code ${code}`}.`,
        action: { kind: 'reconnect', label: 'Reconnect' },
        dismissible: false,
      };
  }
}

/** The notice about one edit, while editing goes on. */
function noticeBanner(state: ConnectionState): EditorBanner | null {
  const notice = state.notice;
  if (!notice) return null;
  if (notice.kind === 'paste-refused') {
    return {
      kind: 'paste-refused',
      tone: 'warning',
      title: notice.what === 'paste' ? 'Nothing was pasted' : 'Nothing was dropped',
      detail: pasteRefusalMessage(notice.bytes, notice.limit, notice.what),
      action: null,
      dismissible: true,
    };
  }
  if (!notice.undone) return null;
  const size = notice.bytes ? ` of ${formatSize(notice.bytes)}` : '';
  return {
    kind: 'edit-undone',
    tone: 'warning',
    title: 'An edit was too large to save and was undone',
    detail:
      `The server refused an edit${size}: one edit can be at most ${formatSize(notice.limit)}. It was ` +
      'undone in this tab and the connection was restored; your other changes are kept and saved. ' +
      'Add large text in smaller parts.',
    action: null,
    dismissible: true,
  };
}

/**
 * May this tab edit, and what should the banner say? `memberRole` is the role the member signed in
 * with; the server's view of it (`serverRole`) can only take editing away here, never grant it: a
 * promoted viewer reloads to edit, so that an edit is never made on a socket that drops it.
 */
export function editorAccess(state: ConnectionState, memberRole: string): EditorAccess {
  // `closed` is only ever set for terminal codes (TERMINAL_CLOSE_CODES): the provider stops reconnecting.
  if (state.closed) {
    return { editable: false, banner: closedBanner(state, state.closed.code, state.closed.reason) };
  }
  if (memberRole === 'viewer') return { editable: false, banner: null };
  if (state.serverRole === 'viewer') {
    return {
      editable: false,
      banner: {
        kind: 'demoted',
        tone: 'warning',
        title: 'Your role was changed to viewer',
        detail:
          'A chair changed your role, so editing is off: you can still read the draft and see changes ' +
          'live. Edits you made before the change that were not saved yet may not have been kept.',
        action: { kind: 'reload', label: 'Reload' },
        dismissible: false,
      },
    };
  }
  return { editable: true, banner: noticeBanner(state) };
}
