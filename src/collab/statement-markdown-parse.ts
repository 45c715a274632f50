import { MarkdownManager } from '@tiptap/markdown';
import type { Mark, MarkType, Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { MarkedToken, Token, Tokens } from 'marked';
import { type InlineRun, mergeRuns, normalizeLine } from './statement-inline-runs.ts';
import { statementSchema } from './statement-schema.ts';

/**
 * Markdown → statement document, without a DOM: marked's CommonMark lexer, then our own token walk.
 * Constructs the schema cannot hold (images, raw HTML, unknown blocks) are kept as their literal
 * source text, so an import never drops words silently; they come back escaped on export.
 */

// marked is @tiptap/markdown's parser; reaching it through MarkdownManager keeps us on the declared
// dependency. Fresh default options (not the shared instance's) so extensions another module
// registers on that instance cannot change how statements parse. CommonMark without GFM: no
// tables, strikethrough or bare-URL autolinks, none of which the schema or the serializer has.
const markedInstance = new MarkdownManager({ extensions: [] }).instance;

function lexMarkdown(markdown: string): Token[] {
  return markedInstance.lexer(markdown, { ...markedInstance.getDefaults(), gfm: false, breaks: false });
}

type JsonNode = Record<string, unknown> & { type: string };

function markType(name: 'bold' | 'italic' | 'code' | 'link'): MarkType {
  const type = statementSchema.marks[name];
  if (type === undefined) throw new Error(`the statement schema has no ${name} mark`);
  return type;
}

const bold = markType('bold');
const italic = markType('italic');
const code = markType('code');
const link = markType('link');

/** Parses Markdown into a statement document that satisfies the schema (an empty input gives one empty paragraph). */
export function parseStatementMarkdown(markdown: string): ProseMirrorNode {
  const content = blocksFrom(lexMarkdown(markdown));
  const doc = statementSchema.nodeFromJSON({
    type: 'doc',
    content: content.length > 0 ? content : [{ type: 'paragraph' }],
  });
  doc.check();
  return doc;
}

/** What a textblock is written as: a paragraph (lines joined by hard breaks) or an ATX heading (one line). */
export type TextblockContext = 'paragraph' | 'heading';

/**
 * Parses the Markdown of one paragraph or heading as the serializer wrote it, into its lines of runs;
 * `undefined` when it does not come back as that single block. The serializer checks its output with it.
 */
export function parseTextblock(markdown: string, context: TextblockContext): InlineRun[][] | undefined {
  const tokens = lexMarkdown(context === 'heading' ? `# ${markdown}` : markdown).filter(
    (token) => token.type !== 'space',
  );
  const [only] = tokens;
  if (
    tokens.length !== 1 ||
    only === undefined ||
    only.type !== (context === 'heading' ? 'heading' : 'paragraph')
  ) {
    return undefined;
  }
  return linesFrom((only as Tokens.Paragraph | Tokens.Heading).tokens, []);
}

function blocksFrom(tokens: readonly Token[]): JsonNode[] {
  return tokens.flatMap((token) => blockFrom(token as MarkedToken));
}

function blockFrom(token: MarkedToken): JsonNode[] {
  switch (token.type) {
    case 'space':
    case 'def': // link definitions are folded into the links that use them
      return [];
    case 'paragraph':
      return [textblock('paragraph', undefined, linesFrom(token.tokens, []))];
    case 'text': // the tight-list form of a paragraph
      return [textblock('paragraph', undefined, linesFrom(token.tokens ?? [token], []))];
    case 'heading':
      return [
        textblock('heading', { level: Math.min(Math.max(token.depth, 1), 6) }, linesFrom(token.tokens, [])),
      ];
    case 'code':
      return [
        {
          type: 'codeBlock',
          attrs: { language: token.codeBlockStyle === 'indented' || !token.lang ? null : token.lang },
          content: token.text === '' ? [] : [{ type: 'text', text: token.text }],
        },
      ];
    case 'hr':
      return [{ type: 'horizontalRule' }];
    case 'blockquote':
      return [{ type: 'blockquote', content: nonEmptyBlocks(blocksFrom(token.tokens)) }];
    case 'list':
      return [
        {
          type: token.ordered ? 'orderedList' : 'bulletList',
          ...(token.ordered ? { attrs: { start: token.start === '' ? 1 : token.start } } : {}),
          content: token.items.map((item) => ({
            type: 'listItem',
            content: startingWithParagraph(blocksFrom(item.tokens)),
          })),
        },
      ];
    default:
      return [literalParagraph(token.raw)];
  }
}

function textblock(
  type: string,
  attrs: Record<string, unknown> | undefined,
  lines: readonly InlineRun[][],
): JsonNode {
  // A hard break at the very end of a block cannot be written in Markdown (`\` there is a backslash).
  const kept = [...lines];
  while (kept.length > 1 && kept[kept.length - 1]?.length === 0) kept.pop();
  const content: JsonNode[] = [];
  kept.forEach((line, index) => {
    if (index > 0) content.push({ type: 'hardBreak' });
    for (const run of line)
      content.push({
        type: 'text',
        text: run.text,
        marks: run.marks.map((mark) => mark.toJSON() as JsonNode),
      });
  });
  return { type, ...(attrs ? { attrs } : {}), content };
}

/** Source the schema has no node for, kept word for word as a paragraph, one line per source line. */
function literalParagraph(raw: string): JsonNode {
  const lines = raw
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => normalizeLine([{ text: line, marks: [] }]));
  return textblock('paragraph', undefined, lines);
}

function nonEmptyBlocks(blocks: JsonNode[]): JsonNode[] {
  return blocks.length > 0 ? blocks : [{ type: 'paragraph' }];
}

/** The schema's list item starts with a paragraph; Markdown's (`- ## Title`, `- - nested`) need not. */
function startingWithParagraph(blocks: JsonNode[]): JsonNode[] {
  return blocks[0]?.type === 'paragraph' ? blocks : [{ type: 'paragraph' }, ...blocks];
}

/** Inline tokens → normalized lines of runs; `br` tokens end lines. */
function linesFrom(tokens: readonly Token[], marks: readonly Mark[]): InlineRun[][] {
  const lines: InlineRun[][] = [[]];
  const append = (run: InlineRun): void => {
    lines[lines.length - 1]?.push(run);
  };
  const walk = (inline: readonly Token[], active: readonly Mark[]): void => {
    for (const token of inline as readonly MarkedToken[]) {
      switch (token.type) {
        case 'text':
          // Block-level text (a tight list item's paragraph) carries inline tokens; inline text does not.
          if (token.tokens) {
            walk(token.tokens, active);
          } else {
            append({ text: decodeEntities(softBreaksAsSpaces(token.text)), marks: active });
          }
          break;
        case 'escape':
          append({ text: token.text, marks: active });
          break;
        case 'strong':
          walk(token.tokens, bold.create().addToSet(active));
          break;
        case 'em':
          walk(token.tokens, italic.create().addToSet(active));
          break;
        case 'codespan':
          append({ text: token.text, marks: code.create().addToSet(active) });
          break;
        case 'link':
          walk(token.tokens, link.create({ href: token.href, title: token.title || null }).addToSet(active));
          break;
        case 'br':
          lines.push([]);
          break;
        default:
          // Images, raw HTML and anything else the schema cannot hold stay as literal text.
          append({ text: softBreaksAsSpaces(token.raw), marks: active });
      }
    }
  };
  walk(tokens, marks);
  return lines.map((line) => normalizeLine(mergeRuns(line)));
}

/** A soft line break is a space in rendered Markdown; the editor shows it as one. */
function softBreaksAsSpaces(text: string): string {
  return text.replace(/[ \t]*\n[ \t]*/g, ' ');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  times: '×',
  deg: '°',
  euro: '€',
  sect: '§',
  para: '¶',
  middot: '·',
  bull: '•',
};

/**
 * Decodes numeric and common named character references, which marked leaves in the text. Other
 * named references stay literal; the serializer escapes their `&`, so they survive a round trip.
 */
function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));/g,
    (whole: string, dec?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMED_ENTITIES[name] ?? whole;
      const codePoint = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
      const valid = codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
      return valid ? String.fromCodePoint(codePoint) : '\uFFFD';
    },
  );
}
