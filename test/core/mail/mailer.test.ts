import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config.ts';
import { createMailer } from '../../../src/core/mail/index.ts';
import { header } from '../support.ts';

let dataDir: string;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-mail-test-'));
});

afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function outbox(): string[] {
  const folder = path.join(dataDir, 'outbox');
  return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
}

describe('createMailer', () => {
  it('writes each message as an .eml file in the outbox when no SMTP_URL is set', async () => {
    const mailer = createMailer(
      loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_PUBLIC_URL: 'https://help.example.org' }),
    );
    await mailer.send({ to: 'kim@example.org', subject: 'Hello Kim', text: 'First line\nSecond line' });
    const files = outbox();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T.*\.eml$/);
    const message = fs.readFileSync(path.join(dataDir, 'outbox', files[0]!), 'utf8');
    expect(header(message, 'To')).toBe('kim@example.org');
    expect(header(message, 'From')).toBe('Portico <no-reply@help.example.org>');
    expect(header(message, 'Subject')).toBe('Hello Kim');
    expect(message).toContain('First line\nSecond line');
  });

  it('uses PORTICO_MAIL_FROM as the sender', async () => {
    const mailer = createMailer(
      loadConfig({ PORTICO_DATA_DIR: dataDir, PORTICO_MAIL_FROM: 'Help <help@example.org>' }),
    );
    await mailer.send({ to: 'kim@example.org', subject: 'Hi', text: 'Hi' });
    const message = fs.readFileSync(path.join(dataDir, 'outbox', outbox()[0]!), 'utf8');
    expect(header(message, 'From')).toBe('Help <help@example.org>');
  });

  it('leaves no temporary files and gives every message its own file', async () => {
    const mailer = createMailer(loadConfig({ PORTICO_DATA_DIR: dataDir }));
    await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        mailer.send({ to: 'kim@example.org', subject: `Message ${index}`, text: 'x' }),
      ),
    );
    const files = outbox();
    expect(files).toHaveLength(5);
    expect(files.every((name) => name.endsWith('.eml') && !name.startsWith('.'))).toBe(true);
  });
});
