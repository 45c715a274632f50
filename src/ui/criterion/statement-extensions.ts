import type { AnyExtension } from '@tiptap/core';
import { statementExtensions } from '../../collab/statement-schema.ts';

/**
 * The statement schema's extensions as the browser editor uses them: the same nodes and marks as
 * the server (so every statement fragment means the same to both), with editing behaviour tuned
 * for an editor — a click on a link places the caret instead of leaving the page. Only plugin
 * options change here, never the schema; a unit test holds that.
 */
export function browserStatementExtensions(): AnyExtension[] {
  return statementExtensions().map((extension) =>
    extension.name === 'starterKit'
      ? extension.configure({ link: { openOnClick: false, autolink: true, defaultProtocol: 'https' } })
      : extension,
  );
}
