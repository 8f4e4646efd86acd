import { describe, expect, it } from 'vitest';
import { parseWebLlmProgress } from './webllmProgress';

const MIB = 1024 * 1024;

describe('parseWebLlmProgress', () => {
  it('reads a first-visit download as the download stage with bytes and a total from the fraction', () => {
    const p = parseWebLlmProgress({
      progress: 0.25,
      timeElapsed: 12,
      text: 'Fetching param cache[5/22]: 300MB fetched. 25% completed, 12 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.',
    });
    expect(p.stage).toBe('download');
    expect(p.loaded).toBe(300 * MIB);
    expect(p.total).toBe(1200 * MIB);
    expect(p.text).toBe('Downloading weights: 300 MB of 1200 MB');
  });

  it('reads loading from the browser cache as cache-read, so a reload shows progress too', () => {
    const p = parseWebLlmProgress({
      progress: 0.5,
      timeElapsed: 3,
      text: 'Loading model from cache[11/22]: 600MB loaded. 50% completed, 3 secs elapsed.',
    });
    expect(p.stage).toBe('cache-read');
    expect(p.loaded).toBe(600 * MIB);
    expect(p.total).toBe(1200 * MIB);
  });

  it('reads shader compilation as the compile stage counted in modules', () => {
    const p = parseWebLlmProgress({
      progress: 0.3,
      timeElapsed: 4,
      text: 'Loading GPU shader modules[12/40]: 30% completed, 4 secs elapsed.',
    });
    expect(p).toMatchObject({ stage: 'compile', loaded: 12, total: 40 });
  });

  it('reads the final report as ready and names the GPU', () => {
    const p = parseWebLlmProgress({ progress: 1, timeElapsed: 20, text: 'Finish loading on WebGPU - nvidia' });
    expect(p).toMatchObject({ stage: 'ready', loaded: 1, total: 1, text: 'Ready on WebGPU - nvidia' });
  });

  it('keeps an unknown total at zero rather than inventing one', () => {
    const p = parseWebLlmProgress({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' });
    expect(p).toMatchObject({ stage: 'download', loaded: 0, total: 0, text: 'Start to fetch params' });
  });
});
