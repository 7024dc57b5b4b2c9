import { createKeyedLimiter } from '../../src/collect/limiter';

function tracker() {
  const state = { active: 0, maxActive: 0, byKey: new Map<string, number>(), maxByKey: 0 };
  const task = (key: string) => async () => {
    state.active += 1;
    state.byKey.set(key, (state.byKey.get(key) ?? 0) + 1);
    state.maxActive = Math.max(state.maxActive, state.active);
    state.maxByKey = Math.max(state.maxByKey, state.byKey.get(key)!);
    await new Promise((resolve) => setTimeout(resolve, 10));
    state.active -= 1;
    state.byKey.set(key, state.byKey.get(key)! - 1);
    return key;
  };
  return { state, task };
}

describe('createKeyedLimiter', () => {
  test('bounds overall and per key', async () => {
    const limit = createKeyedLimiter(3, 2);
    const { state, task } = tracker();
    const keys = ['a', 'a', 'a', 'b', 'b', 'c', 'c', 'd', 'a', 'b'];

    const results = await Promise.all(keys.map((key) => limit(key, task(key))));

    expect(results).toEqual(keys);
    expect(state.maxActive).toBe(3);
    expect(state.maxByKey).toBe(2);
  });

  test('failed task frees its slot', async () => {
    const limit = createKeyedLimiter(1, 1);
    await expect(limit('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit('a', () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
