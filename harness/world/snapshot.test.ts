import { describe, expect, it } from 'vitest';
import { copyWorld, NotCopyable } from './snapshot.js';
import { World } from './world.js';

class Store {
  readonly items = new Map<string, { body: Buffer; created: Date; tags: Set<string> }>();
  size(): number {
    return this.items.size;
  }
}

function worldWithState(): { world: World; store: Store } {
  const world = new World([
    { name: 'pipeline', id: '111111111111' },
    { name: 'target', id: '222222222222' },
  ]);
  const store = world.account('111111111111')!.store('test', 'us-east-1', () => new Store());
  store.items.set('a', { body: Buffer.from('hello'), created: new Date('2026-01-01T00:00:00Z'), tags: new Set(['x']) });
  return { world, store };
}

describe('copyWorld', () => {
  it('copies accounts, stores (with their classes), globals and credentials', () => {
    const { world } = worldWithState();
    world.global('names', () => new Map([['bucket', '111111111111']]));
    const copy = copyWorld(world);
    expect(copy).toBeInstanceOf(World);
    expect(copy).not.toBe(world);
    expect([...copy.accounts.keys()]).toEqual(['111111111111', '222222222222']);
    const store = copy.account('111111111111')!.store('test', 'us-east-1', () => new Store());
    expect(store).toBeInstanceOf(Store);
    expect(store.size()).toBe(1);
    const item = store.items.get('a')!;
    expect(item.body.toString()).toBe('hello');
    expect(item.created).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect([...item.tags]).toEqual(['x']);
    expect(copy.global('names', () => new Map<string, string>()).get('bucket')).toBe('111111111111');
    expect(copy.credentials.get('222222222222')?.principal.account).toBe('222222222222');
  });

  it('shares nothing with the original: changes to either stay there', () => {
    const { world, store } = worldWithState();
    const copy = copyWorld(world);
    const copied = copy.account('111111111111')!.store('test', 'us-east-1', () => new Store());
    copied.items.get('a')!.body.write('J');
    copied.items.get('a')!.tags.add('y');
    copied.items.set('b', { body: Buffer.alloc(0), created: new Date(), tags: new Set() });
    copy.addAccount({ name: 'repo', id: '333333333333' });
    expect(store.items.get('a')!.body.toString()).toBe('hello');
    expect([...store.items.get('a')!.tags]).toEqual(['x']);
    expect(store.size()).toBe(1);
    expect(world.account('333333333333')).toBeUndefined();
    expect(world.credentials.get('333333333333')).toBeUndefined();
  });

  it('keeps shared references shared (one object reached twice is copied once)', () => {
    const { world, store } = worldWithState();
    const shared = { arn: 'arn:aws:iam::111111111111:role/r' };
    store.items.set('b', { body: Buffer.alloc(0), created: new Date(0), tags: new Set() });
    (store.items.get('a') as unknown as { ref: unknown }).ref = shared;
    (store.items.get('b') as unknown as { ref: unknown }).ref = shared;
    const copied = copyWorld(world).account('111111111111')!.store('test', 'us-east-1', () => new Store());
    const [a, b] = [copied.items.get('a') as unknown as { ref: object }, copied.items.get('b') as unknown as { ref: object }];
    expect(a.ref).toBe(b.ref);
    expect(a.ref).not.toBe(shared);
  });

  it('refuses state it cannot copy faithfully, naming where it is', () => {
    const { world, store } = worldWithState();
    (store.items.get('a') as unknown as { done: Promise<void> }).done = Promise.resolve();
    expect(() => copyWorld(world)).toThrow(NotCopyable);
    expect(() => copyWorld(world)).toThrow(/\.items\[a\]\.done is a Promise$/);
    delete (store.items.get('a') as unknown as { done?: unknown }).done;
    (store.items.get('a') as unknown as { finish: () => void }).finish = () => undefined;
    expect(() => copyWorld(world)).toThrow(/\.items\[a\]\.finish is a function$/);
  });
});
