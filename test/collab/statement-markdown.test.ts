import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type StatementJson,
  fragmentToMarkdown,
  fragmentToStatementJson,
  isCanonicalStatementMarkdown,
  markdownToStatementJson,
  statementJsonToMarkdown,
  writeMarkdownToFragment,
} from '../../src/collab/statement-markdown.ts';
import { statementSchema } from '../../src/collab/statement-schema.ts';
import { seedStandards } from './seed-standards.ts';

/** The statement document JSON in the schema's normal form (defaults filled, text runs joined). */
const normal = (json: StatementJson): StatementJson =>
  statementSchema.nodeFromJSON(json).toJSON() as StatementJson;

const doc = (...content: StatementJson[]): StatementJson => normal({ type: 'doc', content });
const p = (...content: StatementJson[]): StatementJson => ({ type: 'paragraph', content });
const text = (value: string, ...marks: string[]): StatementJson => ({
  type: 'text',
  text: value,
  ...(marks.length > 0 ? { marks: marks.map((type) => ({ type })) } : {}),
});
const linked = (value: string, href: string, title: string | null = null): StatementJson => ({
  type: 'text',
  text: value,
  marks: [{ type: 'link', attrs: { href, title } }],
});
const item = (...content: StatementJson[]): StatementJson => ({ type: 'listItem', content });

function fragmentIn(ydoc = new Y.Doc()): Y.XmlFragment {
  return ydoc.getMap<Y.XmlFragment>('criterion').set('statement', new Y.XmlFragment());
}

/** Markdown → Y.XmlFragment → (encoded update, another doc) → Markdown. */
function throughFragment(markdown: string): string {
  const source = new Y.Doc();
  writeMarkdownToFragment(fragmentIn(source), markdown);
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(source));
  const fragment = peer.getMap<Y.XmlFragment>('criterion').get('statement');
  if (!fragment) throw new Error('the statement fragment did not reach the peer');
  return fragmentToMarkdown(fragment);
}

/** Canonical Markdown and the document it stands for. */
const CANONICAL: readonly [string, string, StatementJson][] = [
  ['the empty statement', '', doc(p())],
  [
    'a paragraph',
    'The city publishes its data inventory.',
    doc(p(text('The city publishes its data inventory.'))),
  ],
  ['two paragraphs', 'First.\n\nSecond.', doc(p(text('First.')), p(text('Second.')))],
  [
    'bold',
    'A **public commitment** to data.',
    doc(p(text('A '), text('public commitment', 'bold'), text(' to data.'))),
  ],
  ['italic', 'Use *all* departments.', doc(p(text('Use '), text('all', 'italic'), text(' departments.')))],
  ['bold italic', '***both***', doc(p(text('both', 'bold', 'italic')))],
  [
    'italic inside bold',
    '**bold *and italic* too**',
    doc(p(text('bold ', 'bold'), text('and italic', 'bold', 'italic'), text(' too', 'bold'))),
  ],
  ['intraword emphasis', 'un*believ*able', doc(p(text('un'), text('believ', 'italic'), text('able')))],
  ['inline code', 'Set `minMet` to 3.', doc(p(text('Set '), text('minMet', 'code'), text(' to 3.')))],
  [
    'code holding a backtick',
    'Type ``a`b`` here.',
    doc(p(text('Type '), text('a`b', 'code'), text(' here.'))),
  ],
  [
    'a link',
    'See [the guide](https://whatworkscities.org/guide?a=1&b=2).',
    doc(p(text('See '), linked('the guide', 'https://whatworkscities.org/guide?a=1&b=2'), text('.'))),
  ],
  [
    'a link with a title',
    '[guide](https://example.org "The guide")',
    doc(p(linked('guide', 'https://example.org', 'The guide'))),
  ],
  [
    'a link to a url with spaces',
    '[file](<https://example.org/a file.pdf>)',
    doc(p(linked('file', 'https://example.org/a file.pdf'))),
  ],
  [
    'bold link text',
    '[**Open** data](https://example.org)',
    doc(
      p(
        {
          ...linked('Open', 'https://example.org'),
          marks: [{ type: 'link', attrs: { href: 'https://example.org', title: null } }, { type: 'bold' }],
        },
        linked(' data', 'https://example.org'),
      ),
    ),
  ],
  [
    'a bullet list',
    '- one\n- two\n- three',
    doc({
      type: 'bulletList',
      content: [item(p(text('one'))), item(p(text('two'))), item(p(text('three')))],
    }),
  ],
  [
    'an ordered list',
    '1. one\n2. two',
    doc({ type: 'orderedList', attrs: { start: 1 }, content: [item(p(text('one'))), item(p(text('two')))] }),
  ],
  [
    'an ordered list starting at 3',
    '3. three\n4. four',
    doc({
      type: 'orderedList',
      attrs: { start: 3 },
      content: [item(p(text('three'))), item(p(text('four')))],
    }),
  ],
  [
    'a two-digit marker indents by four',
    '9. nine\n10. ten\n\n    more',
    doc({
      type: 'orderedList',
      attrs: { start: 9 },
      content: [item(p(text('nine'))), item(p(text('ten')), p(text('more')))],
    }),
  ],
  [
    'a nested list',
    '- parent\n\n  - child\n- next',
    doc({
      type: 'bulletList',
      content: [
        item(p(text('parent')), { type: 'bulletList', content: [item(p(text('child')))] }),
        item(p(text('next'))),
      ],
    }),
  ],
  [
    'an item with two paragraphs',
    '1. first\n\n   second\n2. next',
    doc({
      type: 'orderedList',
      attrs: { start: 1 },
      content: [item(p(text('first')), p(text('second'))), item(p(text('next')))],
    }),
  ],
  [
    'two lists in a row',
    '- a\n\n* b',
    doc(
      { type: 'bulletList', content: [item(p(text('a')))] },
      { type: 'bulletList', content: [item(p(text('b')))] },
    ),
  ],
  [
    'a heading',
    '## Scope\n\nApplies to cities.',
    doc({ type: 'heading', attrs: { level: 2 }, content: [text('Scope')] }, p(text('Applies to cities.'))),
  ],
  [
    'a heading starting with a number',
    '## 1. Scope',
    doc({ type: 'heading', attrs: { level: 2 }, content: [text('1. Scope')] }),
  ],
  ['a hard break', 'line one\\\nline two', doc(p(text('line one'), { type: 'hardBreak' }, text('line two')))],
  [
    'a quote',
    '> quoted\n>\n> twice',
    doc({ type: 'blockquote', content: [p(text('quoted')), p(text('twice'))] }),
  ],
  [
    'a code block',
    '```ts\nconst a = 1;\n\nconst b = 2;\n```',
    doc({ type: 'codeBlock', attrs: { language: 'ts' }, content: [text('const a = 1;\n\nconst b = 2;')] }),
  ],
  [
    'a rule',
    'Above.\n\n---\n\nBelow.',
    doc(p(text('Above.')), { type: 'horizontalRule' }, p(text('Below.'))),
  ],
  [
    'snake_case and other literal text',
    "snake_case, 3 of 4 (75%), it's a-b: x + y = z > w",
    doc(p(text("snake_case, 3 of 4 (75%), it's a-b: x + y = z > w"))),
  ],
  [
    'escaped syntax characters',
    '5 \\* 3, \\_x\\_, \\[a\\], \\`b\\`, \\<br>, \\&amp;, C:\\\\',
    doc(p(text('5 * 3, _x_, [a], `b`, <br>, &amp;, C:\\'))),
  ],
  [
    'block syntax escaped at the start of a line',
    '\\# 1\n\n1\\. one\n\n\\- dash\n\n\\> quote',
    doc(p(text('# 1')), p(text('1. one')), p(text('- dash')), p(text('> quote'))),
  ],
  [
    'an exclamation mark before a link',
    'Wow\\![link](https://example.org)',
    doc(p(text('Wow!'), linked('link', 'https://example.org'))),
  ],
  [
    'a heading ending in #',
    '# Issue \\#',
    doc({ type: 'heading', attrs: { level: 1 }, content: [text('Issue #')] }),
  ],
];

describe('statement Markdown', () => {
  it.each(CANONICAL)('[V3] Markdown round trip: %s', (_name, markdown, expected) => {
    expect(markdownToStatementJson(markdown)).toEqual(expected);
    expect(statementJsonToMarkdown(expected)).toBe(markdown);
    expect(throughFragment(markdown)).toBe(markdown);
  });

  it('[V3] every statement in standards/**/*.json is canonical and round-trips through a fragment', () => {
    const statements = seedStandards().flatMap(({ path, standard }) =>
      standard.criteria.map((criterion) => ({
        where: `${path} ${criterion.id}`,
        markdown: criterion.statement,
      })),
    );
    expect(statements.length).toBeGreaterThan(100);
    const notCanonical = statements.filter(({ markdown }) => !isCanonicalStatementMarkdown(markdown));
    expect(notCanonical).toEqual([]);
    const changedByFragment = statements.filter(({ markdown }) => throughFragment(markdown) !== markdown);
    expect(changedByFragment).toEqual([]);
  });

  it.each([
    ['`*` bullets', '* a\n* b', '- a\n- b'],
    ['`+` bullets', '+ a', '- a'],
    ['`)` ordered lists', '1) a', '1. a'],
    ['underscore emphasis', '__bold__ and _italic_', '**bold** and *italic*'],
    ['soft line breaks', 'one\ntwo', 'one two'],
    ['indentation and trailing spaces', '  text  ', 'text'],
    ['blank lines between blocks', 'a\n\n\n\nb\n', 'a\n\nb'],
    ['loose lists', '- a\n\n- b', '- a\n- b'],
    ['setext headings', 'Title\n=====', '# Title'],
    ['closing hashes', '## Title ##', '## Title'],
    ['indented code', '    code', '```\ncode\n```'],
    ['reference links', '[b][a]\n\n[a]: https://example.org', '[b](https://example.org)'],
    ['character references', '&copy; &amp; &#35;', '© & #'],
    ['whitespace inside emphasis', '** bold **text', '\\*\\* bold \\*\\*text'],
    ['raw HTML, kept as text', '<b>x</b>', '\\<b>x\\</b>'],
    ['images, kept as text', '![map](map.png)', '!\\[map\\](map.png)'],
  ])('[V3] non-canonical %s are imported as their canonical form', (_name, markdown, canonical) => {
    expect(statementJsonToMarkdown(markdownToStatementJson(markdown))).toBe(canonical);
    expect(isCanonicalStatementMarkdown(canonical)).toBe(true);
    expect(markdownToStatementJson(canonical)).toEqual(markdownToStatementJson(markdown));
  });

  it('[V3] bold that Markdown cannot close is dropped, the words kept', () => {
    // A closing `**` between punctuation and a letter is literal in CommonMark.
    const json = doc(p(text('Note.', 'bold'), text('Then')));
    expect(statementJsonToMarkdown(json)).toBe('Note.Then');
  });

  it('[V3] whitespace at the edge of bold moves outside it', () => {
    const json = doc(p(text('very ', 'bold'), text('good')));
    expect(statementJsonToMarkdown(json)).toBe('**very** good');
  });

  it('[V3] empty paragraphs and trailing hard breaks are not written', () => {
    const json = doc(p(), p(text('Only this.'), { type: 'hardBreak' }), p());
    expect(statementJsonToMarkdown(json)).toBe('Only this.');
  });
});

describe('statement Markdown, generated documents (seeded fuzz)', () => {
  // Words start and end with a letter or digit, so bold/italic around whole words always flank;
  // inside, they hold every character the serializer has to escape. Inline code holds no backtick
  // here: marked then fails to set such a span apart when it pairs emphasis delimiters, and the
  // serializer drops the emphasis of that paragraph instead (see the canonical cases for such code).
  const wordChar = fc.constantFrom(...'abcXYZ019éß'.split(''));
  const innerChar = fc.constantFrom(...'abc09 *_[]()<>&#!`\\~-+=.:;\'"|{}/é—'.split(''));
  const word = fc
    .tuple(wordChar, fc.array(innerChar, { maxLength: 6 }), wordChar)
    .map(([first, inner, last]) => `${first}${inner.join('')}${last}`.replace(/ +/g, ' '))
    .filter((w) => !/\s$|^\s/.test(w));
  const markSet = fc.constantFrom<string[]>(
    [],
    [],
    ['bold'],
    ['italic'],
    ['bold', 'italic'],
    ['code'],
    ['link'],
  );
  const line = fc.array(fc.tuple(word, markSet), { minLength: 1, maxLength: 5 }).map((words) =>
    words.flatMap(([value, marks], index): StatementJson[] => {
      const node: StatementJson = marks.includes('link')
        ? linked(value, 'https://example.org/a_b?c=(d)')
        : marks.includes('code')
          ? text(value.replace(/`/g, "'"), 'code')
          : text(value, ...marks);
      return index === 0 ? [node] : [text(' '), node];
    }),
  );
  const paragraph = fc
    .array(line, { minLength: 1, maxLength: 3 })
    .map((lines) =>
      p(...lines.flatMap((content, index) => (index === 0 ? content : [{ type: 'hardBreak' }, ...content]))),
    );
  const heading = fc
    .tuple(fc.integer({ min: 1, max: 6 }), line)
    .map(([level, content]) => ({ type: 'heading', attrs: { level }, content }));
  const codeBlock = fc
    .tuple(
      fc.constantFrom(null, 'ts', 'json'),
      fc.array(fc.constantFrom('a = 1', '```', '', '  indented', '~~~'), { minLength: 1, maxLength: 4 }),
    )
    .map(([language, lines]) => ({
      type: 'codeBlock',
      attrs: { language },
      content: lines.join('') === '' ? [] : [text(lines.join('\n'))],
    }));
  const { block } = fc.letrec<{ block: StatementJson; list: StatementJson }>((tie) => ({
    block: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      paragraph,
      heading,
      codeBlock,
      fc.constant({ type: 'horizontalRule' }),
      tie('list'),
      fc
        .array(tie('block'), { minLength: 1, maxLength: 2 })
        .map((content) => ({ type: 'blockquote', content })),
    ),
    list: fc
      .tuple(
        fc.boolean(),
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.tuple(paragraph, fc.array(tie('block'), { maxLength: 2 })), {
          minLength: 1,
          maxLength: 3,
        }),
      )
      .map(([ordered, start, items]) => ({
        type: ordered ? 'orderedList' : 'bulletList',
        ...(ordered ? { attrs: { start } } : {}),
        content: items.map(([first, rest]) => item(first, ...rest)),
      })),
  }));
  const statement = fc.array(block, { minLength: 1, maxLength: 4 }).map((content) => doc(...content));

  it('[V3] a statement document survives document → Markdown → document exactly (seed 20240501)', () => {
    fc.assert(
      fc.property(statement, (json) => {
        const markdown = statementJsonToMarkdown(json);
        expect(markdownToStatementJson(markdown)).toEqual(json);
        expect(isCanonicalStatementMarkdown(markdown)).toBe(true);
      }),
      { seed: 20240501, numRuns: 400 },
    );
  });

  const anyText = fc.string({
    unit: fc.constantFrom(...' \t\u00a0ab1*_`[]()<>&#!\\-+=.~:|é😀\n'.split('')),
    minLength: 1,
    maxLength: 12,
  });
  const anyMarks = fc.subarray(['bold', 'italic', 'code', 'link']);
  const anyInline = fc.array(
    fc.oneof(
      fc.tuple(anyText, anyMarks).map(([value, marks]): StatementJson =>
        marks.includes('code')
          ? text(value, 'code')
          : {
              type: 'text',
              text: value,
              marks: marks.map((type) =>
                type === 'link' ? { type, attrs: { href: 'https://e.org/x y' } } : { type },
              ),
            },
      ),
      fc.constant<StatementJson>({ type: 'hardBreak' }),
    ),
    { maxLength: 6 },
  );
  const anyStatement = fc
    .array(fc.tuple(fc.constantFrom('paragraph', 'heading', 'listed'), anyInline), {
      minLength: 1,
      maxLength: 4,
    })
    .map((blocks) =>
      doc(
        ...blocks.map(([kind, content]) =>
          kind === 'paragraph'
            ? p(...content)
            : kind === 'heading'
              ? { type: 'heading', attrs: { level: 2 }, content }
              : { type: 'bulletList', content: [item(p(...content))] },
        ),
      ),
    );
  const visibleText = (json: StatementJson): string =>
    statementSchema
      .nodeFromJSON(json)
      .textBetween(0, statementSchema.nodeFromJSON(json).content.size, '', '')
      .replace(/\s+/g, '');

  it('[V3] any statement document is written as canonical Markdown that keeps every word (seed 7)', () => {
    fc.assert(
      fc.property(anyStatement, (json) => {
        const markdown = statementJsonToMarkdown(json);
        const reread = markdownToStatementJson(markdown);
        expect(statementJsonToMarkdown(reread)).toBe(markdown);
        expect(visibleText(reread)).toBe(visibleText(json));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('[V3] any Markdown text imports without error as a document whose Markdown is canonical (seed 11)', () => {
    const markdownish = fc.string({
      unit: fc.constantFrom(
        ...'ab1 \n\n\t\u00a0*_`[]()<>&#!\\-+=.~>|:'.split(''),
        ...[
          '- ',
          '* ',
          '1. ',
          '2) ',
          '## ',
          '> ',
          '```',
          '~~~',
          '    ',
          '](x)',
          '**',
          '***',
          '___',
          '&amp;',
          '[a]: b',
          '\n  ',
        ],
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(markdownish, (markdown) => {
        const canonical = statementJsonToMarkdown(markdownToStatementJson(markdown));
        expect(isCanonicalStatementMarkdown(canonical)).toBe(true);
      }),
      { seed: 11, numRuns: 1000 },
    );
  });
});

describe('statement fragments', () => {
  it('[C1] reading a statement never writes to the draft', () => {
    const ydoc = new Y.Doc();
    const fragment = fragmentIn(ydoc);
    writeMarkdownToFragment(fragment, '- **a**\n- b');
    // Two adjacent texts in one paragraph: y-tiptap's own reader would merge them, an edit.
    ydoc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      fragment.push([paragraph]);
      paragraph.push([new Y.XmlText('one '), new Y.XmlText('two')]);
    });
    let updates = 0;
    ydoc.on('update', () => updates++);
    expect(fragmentToMarkdown(fragment)).toBe('- **a**\n- b\n\none two');
    expect(updates).toBe(0);
  });

  it('[C1] our fragment reader agrees with the Tiptap binding on every canonical case', () => {
    for (const [, markdown] of CANONICAL) {
      const fragment = fragmentIn();
      writeMarkdownToFragment(fragment, markdown);
      expect(normal(fragmentToStatementJson(fragment))).toEqual(
        normal(yXmlFragmentToProsemirrorJSON(fragment) as StatementJson),
      );
    }
  });

  it('[V2] rewriting a statement leaves unchanged paragraphs in place, so carets there survive', () => {
    const ydoc = new Y.Doc();
    const fragment = fragmentIn(ydoc);
    writeMarkdownToFragment(fragment, 'Keep this paragraph.\n\nChange this one.');
    const kept = fragment.get(0) as Y.XmlElement;
    const caret = Y.createRelativePositionFromTypeIndex(kept.get(0) as Y.XmlText, 5);
    writeMarkdownToFragment(fragment, 'Keep this paragraph.\n\nChanged **entirely**.');
    expect(fragmentToMarkdown(fragment)).toBe('Keep this paragraph.\n\nChanged **entirely**.');
    expect(fragment.get(0)).toBe(kept);
    expect(Y.createAbsolutePositionFromRelativePosition(caret, ydoc)?.index).toBe(5);
  });

  it('[V3] writing the empty statement leaves one empty paragraph, so no editor has to add one', () => {
    const fragment = fragmentIn();
    writeMarkdownToFragment(fragment, 'Something.');
    writeMarkdownToFragment(fragment, '');
    expect(fragment.length).toBe(1);
    expect((fragment.get(0) as Y.XmlElement).nodeName).toBe('paragraph');
    expect(fragmentToMarkdown(fragment)).toBe('');
  });

  it('[V3] a fragment outside any doc is refused with a clear error', () => {
    expect(() => writeMarkdownToFragment(new Y.XmlFragment(), 'x')).toThrow(/add the fragment to a Y.Doc/);
  });
});
