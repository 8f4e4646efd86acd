import { MIN_PASSPHRASE_LENGTH, type LockKey } from '../../../storage/consultationLock';
import { countConsultations } from '../../../storage/consultations';
import { getLock, sealPlainText, turnOffLock, turnOnLock, unlockConsultations } from '../../../storage/lockedConsultations';
import { errorMessage } from '../shared/errorMessage';

/** `locked`: the lock is on and this page holds no key; `unlocked`: it holds the key for this session. */
export type LockStatus = 'off' | 'locked' | 'unlocked';

/** What the lock needs from the consultations it guards. */
export interface GuardedConsultations {
  /** Why every record cannot be rewritten now (a reply is being written), or null. */
  busyReason(): string | null;
  /** Stops any reply and resolves once it is saved. */
  settle(): Promise<void>;
  /** Reads the consultations again, with the key or as locked. */
  reload(): Promise<void>;
}

/** The passphrase lock of consultations, for this page. The key is kept in memory only. */
export class ConsultLock {
  #guarded: GuardedConsultations;
  #status = $state<LockStatus>('off');
  #lockedCount = $state(0);
  #busy = $state(false);
  #error = $state<string | null>(null);
  /** Never stored anywhere: a reload, "Lock now" or turning the lock off forgets it. */
  #key: LockKey | null = null;

  constructor(guarded: GuardedConsultations) {
    this.#guarded = guarded;
  }

  get status() {
    return this.#status;
  }
  /** How many consultations the lock hides while locked. */
  get lockedCount() {
    return this.#lockedCount;
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

  /**
   * Reads whether the lock is on; a key for a lock that was replaced or removed is forgotten. While
   * unlocked, text an import brought in plain is sealed.
   */
  async refresh(): Promise<void> {
    const lock = await getLock();
    if (this.#key?.salt !== lock?.kdf.salt) this.#key = null;
    if (this.#key) await sealPlainText(this.#key);
    this.#status = !lock ? 'off' : this.#key ? 'unlocked' : 'locked';
    this.#lockedCount = this.#status === 'locked' ? await countConsultations() : 0;
  }

  /** Seals every consultation under a new passphrase; only once the user confirmed that a forgotten one loses them. */
  async turnOn(passphrase: string, repeated: string, understood: boolean): Promise<boolean> {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH)
      return this.#refuse(`The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    if (passphrase !== repeated) return this.#refuse('The two passphrases differ. Type the same passphrase twice.');
    if (!understood) return this.#refuse('Tick the box first: a forgotten passphrase means the consultations cannot be recovered.');
    const busy = this.#guarded.busyReason();
    if (busy) return this.#refuse(busy);
    return this.#run(async () => {
      this.#key = await turnOnLock(passphrase);
      return true;
    });
  }

  async unlock(passphrase: string): Promise<boolean> {
    return this.#run(async () => {
      this.#key = await unlockConsultations(passphrase);
      if (!this.#key) this.#error = 'Wrong passphrase. Nothing was unlocked or changed.';
      return this.#key !== null;
    });
  }

  /** Forgets the key after any reply being written is stopped and saved sealed. */
  async lockNow(): Promise<void> {
    try {
      await this.#guarded.settle();
    } finally {
      // Even if the reply's last write failed, the key is forgotten and nothing stays on screen.
      this.#key = null;
      this.#error = null;
      await this.#guarded.reload();
    }
  }

  /** Opens every sealed text and removes the lock; asks for the passphrase even while unlocked. */
  async turnOff(passphrase: string): Promise<boolean> {
    const busy = this.#guarded.busyReason();
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

  #refuse(message: string): false {
    this.#error = message;
    return false;
  }

  /** Runs one lock change, then shows the consultations as they now are; any failure is said, not thrown. */
  async #run(change: () => Promise<boolean>): Promise<boolean> {
    this.#busy = true;
    this.#error = null;
    try {
      const done = await change();
      if (done) await this.#guarded.reload();
      return done;
    } catch (e) {
      this.#error = errorMessage(e);
      return false;
    } finally {
      this.#busy = false;
    }
  }
}
