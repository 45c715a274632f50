import { moveKeyed } from '../../collab/draft-edits.ts';
import type { EntryCollection } from '../../collab/draft-layout.ts';
import type { DraftSession } from '../draft/draft-session.ts';
import {
  type OutlineCriterion,
  type OutlineGroup,
  type OutlineMove,
  type OutlineSection,
  planSectionStep,
  planStep,
} from './outline-model.ts';

interface OutlineKeyboardParts {
  readonly session: DraftSession;
  /** The areas or the parts, whichever the outline is grouped by. */
  readonly sectionEntries: EntryCollection;
  readonly sections: readonly OutlineSection[];
  readonly groups: readonly OutlineGroup[];
  /** Keys of the criteria shown, in order (collapsed sections and the filter left out). */
  readonly visibleKeys: readonly string[];
  readonly reorderable: boolean;
  readonly readOnly: boolean;
  readonly listRef: React.RefObject<HTMLDivElement | null>;
  readonly applyMove: (move: OutlineMove | undefined) => void;
  readonly focusRow: (key: string) => void;
  readonly selectCriterion: (key: string | null) => void;
  readonly remove: (criterion: OutlineCriterion) => void;
  readonly rename: (sectionKey: string) => void;
}

/** Keyboard handlers of the outline's rows and section headers. */
export interface OutlineKeyboard {
  readonly onRowKeyDown: (event: React.KeyboardEvent, criterion: OutlineCriterion) => void;
  readonly onSectionKeyDown: (event: React.KeyboardEvent, group: OutlineGroup) => void;
}

/**
 * The outline's keys (C1): ↑/↓, Home and End move between criteria; Alt+↑/↓ reorders a criterion or a
 * section; Delete deletes a criterion; F2 renames a section.
 */
export function useOutlineKeyboard(parts: OutlineKeyboardParts): OutlineKeyboard {
  const { session, sectionEntries, sections, groups, visibleKeys, reorderable, readOnly, listRef } = parts;
  const { applyMove, focusRow, selectCriterion, remove, rename } = parts;

  const onRowKeyDown = (event: React.KeyboardEvent, criterion: OutlineCriterion) => {
    const index = visibleKeys.indexOf(criterion.key);
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      if (!reorderable) return;
      applyMove(planStep(groups, criterion.key, event.key === 'ArrowUp' ? -1 : 1));
      focusRow(criterion.key);
      return;
    }
    let next: string | undefined;
    if (event.key === 'ArrowDown') next = visibleKeys[index + 1];
    else if (event.key === 'ArrowUp') next = visibleKeys[index - 1];
    else if (event.key === 'Home') next = visibleKeys[0];
    else if (event.key === 'End') next = visibleKeys.at(-1);
    else if ((event.key === 'Delete' || event.key === 'Backspace') && !readOnly) {
      event.preventDefault();
      remove(criterion);
      return;
    } else return;
    event.preventDefault();
    if (next) {
      selectCriterion(next);
      focusRow(next);
    }
  };

  const onSectionKeyDown = (event: React.KeyboardEvent, group: OutlineGroup) => {
    if (!group.section) return;
    if (event.key === 'F2' && !readOnly) {
      event.preventDefault();
      rename(group.section.key);
      return;
    }
    if (!(event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) || !reorderable) return;
    event.preventDefault();
    const placement = planSectionStep(sections, group.section.key, event.key === 'ArrowUp' ? -1 : 1);
    if (placement) {
      moveKeyed(session.doc, sectionEntries, group.section.key, placement, session.localOrigin);
    }
    const key = group.section.key;
    requestAnimationFrame(() =>
      listRef.current
        ?.querySelector<HTMLElement>(`[data-section-key="${CSS.escape(key)}"] .outline-section__toggle`)
        ?.focus(),
    );
  };

  return { onRowKeyDown, onSectionKeyDown };
}
