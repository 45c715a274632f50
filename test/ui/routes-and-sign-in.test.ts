import { describe, expect, it } from 'vitest';
import { hrefs, parseRoute } from '../../src/ui/shell/routes.ts';
import { tokenFromHash, tokenFromPaste } from '../../src/ui/sign-in/invite-token.ts';

describe('routes', () => {
  it('reads the page from the path, ignoring a trailing slash', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('/sign-in')).toEqual({ name: 'sign-in' });
    expect(parseRoute('/sign-in/')).toEqual({ name: 'sign-in' });
    expect(parseRoute('/drafts/what-works-cities-draft')).toEqual({
      name: 'draft',
      draftId: 'what-works-cities-draft',
    });
    expect(parseRoute('/drafts/a%20b/')).toEqual({ name: 'draft', draftId: 'a b' });
    expect(parseRoute('/drafts/')).toEqual({ name: 'not-found', path: '/drafts' });
    expect(parseRoute('/drafts/%E0%A4%A')).toEqual({ name: 'not-found', path: '/drafts/%E0%A4%A' });
    expect(parseRoute('/elsewhere')).toEqual({ name: 'not-found', path: '/elsewhere' });
  });

  it('links round-trip through the parser', () => {
    const id = 'green building/draft?';
    expect(parseRoute(hrefs.draft(id))).toEqual({ name: 'draft', draftId: id });
  });
});

describe('invite tokens', () => {
  it('[P3] reads the token from the fragment of a sign-in link', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('token=abc123')).toBe('abc123');
    expect(tokenFromHash('#token=%20abc%20')).toBe('abc');
    expect(tokenFromHash('#other=1&token=xyz')).toBe('xyz');
    expect(tokenFromHash('')).toBeUndefined();
    expect(tokenFromHash('#')).toBeUndefined();
    expect(tokenFromHash('#token=')).toBeUndefined();
  });

  it('[P3] accepts a pasted token or a whole pasted sign-in link', () => {
    expect(tokenFromPaste('  abc123 ')).toBe('abc123');
    expect(tokenFromPaste('http://127.0.0.1:8787/sign-in#token=abc123')).toBe('abc123');
    expect(tokenFromPaste('two words')).toBeUndefined();
    expect(tokenFromPaste('   ')).toBeUndefined();
  });
});
