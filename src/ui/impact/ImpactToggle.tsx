import { Icon } from '../kit/Icon.tsx';
import { navigate, usePathname } from '../shell/navigation.ts';
import { hrefs, parseRoute } from '../shell/routes.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { setImpactPanelOpen, useImpactPanelOpen } from './impact-panel-state.ts';

/**
 * The top bar's "Impact" switch: opens or closes the impact preview beside the criterion panel (remembered
 * in this browser); from the full-screen preview it leads back to the editor with the panel open.
 */
export function ImpactToggle() {
  const { session } = useEditorContext();
  const open = useImpactPanelOpen();
  const route = parseRoute(usePathname());
  const fullScreen = route.name === 'draft' && route.view === 'impact';
  const active = open || fullScreen;
  return (
    <button
      type="button"
      className="tab"
      aria-pressed={active}
      data-testid="impact-toggle"
      title={
        fullScreen
          ? 'Back to the editor'
          : active
            ? 'Hide the impact preview'
            : 'Show how the draft moves past applicants'
      }
      onClick={() => {
        if (fullScreen) {
          setImpactPanelOpen(true);
          navigate(hrefs.draft(session.draftId));
        } else setImpactPanelOpen(!open);
      }}
    >
      <Icon name="chart" size={14} />
      Impact
    </button>
  );
}
