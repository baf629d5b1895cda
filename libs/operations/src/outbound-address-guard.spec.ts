import { hostAllowed, isPublicAddress } from './outbound-address-guard';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.20.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00:ec2::254', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['not an address', false],
    ['8.8.8.8', true],
    ['142.250.185.10', true],
    ['::ffff:8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['2a00:1450:4001:82b::200a', true],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('hostAllowed', () => {
  it('should allow any host when the list is empty, and match names and *.suffix patterns otherwise', () => {
    expect(hostAllowed('anything.example', [])).toBe(true);
    const list = ['fcm.googleapis.com', '*.push.services.mozilla.com'];
    expect(hostAllowed('fcm.googleapis.com', list)).toBe(true);
    expect(hostAllowed('FCM.googleapis.com.', list)).toBe(true);
    expect(hostAllowed('updates.push.services.mozilla.com', list)).toBe(true);
    expect(hostAllowed('push.services.mozilla.com.evil.example', list)).toBe(false);
    expect(hostAllowed('evilpush.services.mozilla.com', list)).toBe(false);
    expect(hostAllowed('googleapis.com', list)).toBe(false);
  });
});
