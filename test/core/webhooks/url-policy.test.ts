import { describe, expect, it } from 'vitest';
import {
  assertWebhookUrlAllowed,
  isForbiddenAddress,
  webhookRefusedMessage,
} from '../../../src/core/webhooks/index.ts';

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '0:0:0:0:0:ffff:7f00:0001',
    '::127.0.0.1',
    '::7f00:1',
    '::ffff:0:7f00:1',
    '64:ff9b::127.0.0.1',
    '64:ff9b::a00:1',
    '64:ff9b:1::8.8.8.8',
    '2002:7f00:1::',
    '2002:c0a8:101::1',
    '2001:0:4136:e378:8000:63bf:80ff:fffe',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82a::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
  ])('allows the public address %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});

describe('assertWebhookUrlAllowed', () => {
  it.each([
    'http://127.0.0.1/',
    'http://127.1/',
    'http://2130706433/',
    'http://017700000001/',
    'http://0x7f.1/',
    'http://0x7f000001/',
    'http://0/',
    'http://0.0.0.0:8080/',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.0.10/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.1.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[::1]/',
    'http://[::]/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[fd00::5]/',
    'http://[ff02::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:ffff:127.0.0.1]/',
    'http://[::ffff:192.168.1.1]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::10.0.0.1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://localhost/',
    'http://LOCALHOST:8080/hook',
    'http://localhost./',
    'http://api.localhost/',
    'https://127.0.0.1./',
  ])('refuses %s with a clear message', (url) => {
    let caught: unknown;
    try {
      assertWebhookUrlAllowed(url);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'invalid_input',
      message: 'Webhooks cannot call private or loopback addresses.',
      details: { fields: { url: webhookRefusedMessage } },
    });
  });

  it.each(['https://hooks.example.org/portico', 'http://93.184.216.34:8080/in', 'https://[2606:4700:4700::1111]/'])(
    'accepts the public URL %s',
    (url) => {
      expect(assertWebhookUrlAllowed(url).href).toBe(new URL(url).href);
    },
  );

  it('accepts names that only DNS can judge; they are checked when sent', () => {
    expect(assertWebhookUrlAllowed('http://127.0.0.1.nip.io/').hostname).toBe('127.0.0.1.nip.io');
  });

  it('refuses other schemes and credentials in the URL', () => {
    expect(() => assertWebhookUrlAllowed('ftp://hooks.example.org/')).toThrow('Enter a URL starting with https://');
    expect(() => assertWebhookUrlAllowed('file:///etc/passwd')).toThrow('Enter a URL starting with https://');
    expect(() => assertWebhookUrlAllowed('not a url')).toThrow('Enter a URL starting with https://');
    expect(() => assertWebhookUrlAllowed('https://user:pw@hooks.example.org/')).toThrow('Leave user names');
  });

  it('allows private addresses only when told to', () => {
    expect(assertWebhookUrlAllowed('http://127.0.0.1:4000/', true).port).toBe('4000');
    expect(assertWebhookUrlAllowed('http://localhost/', true).hostname).toBe('localhost');
  });
});
