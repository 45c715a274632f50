import { Extension } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

/** A commented range of the statement, in the editor's positions (from `resolveStatementAnchor`). */
export interface HighlightedRange {
  readonly commentId: string;
  readonly from: number;
  readonly to: number;
  /** The comment the member has selected in the margin. */
  readonly active?: boolean;
}

export const commentHighlightsKey = new PluginKey<DecorationSet>('commentHighlights');

/** The decorations for `ranges` in `doc`; ranges outside the document (it changed meanwhile) are left out. */
export function highlightDecorations(
  doc: ProseMirrorNode,
  ranges: readonly HighlightedRange[],
): DecorationSet {
  const size = doc.content.size;
  return DecorationSet.create(
    doc,
    ranges
      .filter((range) => range.from >= 0 && range.to <= size && range.from < range.to)
      .map((range) =>
        Decoration.inline(range.from, range.to, {
          class: `comment-highlight${range.active ? ' comment-highlight--active' : ''}`,
          'data-comment-id': range.commentId,
        }),
      ),
  );
}

/**
 * Marks the commented ranges of a statement in its editor (R1). The ranges are set whole with
 * {@link showCommentHighlights} (when the comments or the anchors' resolution change); between two sets, they
 * follow every edit of the document — local typing and collaborators' edits alike — by mapping.
 */
export const CommentHighlights = Extension.create({
  name: 'commentHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: commentHighlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (transaction, set) => {
            const ranges = transaction.getMeta(commentHighlightsKey) as
              readonly HighlightedRange[] | undefined;
            return ranges
              ? highlightDecorations(transaction.doc, ranges)
              : set.map(transaction.mapping, transaction.doc);
          },
        },
        props: { decorations: (state) => commentHighlightsKey.getState(state) },
      }),
    ];
  },
});

/** The transaction that sets the highlighted ranges: it changes no content and is no undo step. */
export function showCommentHighlights(
  transaction: Transaction,
  ranges: readonly HighlightedRange[],
): Transaction {
  return transaction.setMeta(commentHighlightsKey, ranges).setMeta('addToHistory', false);
}
