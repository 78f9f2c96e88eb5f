import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../../src/core/kb/index.ts';

describe('parseArticleFile', () => {
  it('splits a valid file into its front matter and body', () => {
    const parsed = parseArticleFile(
      [
        '---',
        'title: Reset your password',
        'summary: When you forgot it or it expired.',
        'tags: [password, account]',
        'visibility: internal',
        'order: 2',
        '---',
        '',
        '## Steps',
        '',
        'Open the sign-in page.',
        '',
      ].join('\n'),
    );
    expect(parsed).toEqual({
      frontMatter: {
        title: 'Reset your password',
        summary: 'When you forgot it or it expired.',
        tags: ['account', 'password'],
        visibility: 'internal',
        order: 2,
      },
      body: '## Steps\n\nOpen the sign-in page.\n',
    });
  });

  it('fills in defaults for everything but the title', () => {
    expect(parseArticleFile('---\ntitle: Just a title\n---\nBody')).toEqual({
      frontMatter: { title: 'Just a title', summary: '', tags: [], visibility: 'public', order: 0 },
      body: 'Body\n',
    });
  });

  it('reads files with Windows line endings and a byte order mark', () => {
    const parsed = parseArticleFile('\uFEFF---\r\ntitle: Windows file\r\n---\r\nBody\r\n');
    expect(parsed).toMatchObject({ frontMatter: { title: 'Windows file' } });
  });

  it('reports a file without front matter', () => {
    expect(parseArticleFile('# Just markdown\n\nNo front matter here.')).toEqual({
      problem: 'no front matter: the file must start with a --- block holding at least a title',
    });
  });

  it('reports front matter that is not valid YAML', () => {
    const parsed = parseArticleFile('---\ntitle: [unclosed\n---\nBody');
    expect(parsed).toHaveProperty('problem');
    expect((parsed as { problem: string }).problem).toMatch(/^front matter is not valid YAML: /);
    expect((parsed as { problem: string }).problem).not.toContain('\n');
  });

  it('reports a visibility other than public or internal', () => {
    const parsed = parseArticleFile('---\ntitle: Secret things\nvisibility: secret\n---\nBody');
    expect(parsed).toHaveProperty('problem');
    expect((parsed as { problem: string }).problem).toMatch(/public|internal/);
  });

  it('reports a missing or short title and empty front matter', () => {
    expect(parseArticleFile('---\ntitle: ab\n---\nBody')).toEqual({ problem: 'title: at least 3 characters' });
    expect(parseArticleFile('---\nsummary: no title\n---\nBody')).toHaveProperty('problem');
    expect(parseArticleFile('---\n\n---\nBody')).toHaveProperty('problem');
  });

  it('reports every problem at once', () => {
    const parsed = parseArticleFile(`---\ntitle: ab\nsummary: ${'s'.repeat(301)}\n---\nBody`);
    expect(parsed).toEqual({ problem: 'title: at least 3 characters; summary: at most 300 characters' });
  });

  it('normalises tags: trimmed, lower-cased, without duplicates, sorted', () => {
    const parsed = parseArticleFile('---\ntitle: Tagged\ntags: [" VPN", vpn, Remote Access, billing]\n---\nBody');
    expect(parsed).toMatchObject({ frontMatter: { tags: ['billing', 'remote access', 'vpn'] } });
  });

  it('reports tags that are not a list of words', () => {
    expect(parseArticleFile('---\ntitle: Tagged\ntags: [<b>]\n---\nBody')).toEqual({
      problem: 'Tags use letters, digits, spaces and hyphens.',
    });
  });
});
