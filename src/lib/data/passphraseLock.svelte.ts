import { MIN_PASSPHRASE_LENGTH, type LockKey } from '../../../storage/passphraseLock';
import { countLocked, getLock, sealPlainText, turnOffLock, turnOnLock, unlock } from '../../../storage/lockedStores';
import { SEALED_STORES, type SealedStore } from '../../../storage/sealedRecords';
import { errorMessage } from '../shared/errorMessage';

/** `locked`: the lock is on and this page holds no key; `unlocked`: it holds the key for this session. */
export type LockStatus = 'off' | 'locked' | 'unlocked';

/** What the lock needs from a page's state that reads or writes sealed text. */
export interface GuardedStore {
  /** Why every record cannot be rewritten now (a reply or a run is being written), or null. */
  busyReason(): string | null;
  /** Stops whatever is being written and resolves once it is saved. */
  settle(): Promise<void>;
  /** Reads its records again, with the key or as locked. */
  reload(): Promise<void>;
}

const NONE_LOCKED = Object.fromEntries(SEALED_STORES.map((s) => [s, 0])) as Record<SealedStore, number>;

/**
 * The passphrase lock of every typed and generated text, shared by all pages: one key, in memory only,
 * for this page's session. Each page's state registers with `guard`, so a lock change waits for its
 * writes and shows its records as they now are.
 */
export class PassphraseLock {
  /** Not state: nothing on screen depends on who is registered. */
  #guarded: GuardedStore[] = [];
  #status = $state<LockStatus>('off');
  #locked = $state<Record<SealedStore, number>>(NONE_LOCKED);
  #busy = $state(false);
  #error = $state<string | null>(null);
  /** Never stored anywhere: a reload, "Lock now" or turning the lock off forgets it. */
  #key: LockKey | null = null;
  #refreshing: Promise<void> | null = null;

  get status() {
    return this.#status;
  }
  /** How many records of each store the lock hides while locked. */
  get locked() {
    return this.#locked;
  }
  /** A key derivation is running (about half a second): buttons wait for it. */
  get busy() {
    return this.#busy;
  }
  get error() {
    return this.#error;
  }
  get key() {
    return this.#key;
  }

  /** Registers a page's state; returns what unregisters it (when its page is left). */
  guard(store: GuardedStore): () => void {
    this.#guarded = [...this.#guarded, store];
    return () => {
      this.#guarded = this.#guarded.filter((g) => g !== store);
    };
  }

  /**
   * Reads whether the lock is on; a key for a lock that was replaced or removed is forgotten. While
   * unlocked, text an import brought in plain is sealed. Pages call it as they load: calls made while one
   * runs share it.
   */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#read().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #read(): Promise<void> {
    const lock = await getLock();
    if (this.#key?.salt !== lock?.kdf.salt) this.#key = null;
    if (this.#key) await sealPlainText(this.#key);
    this.#status = !lock ? 'off' : this.#key ? 'unlocked' : 'locked';
    this.#locked = this.#status === 'locked' ? await countLocked() : NONE_LOCKED;
  }

  /** Seals every stored text under a new passphrase; only once the user confirmed that a forgotten one loses them. */
  async turnOn(passphrase: string, repeated: string, understood: boolean): Promise<boolean> {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH)
      return this.#refuse(`The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    if (passphrase !== repeated) return this.#refuse('The two passphrases differ. Type the same passphrase twice.');
    if (!understood) return this.#refuse('Tick the box first: a forgotten passphrase means what it locks cannot be recovered.');
    const busy = this.#busyReason();
    if (busy) return this.#refuse(busy);
    return this.#run(async () => {
      this.#key = await turnOnLock(passphrase);
      return true;
    });
  }

  async unlock(passphrase: string): Promise<boolean> {
    return this.#run(async () => {
      this.#key = await unlock(passphrase);
      if (!this.#key) this.#error = 'Wrong passphrase. Nothing was unlocked or changed.';
      return this.#key !== null;
    });
  }

  /** Forgets the key after whatever is being written (a reply, a run) is stopped and saved sealed. */
  async lockNow(): Promise<void> {
    try {
      await Promise.all(this.#guarded.map((g) => g.settle()));
    } finally {
      // Even if a last write failed, the key is forgotten and nothing stays on screen.
      this.#key = null;
      this.#error = null;
      await this.#reload();
    }
  }

  /** Opens every sealed text and removes the lock; asks for the passphrase even while unlocked. */
  async turnOff(passphrase: string): Promise<boolean> {
    const busy = this.#busyReason();
    if (busy) return this.#refuse(busy);
    return this.#run(async () => {
      const off = await turnOffLock(passphrase);
      if (off) this.#key = null;
      else this.#error = 'Wrong passphrase. The lock stays on; nothing was changed.';
      return off;
    });
  }

  dismissError(): void {
    this.#error = null;
  }

  #busyReason(): string | null {
    for (const g of this.#guarded) {
      const reason = g.busyReason();
      if (reason) return reason;
    }
    return null;
  }

  #refuse(message: string): false {
    this.#error = message;
    return false;
  }

  /** The lock's state, then every page's records, as they now are. */
  async #reload(): Promise<void> {
    await this.refresh();
    await Promise.all(this.#guarded.map((g) => g.reload()));
  }

  /** Runs one lock change, then shows the records as they now are; any failure is said, not thrown. */
  async #run(change: () => Promise<boolean>): Promise<boolean> {
    this.#busy = true;
    this.#error = null;
    try {
      const done = await change();
      if (done) await this.#reload();
      return done;
    } catch (e) {
      this.#error = errorMessage(e);
      return false;
    } finally {
      this.#busy = false;
    }
  }
}
