import { ROUTES } from '../../src/contract/routes';
import { parseInput } from '../../src/runtime/http/validation';

const GROUP = '5b0e3f52-7d1c-4c1e-9a63-2f8c0f6f5d11';

/** The message of the bad_request that parsing `value` with the route's schema gives. */
function messageOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toMatchObject({ name: 'ApiError', code: 'bad_request' });
    return (error as Error).message;
  }
  throw new Error('parsed without error');
}

describe('parseInput: bad input named field by field, in words a person can act on', () => {
  const cases: [string, () => unknown, string][] = [
    ['a path id that is not a UUID', () => parseInput(ROUTES.getGroup.params, { groupId: 'abc' }, 'path'), 'path.groupId: must be a UUID, not "abc"'],
    ['a missing query parameter', () => parseInput(ROUTES.listEvents.query, {}, 'query'), 'query.afterSeq: is required'],
    ['a number that is not one', () => parseInput(ROUTES.listMessages.query, { limit: 'ten' }, 'query'), 'query.limit: must be a number, not "ten"'],
    ['a wrong type in the body', () => parseInput(ROUTES.createGroup.body, { name: 'x', discoverable: 'yes' }, 'body'), 'body.discoverable: must be true or false, not "yes"'],
    ['an unknown field', () => parseInput(ROUTES.createGroup.body, { name: 'x', colour: 'red' }, 'body'), 'body: unknown field "colour"'],
    ['a body that is not an object', () => parseInput(ROUTES.createGroup.body, [], 'body'), 'body: must be a JSON object, not a list'],
    [
      'several problems at once',
      () => parseInput(ROUTES.postMessage.body, { id: 'x', body: '  ' }, 'body'),
      'body.id: must be a UUID, not "x"; body.body: must not be blank',
    ],
  ];

  test.each(cases)('%s', (_case, parse, message) => {
    expect(messageOf(parse)).toBe(message);
  });

  test('good input comes back parsed, with defaults filled in', () => {
    expect(parseInput(ROUTES.listMessages.query, { limit: '20' }, 'query')).toEqual({ limit: 20 });
    expect(parseInput(ROUTES.createGroup.body, { name: '  Chess ' }, 'body')).toEqual({ name: 'Chess', description: '', discoverable: false });
    expect(parseInput(ROUTES.getGroup.params, { groupId: GROUP }, 'path')).toEqual({ groupId: GROUP });
  });
});
