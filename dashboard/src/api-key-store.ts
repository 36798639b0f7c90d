/** What the dashboard knows about the hub's API key. */
export interface ApiKeyState {
  /** The key to send, or null when none was entered (a hub without Qyl:ApiKey needs none). */
  key: string | null;
  /** The hub answered 401: the key form is shown until a key is entered. */
  needed: boolean;
  /** The hub refused the key that was sent (as opposed to no key at all). */
  refused: boolean;
  /** Bumped on every entered key, so pages can fetch again with it. */
  generation: number;
}

/** The slice of the Web Storage API the store uses; sessionStorage in the browser. */
export type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const apiKeyStorageName = 'qyl.apiKey';

/**
 * The API key for this browser tab. It lives in sessionStorage: it survives a reload, never outlasts
 * the tab and is never shared with other tabs or written to disk as localStorage would be. The first
 * 401 asks for it; a 401 for the key just sent clears it and says it was refused.
 */
export class ApiKeyStore {
  private state: ApiKeyState;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: KeyStorage | null) {
    this.state = { key: readKey(storage), needed: false, refused: false, generation: 0 };
  }

  get key(): string | null {
    return this.state.key;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ApiKeyState => this.state;

  /** Keeps `key` for the session and lets everything waiting for it try again. */
  enter(key: string): void {
    const trimmed = key.trim();
    if (trimmed.length === 0) return;
    try {
      this.storage?.setItem(apiKeyStorageName, trimmed);
    } catch {
      // Storage full or blocked: the key still works until the page is reloaded.
    }
    this.set({ key: trimmed, needed: false, refused: false, generation: this.state.generation + 1 });
  }

  /**
   * The hub answered 401 to a request that carried `sentKey` (null: none). Only the current key can
   * be refused: a 401 for a key replaced since was answered before the new key existed.
   */
  unauthorized(sentKey: string | null): void {
    if (sentKey !== this.state.key) return;
    if (sentKey !== null) {
      try {
        this.storage?.removeItem(apiKeyStorageName);
      } catch {
        // Nothing stored to forget.
      }
    }
    if (this.state.needed && this.state.key === null && this.state.refused === (sentKey !== null)) return;
    this.set({ key: null, needed: true, refused: sentKey !== null });
  }

  private set(change: Partial<ApiKeyState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}

function readKey(storage: KeyStorage | null): string | null {
  try {
    const key = storage?.getItem(apiKeyStorageName);
    return key ? key : null;
  } catch {
    return null;
  }
}

function sessionStorageOrNull(): KeyStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    // Some privacy settings throw on any access to storage.
    return null;
  }
}

/** The tab's one key store. */
export const apiKeys = new ApiKeyStore(sessionStorageOrNull());
