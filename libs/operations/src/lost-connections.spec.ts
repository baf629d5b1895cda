import { isLostConnection } from './lost-connections';

describe('isLostConnection (which unhandled rejections leave the process running)', () => {
  const withCode = (code: string, name = 'Error') => Object.assign(new Error('x'), { code, name });
  class SocketClosedUnexpectedlyError extends Error {}

  it('should accept socket errors, node-redis connection errors and PostgreSQL shutdown or connection errors', () => {
    expect(isLostConnection(withCode('ECONNRESET'))).toBe(true);
    expect(isLostConnection(withCode('ECONNREFUSED'))).toBe(true);
    expect(isLostConnection(new SocketClosedUnexpectedlyError('Socket closed unexpectedly'))).toBe(true);
    expect(isLostConnection(withCode('57P01'))).toBe(true); // terminating connection due to administrator command
    expect(isLostConnection(withCode('08006'))).toBe(true);
  });

  it('should refuse anything else: a bug still ends the process', () => {
    expect(isLostConnection(new TypeError('x is undefined'))).toBe(false);
    expect(isLostConnection(withCode('23505'))).toBe(false); // unique violation
    expect(isLostConnection(withCode('57014'))).toBe(false); // statement timeout
    expect(isLostConnection('ECONNRESET')).toBe(false);
    expect(isLostConnection(undefined)).toBe(false);
  });
});
