import type { CatalogEntry } from '../../../core/catalogEntry';
import type { Precision } from '../../../core/engine';
import { availability, type Availability } from '../../../models/availability';
import { probeCapabilities } from './probe';
import type { CapabilityReport } from '../../../core/capabilityReport';

/** What this browser can do (WebGPU, isolation, storage), and so which models can run here. */
export class DeviceStore {
  #report = $state<CapabilityReport | null>(null);
  #probe: () => Promise<CapabilityReport>;

  constructor(probe: () => Promise<CapabilityReport> = probeCapabilities) {
    this.#probe = probe;
  }

  get report() {
    return this.#report;
  }

  /** Null until the first probe has answered. */
  availabilityOf(entry: CatalogEntry, precision: Precision = 'fast'): Availability | null {
    return this.#report ? availability(this.#report, entry, precision) : null;
  }

  async probe(): Promise<void> {
    this.#report = await this.#probe();
  }

  /** Asks the browser not to evict downloaded weights under storage pressure. */
  async requestPersistence(): Promise<boolean> {
    const granted = (await navigator.storage?.persist?.()) ?? false;
    await this.probe();
    return granted;
  }
}
