/**
 * The demo knowledge base as search documents, and queries written the way customers talk, each with
 * the article that answers it. Shared by the relevance test and the search bench.
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SearchDocument, Visibility } from '../../../src/core/search/engine.ts';

export interface RelevanceQuery {
  /** As a customer would type it: lower case, typos, no punctuation to speak of. */
  text: string;
  /** The slug of the article that answers it. */
  expected: string;
}

export const relevanceQueries: RelevanceQuery[] = [
  // Account access
  { text: 'forgot pasword', expected: 'reset-your-password' },
  { text: 'i forgot my password', expected: 'reset-your-password' },
  { text: 'pasword resett', expected: 'reset-your-password' },
  { text: 'cant log in', expected: 'cant-sign-in' },
  { text: 'login not working', expected: 'cant-sign-in' },
  { text: 'i cant sign in to okta', expected: 'cant-sign-in' },
  { text: 'new phone okta verify', expected: 'set-up-mfa-on-a-new-phone' },
  { text: 'how do i move my authenticator to a new phone', expected: 'set-up-mfa-on-a-new-phone' },
  { text: '2fa new phone', expected: 'set-up-mfa-on-a-new-phone' },
  // Billing
  { text: 'how do i get my money back', expected: 'request-a-refund' },
  { text: 'refund', expected: 'request-a-refund' },
  { text: 'i was charged twice', expected: 'request-a-refund' },
  { text: 'where can i download my invoice', expected: 'download-an-invoice' },
  { text: 'receipt for my last payment', expected: 'download-an-invoice' },
  { text: 'update credit card', expected: 'update-your-payment-method' },
  { text: 'my card expired', expected: 'update-your-payment-method' },
  { text: 'payment failed', expected: 'update-your-payment-method' },
  { text: 'change company address on invoice', expected: 'change-your-billing-address' },
  { text: 'vat number', expected: 'apply-for-vat-or-tax-exemption' },
  { text: 'tax exempt certificate', expected: 'apply-for-vat-or-tax-exemption' },
  // Devices
  { text: 'instal printer drivr', expected: 'install-a-printer-driver-on-windows' },
  { text: 'how to print from my macbook', expected: 'print-from-a-mac' },
  { text: 'touch id', expected: 'set-up-touch-id-or-fingerprint-sign-in' },
  { text: 'fingerprint login windows', expected: 'set-up-touch-id-or-fingerprint-sign-in' },
  { text: 'new laptop wont turn on', expected: 'laptop-wont-turn-on' },
  { text: 'laptop not charging', expected: 'laptop-wont-turn-on' },
  { text: 'second screen no signal', expected: 'connect-an-external-monitor' },
  { text: 'connect external monitor to dock', expected: 'connect-an-external-monitor' },
  // Email
  { text: 'i cant get into my email on my new phone', expected: 'set-up-email-on-your-phone' },
  { text: 'outlook not updating', expected: 'fix-outlook-not-syncing' },
  { text: 'not receiving emails in outlook', expected: 'fix-outlook-not-syncing' },
  { text: 'mailbox full cant send', expected: 'mailbox-full' },
  { text: 'suspicious email with a link', expected: 'report-a-phishing-email' },
  { text: 'i clicked a phishing link', expected: 'report-a-phishing-email' },
  { text: 'set up out of office', expected: 'set-an-out-of-office-reply' },
  { text: 'automatic reply while on vacation', expected: 'set-an-out-of-office-reply' },
  // Network and VPN
  { text: 'vpn keeps disconecting', expected: 'vpn-wont-connect' },
  { text: 'globalprotect stuck on connecting', expected: 'vpn-wont-connect' },
  { text: 'remote access from home', expected: 'connect-to-the-vpn' },
  { text: 'how do i connect to the vpn', expected: 'connect-to-the-vpn' },
  { text: 'wifi password office', expected: 'connect-to-office-wi-fi' },
  { text: 'guest wifi for a visitor', expected: 'connect-to-office-wi-fi' },
  { text: 'internet really slow at home', expected: 'fix-a-slow-connection-at-home' },
  { text: 'zoom calls freezing working from home', expected: 'fix-a-slow-connection-at-home' },
  // Onboarding
  { text: 'first day checklist', expected: 'new-starter-checklist' },
  { text: 'returning my laptop on my last day', expected: 'leaving-the-company' },
  { text: 'how do i request new software', expected: 'request-new-software' },
  { text: 'need adobe acrobat installed', expected: 'request-new-software' },
  // Software
  { text: 'word says unlicensed product', expected: 'fix-office-activation-errors' },
  { text: 'excel activation error', expected: 'fix-office-activation-errors' },
  { text: 'install slack on my phone', expected: 'install-slack' },
  { text: 'zoom microphone not working', expected: 'install-zoom' },
  // Vaguer, longer or with other words than the article's
  { text: 'okta keeps asking me to approve on my old phone', expected: 'set-up-mfa-on-a-new-phone' },
  { text: 'lost my phone with the authenticator app', expected: 'set-up-mfa-on-a-new-phone' },
  { text: 'got a new iphone how do i move okta verify', expected: 'set-up-mfa-on-a-new-phone' },
  { text: 'caps lock password wrong', expected: 'cant-sign-in' },
  { text: 'how long does a refund take', expected: 'request-a-refund' },
  { text: 'money taken twice from my card', expected: 'request-a-refund' },
  { text: 'pay by bank transfer instead of card', expected: 'update-your-payment-method' },
  { text: 'need a copy of last months bill', expected: 'download-an-invoice' },
  { text: 'we moved offices update the address on our bills', expected: 'change-your-billing-address' },
  { text: 'we are tax exempt', expected: 'apply-for-vat-or-tax-exemption' },
  { text: 'laptop battery drains really fast', expected: 'laptop-wont-turn-on' },
  { text: 'black screen macbook', expected: 'laptop-wont-turn-on' },
  { text: 'hdmi monitor not detected', expected: 'connect-an-external-monitor' },
  { text: 'cant print from mac', expected: 'print-from-a-mac' },
  { text: 'face id or fingerprint for okta', expected: 'set-up-touch-id-or-fingerprint-sign-in' },
  { text: 'windows hello setup', expected: 'set-up-touch-id-or-fingerprint-sign-in' },
  { text: 'emails stuck in outbox', expected: 'fix-outlook-not-syncing' },
  { text: 'mailbox almost full warning', expected: 'mailbox-full' },
  { text: 'archive old emails to free up space', expected: 'mailbox-full' },
  { text: 'got a weird email asking for my password', expected: 'report-a-phishing-email' },
  { text: 'going on holiday auto reply', expected: 'set-an-out-of-office-reply' },
  { text: 'globalprotect error message', expected: 'vpn-wont-connect' },
  { text: 'which wifi network should i join', expected: 'connect-to-office-wi-fi' },
  { text: 'video calls keep freezing at home', expected: 'fix-a-slow-connection-at-home' },
  { text: 'what do i need to do in my first week', expected: 'new-starter-checklist' },
  { text: 'hand back equipment when i leave', expected: 'leaving-the-company' },
  { text: 'can i get photoshop', expected: 'request-new-software' },
  { text: 'office says product deactivated', expected: 'fix-office-activation-errors' },
  { text: 'zoom camera not working', expected: 'install-zoom' },
  { text: 'share my screen in zoom', expected: 'install-zoom' },
  { text: 'slack notifications on my phone', expected: 'install-slack' },
];

/** Where the demo knowledge base lives: content/kb/<category>/<slug>.md. */
export const demoKnowledgeBase = fileURLToPath(new URL('../../../content/kb/', import.meta.url));

/**
 * Reads the demo articles as search documents: front matter parsed minimally (the keys the demo uses),
 * Markdown reduced crudely to text.
 */
export function loadDemoDocuments(root = demoKnowledgeBase): SearchDocument[] {
  const documents: SearchDocument[] = [];
  for (const category of fs.readdirSync(root).sort()) {
    const folder = path.join(root, category);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const file of fs.readdirSync(folder).sort()) {
      if (!file.endsWith('.md')) continue;
      const slug = file.slice(0, -3);
      const { data, body } = parseFrontMatter(fs.readFileSync(path.join(folder, file), 'utf8'));
      documents.push({
        id: `${category}/${slug}`,
        slug,
        categorySlug: category,
        categoryName: category.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase()),
        title: String(data['title'] ?? slug),
        summary: String(data['summary'] ?? ''),
        body: markdownToText(body),
        tags: Array.isArray(data['tags']) ? data['tags'] : [],
        visibility: (data['visibility'] === 'internal' ? 'internal' : 'public') satisfies Visibility,
        status: 'published',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
    }
  }
  return documents;
}

function parseFrontMatter(source: string): { data: Record<string, string | string[]>; body: string } {
  const match = source.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n?/);
  if (!match) return { data: {}, body: source };
  const data: Record<string, string | string[]> = {};
  let listKey: string | undefined;
  for (const line of match[1]!.split(/\r?\n/)) {
    const item = line.match(/^\s+-\s+(.*)$/);
    if (item && listKey) {
      (data[listKey] as string[]).push(unquote(item[1]!));
      continue;
    }
    const pair = line.match(/^([A-Za-z_][\w-]*):\s*(.*)$/);
    if (!pair) continue;
    const [, key, value] = pair as unknown as [string, string, string];
    if (value === '') {
      data[key] = [];
      listKey = key;
    } else if (value.startsWith('[') && value.endsWith(']')) {
      data[key] = value
        .slice(1, -1)
        .split(',')
        .map((part) => unquote(part.trim()))
        .filter(Boolean);
      listKey = undefined;
    } else {
      data[key] = unquote(value);
      listKey = undefined;
    }
  }
  return { data, body: source.slice(match[0].length) };
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/, '$2');
}

/** Markdown → visible text, one block per line; good enough for an index. */
function markdownToText(markdown: string): string {
  return markdown
    .replace(/^```.*$/gm, '')
    .replace(/^:::.*$/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, '')
    .replace(/\|/g, ' ')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`>]/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
