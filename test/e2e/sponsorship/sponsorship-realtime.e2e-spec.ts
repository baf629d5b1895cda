import type { ServerEventPayload } from '@homegroup/contracts';
import { registerMember, type TestMember } from '../../factories/member.factory';
import {
  registerSponsee,
  registerSponsor,
  requestSponsorship,
  transition,
} from '../../factories/sponsorship.factory';
import { createTestApp, TestApp } from '../../utils/create-test-app';
import { collectEvents, connectSocket, nextEvent, TestSocket } from '../../utils/socket-client';

type Updated = ServerEventPayload<'sponsorship.updated'>;

describe('sponsorship realtime events', () => {
  let t: TestApp;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  const connect = async (member: TestMember): Promise<TestSocket> => {
    const socket = await connectSocket(t.baseUrl, member.accessToken);
    sockets.push(socket);
    return socket;
  };

  /** Proves the socket's channel works before asserting that nothing arrived on it. */
  const roundTrip = (socket: TestSocket): Promise<unknown> =>
    new Promise((resolve) => socket.emit('ping', {}, (reply) => resolve(reply)));

  /** Runs `action` and returns the next `sponsorship.updated` seen by each socket. */
  const both = async (
    a: TestSocket,
    b: TestSocket,
    action: () => Promise<unknown>,
  ): Promise<[Updated, Updated]> => {
    const waiting = Promise.all([nextEvent(a, 'sponsorship.updated'), nextEvent(b, 'sponsorship.updated')]);
    await action();
    return waiting;
  };

  it('should tell both parties, and nobody else, about every transition of a sponsorship', async () => {
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const stranger = await registerMember(t.api);
    const [sponsorSocket, sponseeSocket, strangerSocket] = await Promise.all([
      connect(sponsor),
      connect(sponsee),
      connect(stranger),
    ]);
    const strangerSaw = collectEvents(strangerSocket, 'sponsorship.updated');

    let id = '';
    const requested = await both(sponsorSocket, sponseeSocket, async () => {
      id = (await requestSponsorship(t.api, sponsee, sponsor)).id;
    });
    const expected = { sponsorshipId: id, kind: 'sponsor', fellowship: 'NA' };
    for (const payload of requested) {
      expect(payload).toEqual({
        ...expected,
        status: 'requested',
        by: { id: sponsee.id, displayName: sponsee.displayName },
      });
    }
    const accepted = await both(sponsorSocket, sponseeSocket, () => transition(t.api, sponsor, id, 'accept'));
    for (const payload of accepted) {
      expect(payload).toEqual({
        ...expected,
        status: 'active',
        by: { id: sponsor.id, displayName: sponsor.displayName },
      });
    }
    const ended = await both(sponsorSocket, sponseeSocket, () => transition(t.api, sponsee, id, 'end'));
    for (const payload of ended) expect(payload).toMatchObject({ status: 'ended', by: { id: sponsee.id } });

    await roundTrip(strangerSocket);
    expect(strangerSaw).toEqual([]);
  });

  it('should tell both parties when a request is declined or withdrawn', async () => {
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const [sponsorSocket, sponseeSocket] = await Promise.all([connect(sponsor), connect(sponsee)]);
    const first = await requestSponsorship(t.api, sponsee, sponsor);
    const declined = await both(sponsorSocket, sponseeSocket, () =>
      transition(t.api, sponsor, first.id, 'decline'),
    );
    expect(declined.map((p) => [p.sponsorshipId, p.status, p.by?.id])).toEqual([
      [first.id, 'declined', sponsor.id],
      [first.id, 'declined', sponsor.id],
    ]);
    const second = await requestSponsorship(t.api, sponsee, sponsor);
    const withdrawn = await both(sponsorSocket, sponseeSocket, () =>
      transition(t.api, sponsee, second.id, 'withdraw'),
    );
    expect(withdrawn.map((p) => [p.sponsorshipId, p.status, p.by?.id])).toEqual([
      [second.id, 'withdrawn', sponsee.id],
      [second.id, 'withdrawn', sponsee.id],
    ]);
  });

  it('should tell both parties when a block ends their sponsorship', async () => {
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const { id } = await requestSponsorship(t.api, sponsee, sponsor);
    await transition(t.api, sponsor, id, 'accept');
    const [sponsorSocket, sponseeSocket] = await Promise.all([connect(sponsor), connect(sponsee)]);
    const ended = await both(sponsorSocket, sponseeSocket, () =>
      t.api.post('/blocks', { userId: sponsor.id }, { token: sponsee.accessToken }),
    );
    for (const payload of ended)
      expect(payload).toMatchObject({ sponsorshipId: id, status: 'ended', by: { id: sponsee.id } });
  });

  it('should not emit anything for a refused transition', async () => {
    const sponsor = await registerSponsor(t.api);
    const sponsee = await registerSponsee(t.api);
    const { id } = await requestSponsorship(t.api, sponsee, sponsor);
    const sponseeSocket = await connect(sponsee);
    const seen = collectEvents(sponseeSocket, 'sponsorship.updated');
    expect(
      (await t.api.post(`/sponsorships/${id}/end`, undefined, { token: sponsor.accessToken })).status,
    ).toBe(409);
    expect(
      (await t.api.post(`/sponsorships/${id}/accept`, undefined, { token: sponsee.accessToken })).status,
    ).toBe(409);
    await roundTrip(sponseeSocket);
    expect(seen).toEqual([]);
  });
});
