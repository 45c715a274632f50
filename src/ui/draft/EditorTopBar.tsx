import { standardView, textOf } from '../../collab/record-views.ts';
import { type PresencePeer, initialsOf } from '../../collab/presence.ts';
import { AccountControls, Brand } from '../shell/AppHeader.tsx';
import { Icon, type IconName } from '../kit/Icon.tsx';
import { ImpactToggle } from '../impact/ImpactToggle.tsx';
import { DraftVersionActions } from '../versions/DraftVersionActions.tsx';
import { connectionBadge } from './connection-state.ts';
import { useEditorContext } from './editor-context.ts';
import type { EditorLocation } from './draft-session.ts';
import { useConnectionState, usePeers, useUndoAvailability } from './use-draft-session.ts';
import { useYVersion } from './use-y.ts';

const TABS: readonly { panel: EditorLocation['panel']; label: string; icon: IconName }[] = [
  { panel: 'criterion', label: 'Criteria', icon: 'document' },
  { panel: 'settings', label: 'Standard', icon: 'settings' },
  { panel: 'tiers', label: 'Tiers', icon: 'trophy' },
];

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

export function EditorTopBar() {
  const { session, roots, location, showPanel, readOnly } = useEditorContext();
  useYVersion(roots.meta);
  const standard = standardView(roots);
  const title = textOf(standard.title);
  const version = standard.version ?? '';
  const basedOn = standard.basedOn;

  return (
    <header className="topbar">
      <div className="topbar__left">
        <Brand />
        <span className="topbar__divider" aria-hidden="true" />
        <div className="topbar__title">
          <span className="topbar__draft-title" data-testid="draft-title" title={title}>
            {title || 'Untitled standard'}
          </span>
          <span className="topbar__version">
            Draft {version}
            {basedOn ? ` · from ${basedOn}` : ''}
          </span>
        </div>
      </div>
      <nav className="tabs" aria-label="Editor panels">
        {TABS.map((tab) => (
          <button
            key={tab.panel}
            type="button"
            className={`tab${location.panel === tab.panel ? ' tab--active' : ''}`}
            aria-current={location.panel === tab.panel ? 'page' : undefined}
            data-testid={`tab-${tab.panel}`}
            onClick={() => showPanel(tab.panel)}
          >
            <Icon name={tab.icon} size={14} />
            {tab.label}
          </button>
        ))}
        <ImpactToggle />
      </nav>
      <div className="topbar__right">
        {readOnly && (
          <span
            className="pill pill--neutral"
            data-testid="read-only-badge"
            title="Viewers see live changes but cannot edit"
          >
            <Icon name="eye" size={14} /> View only
          </span>
        )}
        <PresenceAvatars peers={usePeers(session)} />
        <ConnectionBadge />
        {!readOnly && <UndoRedo />}
        <DraftVersionActions />
        <span className="topbar__divider" aria-hidden="true" />
        <AccountControls member={session.member} />
      </div>
    </header>
  );
}

/** Everyone else who has this draft open (you are the account avatar at the far right). */
function PresenceAvatars({ peers }: { peers: readonly PresencePeer[] }) {
  const others = peers.filter((peer) => !peer.isSelf);
  const shown = others.slice(0, 5);
  const hidden = others.length - shown.length;
  return (
    <ul
      className="avatars"
      aria-label={
        others.length === 0
          ? 'Nobody else is here'
          : `${others.length} other ${others.length === 1 ? 'person' : 'people'} here`
      }
      data-testid="presence"
    >
      {shown.map((peer) => (
        <li
          key={peer.memberId}
          className="avatar"
          style={{ '--avatar-color': peer.color } as React.CSSProperties}
          title={`${peer.name} · ${peer.role}`}
          data-testid="presence-avatar"
          data-name={peer.name}
        >
          <span aria-hidden="true">{initialsOf(peer.name)}</span>
          <span className="visually-hidden">{peer.name}</span>
        </li>
      ))}
      {hidden > 0 && <li className="avatar avatar--more">+{hidden}</li>}
    </ul>
  );
}

function ConnectionBadge() {
  const { session } = useEditorContext();
  const badge = connectionBadge(useConnectionState(session));
  return (
    <span
      className={`connection connection--${badge.tone}`}
      data-testid="connection-badge"
      data-kind={badge.kind}
      title={badge.detail}
      role="status"
      aria-live="polite"
    >
      <span className="connection__dot" aria-hidden="true" />
      {badge.label}
      <span className="visually-hidden">. {badge.detail}</span>
    </span>
  );
}

function UndoRedo() {
  const { session } = useEditorContext();
  const { canUndo, canRedo } = useUndoAvailability(session);
  return (
    <div className="button-group" role="group" aria-label="History">
      <button
        type="button"
        className="icon-button"
        data-testid="undo"
        disabled={!canUndo}
        title={`Undo your last change (${MOD}Z)`}
        aria-label="Undo"
        onClick={() => session.undo()}
      >
        <Icon name="undo" />
      </button>
      <button
        type="button"
        className="icon-button"
        data-testid="redo"
        disabled={!canRedo}
        title={`Redo (${isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z'})`}
        aria-label="Redo"
        onClick={() => session.redo()}
      >
        <Icon name="redo" />
      </button>
    </div>
  );
}
