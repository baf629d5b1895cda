import { ExpirySchedule } from './expiry-schedule';

describe('ExpirySchedule', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-03-01T12:00:00.000Z') });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  const at = (offsetMs: number): number => Date.now() + offsetMs;

  it('should expire each item at its deadline (whole seconds), not before, with one timer for all', () => {
    const expired: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => expired.push(item));
    schedule.add('a', at(2000));
    schedule.add('b', at(5000));
    schedule.add('c', at(2000));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1999);
    expect(expired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(expired).toEqual(['a', 'c']);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(2999);
    expect(expired).toEqual(['a', 'c']);
    jest.advanceTimersByTime(1);
    expect(expired).toEqual(['a', 'c', 'b']);
    expect(jest.getTimerCount()).toBe(0);
    expect(schedule.size).toBe(0);
  });

  it('should round a deadline inside a second up to the end of that second', () => {
    const expired: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => expired.push(item));
    schedule.add('a', at(1200));
    jest.advanceTimersByTime(1200);
    expect(expired).toEqual([]);
    jest.advanceTimersByTime(800);
    expect(expired).toEqual(['a']);
  });

  it('should re-arm for an earlier deadline added later', () => {
    const expired: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => expired.push(item));
    schedule.add('late', at(60_000));
    schedule.add('early', at(1000));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(expired).toEqual(['early']);
    jest.advanceTimersByTime(59_000);
    expect(expired).toEqual(['early', 'late']);
  });

  it('should expire a deadline already past at once (on the next timer tick)', () => {
    const expired: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => expired.push(item));
    schedule.add('gone', at(-5000));
    expect(expired).toEqual([]);
    jest.advanceTimersByTime(0);
    expect(expired).toEqual(['gone']);
  });

  it('should never expire a removed item, and keep the others', () => {
    const expired: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => expired.push(item));
    schedule.add('a', at(1000));
    schedule.add('b', at(1000));
    schedule.add('c', at(3000));
    schedule.remove('a', at(1000));
    schedule.remove('c', at(3000));
    schedule.remove('unknown', at(3000));
    expect(schedule.size).toBe(1);
    jest.advanceTimersByTime(10_000);
    expect(expired).toEqual(['b']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should let onExpire remove the item it is given (as a disconnect handler does)', () => {
    const expired: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => {
      expired.push(item);
      schedule.remove(item, deadline);
    });
    const deadline = at(1000);
    schedule.add('a', deadline);
    schedule.add('b', deadline);
    jest.advanceTimersByTime(1000);
    expect(expired).toEqual(['a', 'b']);
    expect(schedule.size).toBe(0);
  });

  it('should go on with the other items when onExpire throws for one', () => {
    const expired: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => {
      if (item === 'bad') throw new Error('boom');
      expired.push(item);
    });
    schedule.add('bad', at(1000));
    schedule.add('good', at(1000));
    schedule.add('later', at(2000));
    jest.advanceTimersByTime(2000);
    expect(expired).toEqual(['good', 'later']);
  });

  it('should stop everything on clear', () => {
    const expired: string[] = [];
    const schedule = new ExpirySchedule<string>((item) => expired.push(item));
    schedule.add('a', at(1000));
    schedule.clear();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(5000);
    expect(expired).toEqual([]);
    expect(schedule.size).toBe(0);
  });

  it('should not keep the process alive', () => {
    const schedule = new ExpirySchedule<string>(() => undefined);
    const unref = jest.spyOn(global, 'setTimeout');
    schedule.add('a', at(1000));
    const timer = unref.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    unref.mockRestore();
    schedule.clear();
  });
});
