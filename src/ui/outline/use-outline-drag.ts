import { useRef, useState } from 'react';
import { moveKeyed } from '../../collab/draft-edits.ts';
import type { EntryCollection } from '../../collab/draft-layout.ts';
import type { DraftSession } from '../draft/draft-session.ts';
import {
  type DropTarget,
  type OutlineCriterion,
  type OutlineGroup,
  type OutlineMove,
  type OutlineSection,
  planDrop,
} from './outline-model.ts';

const CRITERION_DRAG = 'application/x-tierline-criterion';
const SECTION_DRAG = 'application/x-tierline-section';

interface OutlineDragParts {
  readonly session: DraftSession;
  /** The areas or the parts, whichever the outline is grouped by. */
  readonly sectionEntries: EntryCollection;
  readonly sections: readonly OutlineSection[];
  readonly groups: readonly OutlineGroup[];
  readonly visibleGroups: readonly OutlineGroup[];
  readonly applyMove: (move: OutlineMove | undefined) => void;
  readonly focusRow: (key: string) => void;
}

/** Handlers of the outline's native HTML5 drag and drop, and where a drop would land now. */
export interface OutlineDrag {
  readonly drop: DropTarget | undefined;
  readonly clearDrop: () => void;
  readonly startRowDrag: (event: React.DragEvent, criterion: OutlineCriterion) => void;
  readonly dragOverRow: (event: React.DragEvent<HTMLElement>, criterion: OutlineCriterion) => void;
  readonly startSectionDrag: (event: React.DragEvent, section: OutlineSection | undefined) => void;
  readonly dragOverSection: (
    event: React.DragEvent,
    section: OutlineSection | undefined,
    groupIndex: number,
  ) => void;
  readonly dropped: (event: React.DragEvent) => void;
  readonly dragEnded: () => void;
}

/** Drag and drop in the outline (C1): rows onto rows or section headers; sections onto sections. */
export function useOutlineDrag(parts: OutlineDragParts): OutlineDrag {
  const { session, sectionEntries, sections, groups, visibleGroups, applyMove, focusRow } = parts;
  const [drop, setDrop] = useState<DropTarget | undefined>();
  const dragged = useRef<{ kind: 'criterion' | 'section'; key: string } | undefined>(undefined);

  const dragOverRow = (event: React.DragEvent<HTMLElement>, criterion: OutlineCriterion) => {
    if (dragged.current?.kind !== 'criterion') return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const box = event.currentTarget.getBoundingClientRect();
    const side = event.clientY < box.top + box.height / 2 ? 'before' : 'after';
    if (drop?.kind !== 'criterion' || drop.key !== criterion.key || drop.side !== side) {
      setDrop({ kind: 'criterion', key: criterion.key, side });
    }
  };
  const dropped = (event: React.DragEvent) => {
    event.preventDefault();
    const source = dragged.current;
    dragged.current = undefined;
    const target = drop;
    setDrop(undefined);
    if (!source || !target) return;
    if (source.kind === 'criterion') {
      applyMove(planDrop(groups, source.key, target));
      focusRow(source.key);
    } else if (target.kind === 'section') {
      const targetKey = visibleGroups[target.groupIndex]?.section?.key;
      const from = sections.findIndex((section) => section.key === source.key);
      const to = sections.findIndex((section) => section.key === targetKey);
      if (targetKey && from >= 0 && to >= 0 && from !== to) {
        moveKeyed(
          session.doc,
          sectionEntries,
          source.key,
          from < to ? { after: targetKey } : { before: targetKey },
          session.localOrigin,
        );
      }
    }
  };

  return {
    drop,
    clearDrop: () => setDrop(undefined),
    startRowDrag: (event, criterion) => {
      dragged.current = { kind: 'criterion', key: criterion.key };
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData(CRITERION_DRAG, criterion.key);
    },
    dragOverRow,
    startSectionDrag: (event, section) => {
      if (!section) return;
      dragged.current = { kind: 'section', key: section.key };
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData(SECTION_DRAG, section.key);
    },
    dragOverSection: (event, section, groupIndex) => {
      if (!section || !dragged.current) return;
      event.preventDefault();
      if (drop?.kind !== 'section' || drop.groupIndex !== groupIndex)
        setDrop({ kind: 'section', groupIndex });
    },
    dropped,
    dragEnded: () => {
      dragged.current = undefined;
      setDrop(undefined);
    },
  };
}
