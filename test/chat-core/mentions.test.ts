import { completeMention, mentionCandidates, mentionQuery, mentionsIn, splitMentions } from '../../examples/chat-core/mentions';

const people = [
  { id: 'a', name: 'Ada Lovelace' },
  { id: 'b', name: 'Bob' },
  { id: 'bb', name: 'Bob Builder' },
];

describe('mentions', () => {
  it.each([
    ['hi @Bo', 6, { start: 3, query: 'Bo' }],
    ['@', 1, { start: 0, query: '' }],
    ['hi @Ada Lo', 10, { start: 3, query: 'Ada Lo' }],
    ['mail me@example.com', 19, null],
    ['no at sign', 10, null],
    ['@Bob\nnext', 9, null],
  ])('mentionQuery(%j, %d)', (text, caret, expected) => {
    expect(mentionQuery(text, caret)).toEqual(expected);
  });

  it('offers members by the start of their name or of a word of it', () => {
    expect(mentionCandidates(people, 'bo').map((p) => p.id)).toEqual(['b', 'bb']);
    expect(mentionCandidates(people, 'love').map((p) => p.id)).toEqual(['a']);
    expect(mentionCandidates(people, '').map((p) => p.id)).toEqual(['a', 'b', 'bb']);
  });

  it('completes the query into the name and puts the caret after it', () => {
    expect(completeMention('hi @Ad and', 3, 6, 'Ada Lovelace')).toEqual({ text: 'hi @Ada Lovelace  and', caret: 17 });
  });

  it('finds mentions by whole names, longest first, each person once', () => {
    expect(mentionsIn('@Bob Builder and @Bob, @Bob again', people)).toEqual(['bb', 'b']);
    expect(mentionsIn('mail bob@Bob.com', people)).toEqual([]);
    expect(mentionsIn('@Ada Lovelace!', people)).toEqual(['a']);
  });

  it('cuts a body into plain text and mentions', () => {
    expect(splitMentions('hey @Bob, see @Ada Lovelace', people)).toEqual([
      { text: 'hey ' },
      { text: '@Bob', userId: 'b' },
      { text: ', see ' },
      { text: '@Ada Lovelace', userId: 'a' },
    ]);
    expect(splitMentions('plain', people)).toEqual([{ text: 'plain' }]);
  });
});
