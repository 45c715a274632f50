import type { Mark, Node as ProseMirrorNode } from '@tiptap/pm/model';
import { type InlineRun, isCodeRun, normalizeLine, sameRuns } from './statement-inline-runs.ts';
import { type TextblockContext, parseTextblock } from './statement-markdown-parse.ts';

/**
 * Statement document → canonical Markdown (the rules are listed in `statement-markdown.ts`).
 * Tolerant of documents that break the schema (a fragment merged from concurrent edits can): blocks
 * it does not know are written as their children, stray inline content as a paragraph.
 */
export function serializeStatement(doc: ProseMirrorNode): string {
  return renderChildren(doc);
}

const BLOCK_SEPARATOR = '\n\n';
const HARD_BREAK = '\\\n';
const HORIZONTAL_RULE = '---';

/** Bullet and ordered-list delimiters; a list right after a list of the same kind uses the other one, or Markdown would join them. */
const BULLETS = ['-', '*'] as const;
const ORDERED_DELIMITERS = ['.', ')'] as const;

/** A list as written: its node type and which of the two markers it used. */
interface WrittenList {
  readonly type: string;
  readonly variant: 0 | 1;
}

/**
 * @param enclosingList The list `container` is an item of. A nested list written first in an item
 *   (its paragraph empty) counts as following it, so `- - -` (a horizontal rule) becomes `- * -`.
 */
function renderChildren(container: ProseMirrorNode, enclosingList?: WrittenList): string {
  const rendered: string[] = [];
  let previousList: WrittenList | undefined = enclosingList;
  let pendingInline: ProseMirrorNode[] = [];
  const push = (markdown: string, list?: WrittenList): void => {
    if (markdown === '') return;
    rendered.push(markdown);
    previousList = list;
  };
  const flushInline = (): void => {
    if (pendingInline.length === 0) return;
    push(renderTextblock(linesOf(pendingInline), 'paragraph'));
    pendingInline = [];
  };
  container.forEach((child) => {
    if (child.isInline) {
      pendingInline.push(child);
      return;
    }
    flushInline();
    if (isList(child)) {
      const variant = previousList?.type === child.type.name && previousList.variant === 0 ? 1 : 0;
      push(renderList(child, variant), { type: child.type.name, variant });
    } else {
      push(renderBlock(child));
    }
  });
  flushInline();
  return rendered.join(BLOCK_SEPARATOR);
}

const isList = (node: ProseMirrorNode): boolean =>
  node.type.name === 'bulletList' || node.type.name === 'orderedList';

function renderBlock(node: ProseMirrorNode): string {
  switch (node.type.name) {
    case 'paragraph':
      return renderTextblock(linesOf(childrenOf(node)), 'paragraph');
    case 'heading':
      return renderHeading(node);
    case 'blockquote':
      return prefixLines(renderChildren(node), '> ', '>') || '>';
    case 'codeBlock':
      return renderCodeBlock(node);
    case 'horizontalRule':
      return HORIZONTAL_RULE;
    default:
      return node.isTextblock
        ? renderTextblock(linesOf(childrenOf(node)), 'paragraph')
        : renderChildren(node);
  }
}

function childrenOf(node: ProseMirrorNode): ProseMirrorNode[] {
  const children: ProseMirrorNode[] = [];
  node.forEach((child) => children.push(child));
  return children;
}

/**
 * Inline nodes → normalized lines; hard breaks and newline characters end a line. A block found
 * among them (a fragment merged from concurrent edits can hold one) gives its text as lines of its own.
 */
function linesOf(inline: readonly ProseMirrorNode[]): InlineRun[][] {
  const lines: InlineRun[][] = [];
  let current: InlineRun[] = [];
  lines.push(current);
  const newLine = (): void => {
    current = [];
    lines.push(current);
  };
  const add = (node: ProseMirrorNode): void => {
    if (node.isText) {
      (node.text ?? '').split('\n').forEach((part, index) => {
        if (index > 0) newLine();
        current.push({ text: part, marks: node.marks });
      });
    } else if (node.type.name === 'hardBreak') {
      newLine();
    } else if (node.isBlock) {
      newLine();
      node.forEach(add);
      newLine();
    }
  };
  inline.forEach(add);
  const normalized = lines.map(normalizeLine);
  // `\` at the very end of a block is a literal backslash, so trailing breaks cannot be written.
  while (normalized.length > 0 && normalized[normalized.length - 1]?.length === 0) normalized.pop();
  return normalized;
}

function renderHeading(node: ProseMirrorNode): string {
  // An ATX heading is one line: hard breaks inside a heading become spaces.
  const runs = linesOf(childrenOf(node)).flatMap((line, index) =>
    index === 0 ? line : [{ text: ' ', marks: [] }, ...line],
  );
  const text = renderTextblock([normalizeLine(runs)], 'heading');
  const levelAttr: unknown = node.attrs['level'];
  const level = typeof levelAttr === 'number' ? Math.min(Math.max(levelAttr, 1), 6) : 1;
  return `${'#'.repeat(level)}${text === '' ? '' : ` ${text}`}`;
}

function renderList(list: ProseMirrorNode, variant: 0 | 1): string {
  const ordered = list.type.name === 'orderedList';
  const startAttr: unknown = list.attrs['start'];
  const start =
    typeof startAttr === 'number' && Number.isInteger(startAttr) && startAttr >= 0 ? startAttr : 1;
  const items: string[] = [];
  list.forEach((item, _offset, index) => {
    const marker = ordered ? `${start + index}${ORDERED_DELIMITERS[variant]}` : BULLETS[variant];
    const body = renderChildren(item, { type: list.type.name, variant });
    if (body === '') {
      items.push(marker);
      return;
    }
    const indent = ' '.repeat(marker.length + 1);
    const [firstLine = '', ...rest] = body.split('\n');
    // `- ---` would be one horizontal rule, not an item holding one.
    const first = firstLine === HORIZONTAL_RULE ? '___' : firstLine;
    items.push([`${marker} ${first}`, ...rest.map((line) => (line === '' ? '' : indent + line))].join('\n'));
  });
  return items.join('\n');
}

function prefixLines(markdown: string, prefix: string, prefixForBlank: string): string {
  if (markdown === '') return '';
  return markdown
    .split('\n')
    .map((line) => (line === '' ? prefixForBlank : prefix + line))
    .join('\n');
}

function renderCodeBlock(node: ProseMirrorNode): string {
  const text = node.textContent;
  const languageAttr: unknown = node.attrs['language'];
  const language = typeof languageAttr === 'string' ? languageAttr.replace(/\s+/g, ' ').trim() : '';
  // A backtick fence cannot carry a backtick in its info string.
  const fenceChar = language.includes('`') ? '~' : '`';
  const fence = fenceChar.repeat(Math.max(3, longestRun(text, fenceChar) + 1));
  // marked removes one backslash before punctuation in the info string; a leading fence character
  // would lengthen the fence.
  const escaped = language.replace(/\\/g, '\\\\');
  const info = escaped.startsWith(fenceChar) ? ` ${escaped}` : escaped;
  return text === '' ? `${fence}${info}\n${fence}` : `${fence}${info}\n${text}\n${fence}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

/** Marks left out, in turn, when Markdown cannot express a textblock's marks exactly. */
const FALLBACKS: readonly (readonly string[])[] = [
  [],
  ['italic'],
  ['italic', 'bold'],
  ['italic', 'bold', 'link'],
];

/**
 * Renders a paragraph's lines (or a heading's one line), then — when it has marks other than inline
 * code — parses it back. Where Markdown cannot express a mark at that spot (`**a.**b`: a closing
 * `**` between punctuation and a letter is literal), the block is written again with fewer marks, so
 * no stray `*` ever reaches a file and the words always survive. Inline code always survives.
 */
function renderTextblock(lines: readonly InlineRun[][], context: TextblockContext): string {
  let markdown = '';
  for (const dropped of FALLBACKS) {
    const attempt = lines.map((line) =>
      normalizeLine(
        line.map((run) => ({ ...run, marks: run.marks.filter((mark) => !dropped.includes(mark.type.name)) })),
      ),
    );
    markdown = renderLines(attempt, context);
    const onlyCodeMarks = attempt.every((line) =>
      line.every((run) => run.marks.every((mark) => mark.type.name === 'code')),
    );
    if (onlyCodeMarks) return markdown;
    const parsed = parseTextblock(markdown, context);
    if (
      parsed?.length === attempt.length &&
      parsed.every((line, index) => sameRuns(line, attempt[index] ?? []))
    ) {
      return markdown;
    }
  }
  return markdown;
}

function renderLines(lines: readonly InlineRun[][], context: TextblockContext): string {
  const fences: CodeFences = { previous: undefined };
  return lines.map((line) => renderLine(line, context, fences)).join(HARD_BREAK);
}

/**
 * The fence of the last code span written in a textblock. marked hides `` `…` `` stretches from its
 * emphasis matching by pattern, not by parsed span: the closing fence of a span that holds backticks
 * pairs with the next fence of the same length, hiding the `**` in between. So that next fence is
 * made one longer.
 */
interface CodeFences {
  previous: { readonly length: number; readonly holdsBackticks: boolean } | undefined;
}

function renderLine(runs: readonly InlineRun[], context: TextblockContext, fences: CodeFences): string {
  let out = '';
  const open: Mark[] = [];
  runs.forEach((run, index) => {
    const marks = run.marks.filter((mark) => mark.type.name !== 'code');
    let keep = 0;
    while (keep < open.length && open[keep]?.isInSet(marks)) keep++;
    while (open.length > keep) out += closingDelimiter(open.pop());
    // A mark that lasts longer opens first (outside), so marks stay nested; ties keep schema rank.
    const opening = marks
      .filter((mark) => !mark.isInSet(open))
      .sort((a, b) => extentOf(b, runs, index) - extentOf(a, runs, index));
    for (const mark of opening) {
      // `![` would start an image.
      if (mark.type.name === 'link' && out.endsWith('!')) out = `${out.slice(0, -1)}\\!`;
      out += openingDelimiter(mark);
      open.push(mark);
    }
    if (isCodeRun(run)) {
      out += codeSpan(run.text, fences);
    } else {
      const escaped = escapeText(run.text);
      out += out === '' && context === 'paragraph' ? escapeLineStart(escaped) : escaped;
    }
  });
  while (open.length > 0) out += closingDelimiter(open.pop());
  // A heading's trailing `#`s would be read as its closing sequence.
  return context === 'heading' && out.endsWith('#') ? `${out.slice(0, -1)}\\#` : out;
}

/** How many runs, from `index` on, keep `mark`. */
function extentOf(mark: Mark, runs: readonly InlineRun[], index: number): number {
  let end = index;
  while (end < runs.length && mark.isInSet(runs[end]?.marks ?? [])) end++;
  return end - index;
}

function openingDelimiter(mark: Mark): string {
  switch (mark.type.name) {
    case 'bold':
      return '**';
    case 'italic':
      return '*';
    case 'link':
      return '[';
    default:
      return '';
  }
}

function closingDelimiter(mark: Mark | undefined): string {
  switch (mark?.type.name) {
    case 'bold':
      return '**';
    case 'italic':
      return '*';
    case 'link': {
      const href = typeof mark.attrs['href'] === 'string' ? mark.attrs['href'] : '';
      const title =
        typeof mark.attrs['title'] === 'string' && mark.attrs['title'] !== ''
          ? mark.attrs['title']
          : undefined;
      return `](${linkDestination(href)}${title === undefined ? '' : ` "${title.replace(/[\\"]/g, '\\$&')}"`})`;
    }
    default:
      return '';
  }
}

function linkDestination(href: string): string {
  const bare = href !== '' && !/[\s<>()\\]/.test(href) && [...href].every((char) => char >= ' ');
  if (bare) return href;
  return `<${href.replace(/[\\<>]/g, '\\$&')}>`;
}

/** A code span whose fence is longer than any backtick run inside, padded where Markdown strips a space. */
function codeSpan(text: string, fences: CodeFences): string {
  const inner = longestRun(text, '`');
  let length = inner + 1;
  if (fences.previous?.holdsBackticks === true && fences.previous.length === length) length++;
  fences.previous = { length, holdsBackticks: inner > 0 };
  const fence = '`'.repeat(length);
  const pad = text.startsWith('`') || text.endsWith('`') || (/^ [\s\S]* $/.test(text) && /[^ ]/.test(text));
  return pad ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const CHARACTER_REFERENCE_AHEAD = /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/;

/** Backslash-escapes the characters that would otherwise be Markdown syntax anywhere in a line. */
function escapeText(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    const previous = text.charAt(index - 1);
    const next = text.charAt(index + 1);
    switch (char) {
      case '\\':
        out += next === '' || ASCII_PUNCTUATION.test(next) ? '\\\\' : '\\';
        break;
      case '*':
      case '`':
      case '[':
      case ']':
        out += `\\${char}`;
        break;
      case '_':
        // Between two letters or digits `_` can neither open nor close emphasis: `snake_case` stays as is.
        out += WORD_CHARACTER.test(previous) && WORD_CHARACTER.test(next) ? '_' : '\\_';
        break;
      case '<':
        // Not only tags: marked skips any `<…>` when it pairs emphasis delimiters, so `**a<b** c>` would stay literal.
        out += next === ' ' ? '<' : '\\<';
        break;
      case '&':
        out += CHARACTER_REFERENCE_AHEAD.test(text.slice(index)) ? '\\&' : '&';
        break;
      default:
        out += char;
    }
  }
  return out;
}

/** Escapes what would start a block (heading, quote, list, rule, setext underline, fence) at the start of a line. */
function escapeLineStart(line: string): string {
  // marked reads any whitespace (even a non-breaking space) after a marker as the marker's end.
  const ordered = /^(\d{1,9})([.)])(?=\s|$)/u.exec(line);
  if (ordered?.[1] !== undefined) return `${ordered[1]}\\${line.slice(ordered[1].length)}`;
  const startsBlock =
    /^#{1,6}(?:\s|$)/u.test(line) ||
    line.startsWith('>') ||
    /^[-+](?:\s|$)/u.test(line) ||
    /^(?:-\s*)+$/u.test(line) ||
    /^=+\s*$/u.test(line) ||
    line.startsWith('~~~');
  return startsBlock ? `\\${line}` : line;
}
