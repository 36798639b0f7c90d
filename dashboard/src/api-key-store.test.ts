import { describe, expect, it } from 'vitest';
import { ApiKeyStore, apiKeyStorageName, type KeyStorage } from './api-key-store';

/** An in-memory sessionStorage. */
class MemoryStorage implements KeyStorage {
  readonly items = new Map<string, string>();
  getItem(name: string): string | null { return this.items.get(name) ?? null; }
  setItem(name: string, value: string): void { this.items.set(name, value); }
  removeItem(name: string): void { this.items.delete(name); }
}

describe('ApiKeyStore', () => {
  it('new_NothingStored_NoKeyAndNotNeeded', () => {
    const store = new ApiKeyStore(new MemoryStorage());
    expect(store.getSnapshot()).toEqual({ key: null, needed: false, refused: false, generation: 0 });
  });

  it('new_KeyInSessionStorage_UsesItWithoutAsking', () => {
    const storage = new MemoryStorage();
    storage.setItem(apiKeyStorageName, 'k1');
    const store = new ApiKeyStore(storage);
    expect(store.key).toBe('k1');
    expect(store.getSnapshot().needed).toBe(false);
  });

  it('unauthorized_NoKeySent_AsksWithoutSayingRefused', () => {
    const store = new ApiKeyStore(new MemoryStorage());
    let notified = 0;
    store.subscribe(() => notified++);
    store.unauthorized(null);
    expect(store.getSnapshot()).toMatchObject({ key: null, needed: true, refused: false });
    store.unauthorized(null);
    expect(notified).toBe(1);
  });

  it('enter_Key_StoredForTheSessionAndGenerationBumped', () => {
    const storage = new MemoryStorage();
    const store = new ApiKeyStore(storage);
    store.unauthorized(null);
    store.enter('  s3cret \n');
    expect(store.getSnapshot()).toEqual({ key: 's3cret', needed: false, refused: false, generation: 1 });
    expect(storage.getItem(apiKeyStorageName)).toBe('s3cret');
    expect(new ApiKeyStore(storage).key).toBe('s3cret');
  });

  it('enter_Blank_Ignored', () => {
    const store = new ApiKeyStore(new MemoryStorage());
    store.enter('   ');
    expect(store.getSnapshot().generation).toBe(0);
  });

  it('unauthorized_CurrentKeySent_ForgetsItAndSaysRefused', () => {
    const storage = new MemoryStorage();
    const store = new ApiKeyStore(storage);
    store.enter('wrong');
    store.unauthorized('wrong');
    expect(store.getSnapshot()).toMatchObject({ key: null, needed: true, refused: true });
    expect(storage.getItem(apiKeyStorageName)).toBeNull();
  });

  it('unauthorized_StaleKeyAfterNewOneEntered_Ignored', () => {
    const store = new ApiKeyStore(new MemoryStorage());
    store.enter('old');
    store.enter('new');
    store.unauthorized('old');
    store.unauthorized(null);
    expect(store.getSnapshot()).toMatchObject({ key: 'new', needed: false, refused: false });
  });

  it('new_StorageThrows_WorksWithoutIt', () => {
    const broken: KeyStorage = {
      getItem: () => { throw new Error('blocked'); },
      setItem: () => { throw new Error('blocked'); },
      removeItem: () => { throw new Error('blocked'); },
    };
    const store = new ApiKeyStore(broken);
    store.enter('k');
    expect(store.key).toBe('k');
    store.unauthorized('k');
    expect(store.getSnapshot().refused).toBe(true);
  });
});
