/**
 * The passphrase lock's key for this session (derived in storage/passphraseLock.ts), held in memory only.
 * It is part of the contract because it crosses to the engine worker with a benchmark run: the worker
 * stores each generated answer sealed as it is written.
 */
export interface LockKey {
  /** Not extractable: structured clone can hand it to a worker, but nothing can read it out as bytes. */
  readonly cryptoKey: CryptoKey;
  /** The salt of the lock record it was derived for: a key for a lock since replaced no longer fits. */
  readonly salt: string;
}
