import { describe, expect, it } from 'vitest';
import { hrefs, parseRoute } from '../../src/ui/shell/routes.ts';

describe('the full-screen impact preview route', () => {
  it('[I1] /drafts/<id>/impact opens the draft with the impact preview full screen', () => {
    expect(parseRoute('/drafts/what-works-cities-draft/impact')).toEqual({
      name: 'draft',
      draftId: 'what-works-cities-draft',
      view: 'impact',
    });
    expect(parseRoute(hrefs.draftImpact('a draft/2'))).toEqual({
      name: 'draft',
      draftId: 'a draft/2',
      view: 'impact',
    });
    expect(parseRoute('/drafts/x/impact/')).toEqual({ name: 'draft', draftId: 'x', view: 'impact' });
    expect(parseRoute('/drafts/x')).toEqual({ name: 'draft', draftId: 'x' });
    expect(parseRoute('/drafts/x/other')).toEqual({ name: 'not-found', path: '/drafts/x/other' });
  });
});
