import fc from 'fast-check';
import { EventSequencer } from '../../src/client/event-sequencer';
import { ApiError } from '../../src/contract/errors';
import type { EventPage, GroupEvent } from '../../src/contract/events';
import type { PushedEvent } from '../../src/client';

const GROUP = '0b6f1c1e-8a4e-4c43-9c53-1f3c9a0c0001';

function messageEvent(seq: number, groupId = GROUP): GroupEvent {
  return {
    type: 'message.created',
    groupId,
    seq,
    message: {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      groupId,
      authorId: 'a',
      body: `m${seq}`,
      createdAt: new Date(0).toISOString(),
      parentId: null,
      position: seq,
      seq,
      replyCount: 0,
      mentions: [],
      editedAt: null,
      deletedAt: null,
      reactions: [],
    },
  };
}

/** A server log of events 1..latest, paged like the REST route. */
function serverLog(latest: number, pageSize = 3) {
  const calls: number[] = [];
  const fetchEvents = async (_groupId: string, afterSeq: number): Promise<EventPage> => {
    calls.push(afterSeq);
    const items = [];
    for (let seq = afterSeq + 1; seq <= latest && items.length < pageSize; seq++) items.push(messageEvent(seq));
    return { items, hasMore: afterSeq + items.length < latest, latestSeq: latest };
  };
  return { calls, fetchEvents };
}

/** A sequencer that catches up at once on a gap, unless given a reordering window. */
function sequencer(fetchEvents: (groupId: string, afterSeq: number) => Promise<EventPage>, userId?: string, reorderWindowMs = 0) {
  const seen: PushedEvent[] = [];
  const errors: unknown[] = [];
  const instance = new EventSequencer({
    fetchEvents, userId, reorderWindowMs, emit: (event) => seen.push(event), onError: (error) => errors.push(error),
  });
  return { instance, seen, errors, seqs: () => seen.map((event) => ('seq' in event ? event.seq : -1)) };
}

describe('EventSequencer', () => {
  it('hands over in-order events without asking the server, and drops duplicates', async () => {
    const log = serverLog(10);
    const { instance, seqs } = sequencer(log.fetchEvents);
    instance.track(GROUP, 2);
    for (const seq of [3, 4, 4, 3, 5, 2]) await instance.receive(messageEvent(seq));
    expect(seqs()).toEqual([3, 4, 5]);
    expect(log.calls).toEqual([]);
    expect(instance.seqOf(GROUP)).toBe(5);
  });

  it('hands over ephemeral events at once, and they neither count as a gap nor move the seq', async () => {
    const log = serverLog(10);
    const { instance, seen, seqs } = sequencer(log.fetchEvents);
    instance.track(GROUP, 2);
    const ephemeral: PushedEvent[] = [
      { type: 'typing', groupId: GROUP, userId: 'u' },
      { type: 'presence.changed', userId: 'u', online: true },
      { type: 'read_marker.updated', groupId: GROUP, lastReadSeq: 9 },
    ];
    await instance.receive(messageEvent(3));
    for (const event of ephemeral) await instance.receive(event);
    expect(instance.seqOf(GROUP)).toBe(3);
    await instance.receive(messageEvent(4));
    expect(seen.filter((event) => !('seq' in event))).toEqual(ephemeral);
    expect(seqs().filter((seq) => seq > 0)).toEqual([3, 4]);
    expect(log.calls).toEqual([]);
  });

  it('catches up over REST, page by page, when an event skips ahead, and hands the live event once', async () => {
    const log = serverLog(9, 3);
    const { instance, seqs } = sequencer(log.fetchEvents);
    instance.track(GROUP, 1);
    await instance.receive(messageEvent(9));
    expect(seqs()).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(log.calls).toEqual([1, 4, 7]);
  });

  it('treats an event pointer as a gap to read over REST', async () => {
    const log = serverLog(4);
    const { instance, seqs } = sequencer(log.fetchEvents);
    instance.track(GROUP, 3);
    await instance.receive({ type: 'event.pointer', groupId: GROUP, seq: 4, eventType: 'message.created' });
    expect(seqs()).toEqual([4]);
  });

  it('catchUpAll reads what followed groups missed', async () => {
    const log = serverLog(6);
    const { instance, seqs } = sequencer(log.fetchEvents);
    instance.track(GROUP, 4);
    await instance.catchUpAll();
    await instance.catchUpAll();
    expect(seqs()).toEqual([5, 6]);
  });

  it('starts following an unknown group at its first event', async () => {
    const log = serverLog(10);
    const { instance, seqs } = sequencer(log.fetchEvents);
    await instance.receive(messageEvent(7));
    await instance.receive(messageEvent(8));
    expect(seqs()).toEqual([7, 8]);
    expect(log.calls).toEqual([]);
  });

  it('stops following a group when catch-up is forbidden or the user is removed', async () => {
    const forbidden = sequencer(async () => {
      throw new ApiError('forbidden', 'not a member');
    });
    forbidden.instance.track(GROUP, 1);
    await forbidden.instance.receive(messageEvent(5));
    expect(forbidden.instance.seqOf(GROUP)).toBeUndefined();
    expect(forbidden.seen).toEqual([]);

    const removed = sequencer(serverLog(0).fetchEvents, 'me');
    removed.instance.track(GROUP, 1);
    await removed.instance.receive({ type: 'member.removed', groupId: GROUP, seq: 2, userId: 'me', by: 'owner' });
    expect(removed.instance.seqOf(GROUP)).toBeUndefined();
  });

  it('reports a failed catch-up and tries again on the next event', async () => {
    let fail = true;
    const log = serverLog(5);
    const { instance, seqs, errors } = sequencer(async (groupId, afterSeq) => {
      if (fail) throw new ApiError('unavailable', 'down');
      return log.fetchEvents(groupId, afterSeq);
    });
    instance.track(GROUP, 1);
    await instance.receive(messageEvent(4));
    expect(errors).toHaveLength(1);
    fail = false;
    await instance.receive(messageEvent(5));
    expect(seqs()).toEqual([2, 3, 4, 5]);
  });

  describe('with a reordering window', () => {
    const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('holds an event that arrives ahead of its neighbour and hands both over in order, without asking the server', async () => {
      const log = serverLog(6);
      const { instance, seqs } = sequencer(log.fetchEvents, undefined, 60_000);
      instance.track(GROUP, 0);
      for (const seq of [2, 1, 4, 3, 3, 6, 5]) await instance.receive(messageEvent(seq));
      expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(log.calls).toEqual([]);
      expect(instance.catchUps).toBe(0);
      instance.dispose();
    });

    it('reads the missing events over REST once the window has passed, then hands over the held ones', async () => {
      const log = serverLog(5);
      const { instance, seqs } = sequencer(log.fetchEvents, undefined, 30);
      instance.track(GROUP, 1);
      await instance.receive(messageEvent(4));
      await instance.receive(messageEvent(5));
      expect(seqs()).toEqual([]);
      await settle(100);
      expect(seqs()).toEqual([2, 3, 4, 5]);
      expect(log.calls).toEqual([1, 4]); // one catch-up, two pages
      expect(instance.catchUps).toBe(1);
    });

    it('catches up to a seq the server says it reached when its event does not arrive within the window', async () => {
      const log = serverLog(3);
      const { instance, seqs } = sequencer(log.fetchEvents, undefined, 30);
      instance.track(GROUP, 1);
      await instance.reached(GROUP, 1); // nothing missing
      await instance.reached(GROUP, 2);
      await instance.receive(messageEvent(2)); // arrives within the window: no catch-up for it
      await settle(100);
      expect(instance.catchUps).toBe(0);
      await instance.reached(GROUP, 3); // never arrives live
      await settle(100);
      expect(seqs()).toEqual([2, 3]);
      expect(log.calls).toEqual([2]);
      expect(instance.catchUps).toBe(1);
    });
  });

  it('deduplicates application events', async () => {
    const { instance, seen } = sequencer(serverLog(0).fetchEvents);
    const application = {
      id: '0b6f1c1e-8a4e-4c43-9c53-1f3c9a0c0002',
      groupId: GROUP,
      applicant: { id: 'b', email: 'b@x', name: 'B', picture: null },
      status: 'pending' as const,
      message: null,
      createdAt: new Date(0).toISOString(),
      decidedAt: null,
      decidedBy: null,
      reason: null,
    };
    await instance.receive({ type: 'application.created', groupId: GROUP, application });
    await instance.receive({ type: 'application.created', groupId: GROUP, application });
    await instance.receive({
      type: 'application.approved',
      groupId: GROUP,
      application: { ...application, status: 'approved', decidedAt: new Date(1).toISOString(), decidedBy: 'a' },
    });
    expect(seen.map((event) => event.type)).toEqual(['application.created', 'application.approved']);
  });

  it('whatever the order and repetition of pushed events, hands over each seq once and in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 60 }),
        async (latest, pushes) => {
          const log = serverLog(latest, 4);
          const { instance, seqs } = sequencer(log.fetchEvents);
          instance.track(GROUP, 0);
          // Pushed concurrently, as they arrive from a socket.
          await Promise.all(pushes.filter((seq) => seq <= latest).map((seq) => instance.receive(messageEvent(seq))));
          await instance.catchUpAll();
          expect(seqs()).toEqual(Array.from({ length: latest }, (_, index) => index + 1));
        },
      ),
    );
  });
});
