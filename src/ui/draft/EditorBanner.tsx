import { Icon } from '../kit/Icon.tsx';
import { followLink, navigate } from '../shell/navigation.ts';
import { hrefs } from '../shell/routes.ts';
import type { DraftSession } from './draft-session.ts';
import { editorAccess } from './editor-access.ts';
import { useConnectionState } from './use-draft-session.ts';

/**
 * The message under the editor's top bar (always in view: the editor's panels scroll below it) that
 * says why editing stopped, or what happened to an edit, and what to do next.
 */
export function EditorBanner({ session, memberRole }: { session: DraftSession; memberRole: string }) {
  const { banner } = editorAccess(useConnectionState(session), memberRole);
  if (!banner) return null;
  const { action } = banner;
  return (
    <div
      className={`editor-banner editor-banner--${banner.tone}`}
      role="alert"
      data-testid="editor-banner"
      data-kind={banner.kind}
    >
      <Icon name="alert" size={16} />
      <div className="editor-banner__text">
        <strong className="editor-banner__title">{banner.title}</strong>
        <span className="editor-banner__detail">{banner.detail}</span>
      </div>
      {action?.kind === 'sign-in' && (
        <a
          className="button button--small button--primary"
          href={hrefs.signIn}
          onClick={followLink}
          data-testid="editor-banner-action"
        >
          {action.label}
        </a>
      )}
      {action && action.kind !== 'sign-in' && (
        <button
          type="button"
          className="button button--small button--primary"
          data-testid="editor-banner-action"
          onClick={() => {
            if (action.kind === 'reload') window.location.reload();
            else if (action.kind === 'reconnect') session.reconnect();
            else navigate(hrefs.home);
          }}
        >
          {action.label}
        </button>
      )}
      {banner.dismissible && (
        <button
          type="button"
          className="icon-button icon-button--small"
          aria-label="Dismiss"
          title="Dismiss"
          data-testid="editor-banner-dismiss"
          onClick={() => session.dismissNotice()}
        >
          <Icon name="x" size={14} />
        </button>
      )}
    </div>
  );
}
