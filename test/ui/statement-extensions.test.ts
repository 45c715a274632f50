import { getSchema } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { statementSchema } from '../../src/collab/statement-schema.ts';
import { browserStatementExtensions } from '../../src/ui/criterion/statement-extensions.ts';

describe('the browser statement editor', () => {
  it('[C1] has exactly the server’s statement schema (same nodes, marks and attributes)', () => {
    const browser = getSchema(browserStatementExtensions());
    const shape = (schema: typeof statementSchema) => ({
      nodes: Object.fromEntries(
        Object.entries(schema.nodes).map(([name, type]) => [name, Object.keys(type.spec.attrs ?? {})]),
      ),
      marks: Object.fromEntries(
        Object.entries(schema.marks).map(([name, type]) => [name, Object.keys(type.spec.attrs ?? {})]),
      ),
    });
    expect(shape(browser)).toEqual(shape(statementSchema));
    expect(Object.keys(browser.marks)).toContain('link');
  });

  it('keeps undo to Y.UndoManager: ProseMirror history stays off', () => {
    const names = browserStatementExtensions().flatMap((extension) =>
      extension.name === 'starterKit' ? [extension.options as Record<string, unknown>] : [],
    );
    expect(names[0]?.['undoRedo']).toBe(false);
    expect((names[0]?.['link'] as Record<string, unknown>)['openOnClick']).toBe(false);
  });
});
