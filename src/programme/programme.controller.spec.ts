import { checkFormat } from '../sessions/sessions.service.js';

describe('session format and place', () => {
  it('needs a room in person, a channel online, both hybrid', () => {
    expect(checkFormat({ format: 'in_person', roomId: 'r', channelId: null })).toEqual([]);
    expect(checkFormat({ format: 'online', roomId: null, channelId: 'c' })).toEqual([]);
    expect(checkFormat({ format: 'hybrid', roomId: 'r', channelId: 'c' })).toEqual([]);
    expect(checkFormat({ format: 'hybrid', roomId: 'r', channelId: null }).map((p) => p.field)).toEqual(['channelId']);
    expect(checkFormat({ format: 'online', roomId: 'r', channelId: 'c' }).map((p) => p.field)).toEqual(['roomId']);
  });
});
