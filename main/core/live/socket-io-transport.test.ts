import { describe, expect, it } from 'vitest';
import { socketTarget } from './socket-io-transport';

describe('socket.io target of a notificationUrl', () => {
  it('splits at /callback? as Graph documents: the namespace URL, and the query', () => {
    expect(socketTarget('https://f3hb0mpua.svc.ms/zbaehwg/callback?snthgk=1ff3-2345672zz831837523')).toEqual({
      uri: 'https://f3hb0mpua.svc.ms/zbaehwg',
      query: 'snthgk=1ff3-2345672zz831837523',
    });
    expect(socketTarget('https://push.example/ns?x=1')).toEqual({ uri: 'https://push.example/ns?x=1' });
  });
});
