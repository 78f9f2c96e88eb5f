import { availableParallelism } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core/config.ts';

describe('loadConfig', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('fills in every default from an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4321);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl.href).toBe('http://localhost:4321/');
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(path.isAbsolute(config.dataDir)).toBe(true);
    expect(config.databaseUrl).toBeNull();
    expect(config.meilisearchUrl).toBeNull();
    expect(config.meilisearchApiKey).toBeNull();
    expect(config.smtpUrl).toBeNull();
    expect(config.mailFrom).toBe('Portico <no-reply@localhost>');
    expect(config.logLevel).toBe('info');
    expect(config.safeMode).toBe(false);
  });

  it('derives the default public URL from PORT', () => {
    const config = loadConfig({ PORT: '8080' });
    expect(config.port).toBe(8080);
    expect(config.publicUrl.origin).toBe('http://localhost:8080');
  });

  it('keeps only the origin of PORTICO_PUBLIC_URL and sends mail from its host', () => {
    const config = loadConfig({ PORTICO_PUBLIC_URL: 'https://help.example.org/portal/?x=1' });
    expect(config.publicUrl.href).toBe('https://help.example.org/');
    expect(config.mailFrom).toBe('Portico <no-reply@help.example.org>');
  });

  it('resolves a relative PORTICO_DATA_DIR against the working directory', () => {
    expect(loadConfig({ PORTICO_DATA_DIR: 'var/portico' }).dataDir).toBe(path.resolve('var/portico'));
    expect(loadConfig({ PORTICO_DATA_DIR: '/srv/portico' }).dataDir).toBe(path.resolve('/srv/portico'));
  });

  it('treats empty optional variables as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', SMTP_URL: '  ', PORTICO_MAIL_FROM: '', PORTICO_PUBLIC_URL: '' });
    expect(config.databaseUrl).toBeNull();
    expect(config.smtpUrl).toBeNull();
    expect(config.mailFrom).toBe('Portico <no-reply@localhost>');
    expect(config.publicUrl.origin).toBe('http://localhost:4321');
  });

  it('accepts postgres:// and postgresql:// database URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/portico' }).databaseUrl).toBe('postgres://u:p@db/portico');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/portico' }).databaseUrl).toBe('postgresql://db/portico');
  });

  it('reads the optional services and switches', () => {
    const config = loadConfig({
      MEILISEARCH_URL: 'http://127.0.0.1:7700',
      MEILISEARCH_API_KEY: 'key',
      SMTP_URL: 'smtps://user:pass@mail.example.org:465',
      PORTICO_MAIL_FROM: 'Help <help@example.org>',
      PORTICO_LOG_LEVEL: 'warn',
      PORTICO_SAFE_MODE: '1',
    });
    expect(config.meilisearchUrl).toBe('http://127.0.0.1:7700');
    expect(config.meilisearchApiKey).toBe('key');
    expect(config.smtpUrl).toBe('smtps://user:pass@mail.example.org:465');
    expect(config.mailFrom).toBe('Help <help@example.org>');
    expect(config.logLevel).toBe('warn');
    expect(config.safeMode).toBe(true);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('reads process.env when given no environment', () => {
    vi.stubEnv('PORT', '5555');
    vi.stubEnv('HOST', '0.0.0.0');
    const config = loadConfig();
    expect(config.port).toBe(5555);
    expect(config.host).toBe('0.0.0.0');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '0'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['HOST', ''],
    ['DATABASE_URL', 'mysql://x'],
    ['PORTICO_PUBLIC_URL', 'ftp://example.org'],
    ['PORTICO_PUBLIC_URL', 'not a url'],
    ['SMTP_URL', 'http://mail.example.org'],
    ['MEILISEARCH_URL', 'nope'],
    ['PORTICO_LOG_LEVEL', 'verbose'],
    ['PORTICO_SAFE_MODE', 'yes'],
    ['PORTICO_TRUSTED_PROXIES', 'my-proxy.example'],
    ['PORTICO_TRUSTED_PROXIES', '10.0.0.0/33'],
    ['PORTICO_TRUSTED_PROXIES', '10.0.0.1, 10.0.0.0/8/1'],
    ['PORTICO_SEARCH_RATE_LIMIT', '-1'],
    ['PORTICO_SEARCH_RATE_LIMIT', 'lots'],
    ['PORTICO_WORKERS', '0'],
    ['PORTICO_WORKERS', 'many'],
    ['PORTICO_WORKERS', '65'],
  ])('throws a ConfigError naming %s when it is %j', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).name).toBe('ConfigError');
    expect((error as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
  });

  it('trusts forwarded headers from loopback only, unless told otherwise', () => {
    expect(loadConfig({}).trustedProxies).toEqual(['127.0.0.0/8', '::1/128']);
    expect(loadConfig({ PORTICO_TRUSTED_PROXIES: 'none' }).trustedProxies).toEqual([]);
    expect(loadConfig({ PORTICO_TRUSTED_PROXIES: ' 10.1.2.3 , 172.16.0.0/12, fd00::/8, ::1' }).trustedProxies).toEqual([
      '10.1.2.3/32',
      '172.16.0.0/12',
      'fd00::/8',
      '::1/128',
    ]);
    expect(loadConfig({ PORTICO_TRUSTED_PROXIES: 'private' }).trustedProxies).toContain('192.168.0.0/16');
  });

  it('names the entry of PORTICO_TRUSTED_PROXIES it cannot read', () => {
    expect(() => loadConfig({ PORTICO_TRUSTED_PROXIES: '10.0.0.1, proxy.local' })).toThrow(
      'PORTICO_TRUSTED_PROXIES: "proxy.local" is not an address, a CIDR range (10.0.0.0/8) or one of loopback, private, none',
    );
  });

  it('limits searches to 120 a minute per client unless PORTICO_SEARCH_RATE_LIMIT says otherwise', () => {
    expect(loadConfig({}).searchRateLimit).toBe(120);
    expect(loadConfig({ PORTICO_SEARCH_RATE_LIMIT: '0' }).searchRateLimit).toBe(0);
    expect(loadConfig({ PORTICO_SEARCH_RATE_LIMIT: '600' }).searchRateLimit).toBe(600);
  });

  it('serves from one process unless PORTICO_WORKERS says how many, or auto for one per core', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ PORTICO_WORKERS: '' }).workers).toBe(1);
    expect(loadConfig({ PORTICO_WORKERS: '3' }).workers).toBe(3);
    expect(loadConfig({ PORTICO_WORKERS: 'auto' }).workers).toBe(Math.min(availableParallelism(), 64));
  });

  it('says what a DATABASE_URL must look like', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow('DATABASE_URL: must start with postgres://');
  });
});
