import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { statementExtensions } from '../../src/collab/statement-schema.ts';
import {
  CommentHighlights,
  commentHighlightsKey,
  showCommentHighlights,
} from '../../src/ui/review/comment-highlights.ts';

const schema = getSchema(statementExtensions());

function stateWith(text: string): EditorState {
  const doc = schema.nodeFromJSON({
    type: 'doc',
    content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  });
  const plugins = CommentHighlights.config.addProseMirrorPlugins?.call({} as never) ?? [];
  return EditorState.create({ doc, plugins });
}

/** The highlighted texts, as a member sees them. */
function highlighted(state: EditorState): string[] {
  const set = commentHighlightsKey.getState(state);
  return (set?.find() ?? []).map((decoration) => state.doc.textBetween(decoration.from, decoration.to));
}

describe('R1 commented ranges highlighted in the statement editor', () => {
  it('shows the ranges it is given, leaves out ranges that no longer fit, and changes no content', () => {
    let state = stateWith('Publish open data yearly.');
    const before = state.doc;
    state = state.apply(
      showCommentHighlights(state.tr, [
        { commentId: 'c1', from: 9, to: 18 },
        { commentId: 'c2', from: 20, to: 400 },
      ]),
    );
    expect(highlighted(state)).toEqual(['open data']);
    expect(state.doc.eq(before)).toBe(true);
  });

  it('follows typing before and inside a range until the next set', () => {
    let state = stateWith('Publish open data yearly.');
    state = state.apply(showCommentHighlights(state.tr, [{ commentId: 'c1', from: 9, to: 18 }]));
    state = state.apply(state.tr.insertText('Always ', 1));
    state = state.apply(state.tr.insertText('public ', 'Always Publish open '.length + 1));
    expect(highlighted(state)).toEqual(['open public data']);
    state = state.apply(showCommentHighlights(state.tr, []));
    expect(highlighted(state)).toEqual([]);
  });
});
