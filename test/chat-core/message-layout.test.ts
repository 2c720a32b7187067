import { initials, layoutMessages, relativeTime } from '../../examples/chat-core/message-layout';
import { message, me, other } from './fixtures';

const at = (time: string, authorId: string) => message('g', 0, { createdAt: `2026-01-0${time}Z`, authorId });
const dayOf = (iso: string) => iso.slice(0, 10);

describe('message layout', () => {
  it('groups one author within 5 minutes on one day, and opens each day with a separator', () => {
    const rows = layoutMessages(
      [
        at('1T10:00:00', me.id), // first: header and day
        at('1T10:04:59', me.id), // 4:59 later: same group
        at('1T10:10:00', me.id), // 5:01 after the previous: new group
        at('1T10:10:30', other.id), // another author
        at('1T10:11:00', me.id), // back to me: new group
        at('2T00:00:10', me.id), // next day: separator and header
        at('2T00:01:00', me.id),
      ],
      dayOf,
    );
    expect(rows.map((row) => [row.startsGroup, row.newDay])).toEqual([
      [true, '2026-01-01'],
      [false, null],
      [true, null],
      [true, null],
      [true, null],
      [true, '2026-01-02'],
      [false, null],
    ]);
  });

  it.each([
    ['Ada Lovelace', 'AL'],
    ['ada  byron lovelace ', 'AL'],
    ['bob', 'B'],
    ['émile', 'É'],
    ['   ', '?'],
  ])('initials of %j are %s', (name, expected) => expect(initials(name)).toBe(expected));

  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [60_000, '1 min ago'],
    [59 * 60_000, '59 min ago'],
    [60 * 60_000, '1 h ago'],
    [25 * 3600_000, '1 d ago'],
    [7 * 24 * 3600_000, null],
  ])('%i ms ago reads %s', (ago, expected) => expect(relativeTime('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:00:00Z') + ago)).toBe(expected));
});
