import pino from 'pino';
import { Writable } from 'node:stream';
import { maskUrl, redactPaths } from './logging';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('log redaction', () => {
  it('should censor recovery data and credentials at the top level and one level down', () => {
    const out = capture();
    const logger = pino({ redact: { paths: redactPaths(), censor: '[redacted]' } }, out.stream);
    logger.info(
      {
        phone: '+14155550123',
        body: { password: 'hunter2-hunter2', note: 'craving after work' },
        craving: { note: 'deep note', token: 'tok-123' },
        authorization: 'Bearer abc',
      },
      'something happened',
    );
    const text = out.text();
    for (const secret of [
      '+14155550123',
      'hunter2-hunter2',
      'craving after work',
      'deep note',
      'tok-123',
      'Bearer abc',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('something happened');
    expect(text).toContain('[redacted]');
  });

  it('should mask invite codes and drop query strings from logged URLs', () => {
    expect(maskUrl('/api/v1/phone-list/invites/K7P9XQ2M/accept')).toBe(
      '/api/v1/phone-list/invites/[redacted]/accept',
    );
    expect(maskUrl('/api/v1/meetings?q=secret')).toBe('/api/v1/meetings');
    expect(maskUrl(undefined)).toBeUndefined();
  });
});
