import { matchesEtag } from './programme.controller.js';
import { checkFormat } from '../sessions/sessions.service.js';

describe('ETag matching', () => {
  it('matches a listed strong ETag or *, nothing else', () => {
    expect(matchesEtag('"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('"x", "abc"', '"abc"')).toBe(true);
    expect(matchesEtag('*', '"abc"')).toBe(true);
    expect(matchesEtag('W/"abc"', '"abc"')).toBe(false);
    expect(matchesEtag(undefined, '"abc"')).toBe(false);
  });
});

describe('session format and place', () => {
  it('needs a room in person, a channel online, both hybrid', () => {
    expect(checkFormat({ format: 'in_person', roomId: 'r', channelId: null })).toEqual([]);
    expect(checkFormat({ format: 'online', roomId: null, channelId: 'c' })).toEqual([]);
    expect(checkFormat({ format: 'hybrid', roomId: 'r', channelId: 'c' })).toEqual([]);
    expect(checkFormat({ format: 'hybrid', roomId: 'r', channelId: null }).map((p) => p.field)).toEqual(['channelId']);
    expect(checkFormat({ format: 'online', roomId: 'r', channelId: 'c' }).map((p) => p.field)).toEqual(['roomId']);
  });
});
