import { describe, expect, it } from 'vitest';
import {
  type Member,
  eventually,
  forgetExpectedRefusals,
  openCriterion,
  openDraft,
  saveScreenshot,
} from './browser-harness.ts';
import { useE2eSession } from './e2e-session.ts';

/** The members table's rows as `name:role`, top to bottom. */
async function memberRows(page: Member['page']): Promise<string[]> {
  return page
    .getByTestId('member-row')
    .evaluateAll((rows) =>
      rows.map((row) => `${row.getAttribute('data-name')}:${row.getAttribute('data-role')}`),
    );
}

/** The open invites' names. */
async function inviteNames(page: Member['page']): Promise<string[]> {
  return page
    .getByTestId('invite-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name') ?? ''));
}

const memberRow = (page: Member['page'], name: string) =>
  page.locator(`[data-testid="member-row"][data-name="${name}"]`);

/**
 * Issue 11's members page (H8, P3) against the members and invites API: a chair invites with a
 * one-time link, changes roles, removes members and revokes invites; the last chair cannot be demoted.
 */
describe('the members page in Chromium', () => {
  const session = useE2eSession();

  it('[H8][P3] a chair invites with a copyable one-time link, changes a role, revokes an invite and removes a member; the last chair stays a chair', async () => {
    const ana = await session.member('Ana Ruiz', 'chair');
    const ben = await session.member('Ben Okafor', 'editor');

    // Only chairs see the link to the members page.
    await ana.page.getByTestId('members-link').waitFor();
    expect(await ben.page.getByTestId('members-link').count()).toBe(0);
    await ana.page.getByTestId('members-link').click();
    await ana.page.getByTestId('member-table').waitFor();
    expect(await memberRows(ana.page)).toEqual(['Ana Ruiz:chair', 'Ben Okafor:editor']);
    expect(await memberRow(ana.page, 'Ana Ruiz').getByTestId('member-last-sign-in').innerText()).toBe(
      'just now',
    );

    // Invite: the link is shown once, with Copy.
    await ana.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.server.url });
    await ana.page.getByTestId('invite-name').fill('Dana Reviewer');
    await ana.page.getByTestId('invite-role').selectOption('viewer');
    await ana.page.getByTestId('invite-submit').click();
    const created = ana.page.getByTestId('invite-created');
    await created.waitFor();
    expect(await created.innerText()).toContain('This link is shown only once');
    const link = await ana.page.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/\/sign-in#token=/);
    await ana.page.getByTestId('invite-copy').click();
    await eventually(
      'the Copy button to say Copied',
      () => ana.page.getByTestId('invite-copy').innerText(),
      (text) => text.includes('Copied'),
    );
    expect(await ana.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await eventually(
      'Dana to be an open invite',
      () => inviteNames(ana.page),
      (names) => names.includes('Dana Reviewer'),
    );
    await saveScreenshot(ana.page, 'members-1-invite-link');

    // A second invite, revoked: it leaves the open invites.
    await ana.page.getByTestId('invite-name').fill('Eve Stranger');
    await ana.page.getByTestId('invite-submit').click();
    await eventually(
      'Eve to be an open invite',
      () => inviteNames(ana.page),
      (names) => names.includes('Eve Stranger'),
    );
    await ana.page
      .locator('[data-testid="invite-row"][data-name="Eve Stranger"]')
      .getByTestId('invite-revoke')
      .click();
    await eventually(
      'Eve’s invite to be gone',
      () => inviteNames(ana.page),
      (names) => !names.includes('Eve Stranger'),
    );

    // Ben becomes a viewer.
    await memberRow(ana.page, 'Ben Okafor').getByTestId('member-role').selectOption('viewer');
    await eventually(
      'Ben to be a viewer',
      () => memberRows(ana.page),
      (rows) => rows.includes('Ben Okafor:viewer'),
    );

    // The only chair cannot make themself an editor: the server's 409 is shown in the row.
    await memberRow(ana.page, 'Ana Ruiz').getByTestId('member-role').selectOption('editor');
    const refused = ana.page.getByTestId('member-error');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('last chair');
    forgetExpectedRefusals(ana);
    expect(await memberRow(ana.page, 'Ana Ruiz').getByTestId('member-role').inputValue()).toBe('chair');
    expect(await memberRows(ana.page)).toContain('Ana Ruiz:chair');
    await saveScreenshot(ana.page, 'members-2-last-chair-refused');

    // Removing Ben asks first; after it, Ben is gone from the list.
    await memberRow(ana.page, 'Ben Okafor').getByTestId('member-remove').click();
    await ana.page.getByTestId('remove-member-dialog').waitFor();
    await saveScreenshot(ana.page, 'members-3-remove-confirm');
    await ana.page.getByTestId('remove-member-confirm').click();
    await eventually(
      'Ben to be removed',
      () => memberRows(ana.page),
      (rows) => rows.length === 1,
    );
    expect(await memberRows(ana.page)).toEqual(['Ana Ruiz:chair']);
    // Ana cannot remove herself: there is no Remove button on her own row.
    expect(await memberRow(ana.page, 'Ana Ruiz').getByTestId('member-remove').count()).toBe(0);
  });

  it('[H2] an editor demoted while editing becomes read-only with a notice; removed, they are told they were signed out', async () => {
    const ana = await session.member('Ana Ruiz', 'chair');
    const ben = await session.member('Ben Okafor', 'editor');
    await openDraft(ben, session.server);
    await openCriterion(ben.page, 'DM2');
    expect(await ben.page.getByTestId('statement-editor').getAttribute('contenteditable')).toBe('true');

    await ana.page.goto(`${session.server.url}/members`);
    await memberRow(ana.page, 'Ben Okafor').getByTestId('member-role').selectOption('viewer');
    await ben.page.locator('[data-testid="editor-banner"][data-kind="demoted"]').waitFor();
    expect(await ben.page.getByTestId('statement-editor').getAttribute('contenteditable')).toBe('false');
    expect(await ben.page.getByTestId('editor-banner').innerText()).toContain(
      'Your role was changed to viewer',
    );

    await memberRow(ana.page, 'Ben Okafor').getByTestId('member-remove').click();
    await ana.page.getByTestId('remove-member-confirm').click();
    const banner = ben.page.locator('[data-testid="editor-banner"][data-kind="signed-out"]');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('You were signed out or removed from the committee');
    expect(await banner.getByTestId('editor-banner-action').getAttribute('href')).toBe('/sign-in');
    expect(await ben.page.getByTestId('statement-editor').getAttribute('contenteditable')).toBe('false');
    await saveScreenshot(ben.page, 'members-4-removed-while-editing');
  });

  it('[H8] an editor who opens /members is told only chairs manage members', async () => {
    const ben = await session.member('Ben Okafor', 'editor');
    await ben.page.goto(`${session.server.url}/members`);
    await ben.page.getByText('Only chairs manage members').waitFor();
  });
});
