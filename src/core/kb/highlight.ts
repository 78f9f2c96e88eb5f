import hljsCore from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// A private instance, so that nobody else's registrations change what articles look like.
const hljs = hljsCore.newInstance();
hljs.registerLanguage('bash', bash);
hljs.registerLanguage('shell', shell);
hljs.registerLanguage('powershell', powershell);
hljs.registerLanguage('json', json);
hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('sql', sql);
hljs.registerLanguage('xml', xml);
hljs.registerLanguage('ini', ini);
hljs.registerLanguage('plaintext', plaintext);
hljs.configure({ classPrefix: 'hljs-' });

/** The result of highlighting: HTML made of escaped text and `<span class="hljs-…">` only. */
export interface HighlightedCode {
  /** The canonical language name (`bash` for `sh`), or undefined when the language is unknown. */
  language: string | undefined;
  /** Escaped code, with `hljs-*` spans when the language is known. Never contains a `style` attribute. */
  html: string;
}

/**
 * Highlights code on the server with highlight.js classes (no inline styles, so it passes a strict CSP).
 * Known languages: bash/sh/shell, powershell/ps1, json, yaml/yml, javascript/js, typescript/ts, sql,
 * xml/html, ini/toml, plaintext/text; anything else comes back as escaped plain text.
 * @example
 * highlightCode('echo "hi"', 'sh'); // { language: 'bash', html: '<span class="hljs-built_in">echo</span> …' }
 * highlightCode('<b>', 'cobol'); // { language: undefined, html: '&lt;b&gt;' }
 */
export function highlightCode(code: string, languageName: string): HighlightedCode {
  const language = languageName ? hljs.getLanguage(languageName.toLowerCase()) : undefined;
  if (!language) return { language: undefined, html: escapeHtml(code) };
  const canonical = hljs.listLanguages().find((name) => hljs.getLanguage(name) === language);
  return {
    language: canonical,
    html: hljs.highlight(code, { language: languageName.toLowerCase(), ignoreIllegals: true }).value,
  };
}

/**
 * Escapes text for use in HTML content and in double-quoted attribute values.
 * @example
 * escapeHtml('<a title="x">'); // '&lt;a title=&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
