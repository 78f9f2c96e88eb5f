import { describe, expect, it } from 'vitest';
import { foldText } from '../../../src/core/search/query.ts';
import { chooseSnippet, cleanIndexText, escapeHtml, markSnippet, passageOf } from '../../../src/core/search/snippet.ts';
import { analyseText } from '../../../src/core/search/text-analysis.ts';
import { porterStem } from '../../../src/core/search/words.ts';

const stem = (word: string) => porterStem(foldText(word));
const passageIn = (text: string, phrases: string[][], size: number) =>
  passageOf(analyseText(text, stem), phrases, size);

describe('escapeHtml', () => {
  it('escapes the five characters that matter in HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('markSnippet', () => {
  it('wraps marked passages in <mark> and escapes everything else', () => {
    expect(markSnippet('Run \u0002<script>\u0003alert(1)</script> & go')).toBe(
      'Run <mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt; &amp; go',
    );
  });

  it('keeps the markup balanced whatever the marks', () => {
    expect(markSnippet('a \u0003b\u0002 c')).toBe('a b<mark> c</mark>');
    expect(markSnippet('\u0002\u0002x\u0003\u0003')).toBe('<mark>x</mark>');
    expect(markSnippet('\u0002\u0003')).toBe('');
  });

  it('collapses white space', () => {
    expect(markSnippet('one\n\ntwo   three')).toBe('one two three');
  });
});

describe('cleanIndexText', () => {
  it('removes control characters but keeps line breaks and tabs', () => {
    expect(cleanIndexText('a\u0002b\u0003c\u0000d\n\te')).toBe('abcd\n\te');
  });
});

describe('chooseSnippet', () => {
  it('prefers a body passage with a match, then a summary passage, then the summary', () => {
    expect(chooseSnippet('x \u0002vpn\u0003', 'y', 'summary')).toBe('x <mark>vpn</mark>');
    expect(chooseSnippet('x vpn', '\u0002y\u0003', 'summary')).toBe('<mark>y</mark>');
    expect(chooseSnippet('x vpn', 'y', 'the <summary>')).toBe('the &lt;summary&gt;');
  });
});

describe('passageOf', () => {
  it('marks every form of a matched word, as the porter stemmer reads it', () => {
    expect(markSnippet(passageIn('Connecting to the VPN: connect once.', [['connect']], 24)!)).toBe(
      '<mark>Connecting</mark> to the VPN: <mark>connect</mark> once.',
    );
  });

  it('marks phrases only where their words follow each other', () => {
    const passage = passageIn('Remote desktops need access. Remote access is the VPN.', [['remot', 'access']], 24);
    expect(markSnippet(passage!)).toBe(
      'Remote desktops need access. <mark>Remote</mark> <mark>access</mark> is the VPN.',
    );
  });

  it('cuts a passage around the place with the most different matches', () => {
    const filler = Array.from({ length: 40 }, (_, index) => `w${index}`).join(' ');
    const text = `Password once. ${filler} reset your password here. ${filler}`;
    const passage = markSnippet(passageIn(text, [['password'], ['reset']], 8)!);
    expect(passage).toBe('…w37 w38 w39 <mark>reset</mark> your <mark>password</mark> here. w0…');
  });

  it('finds nothing when nothing matches', () => {
    expect(passageIn('Nothing here', [['vpn']], 24)).toBeUndefined();
  });
});
