import { describe, expect, it } from 'vitest';
import { tabForKey } from './tabKeys';

describe('tabForKey', () => {
  it('steps with the arrows, wrapping at both ends, and jumps with Home and End', () => {
    expect(tabForKey('ArrowRight', 0, 4)).toBe(1);
    expect(tabForKey('ArrowRight', 3, 4)).toBe(0);
    expect(tabForKey('ArrowLeft', 0, 4)).toBe(3);
    expect(tabForKey('ArrowLeft', 2, 4)).toBe(1);
    expect(tabForKey('Home', 2, 4)).toBe(0);
    expect(tabForKey('End', 1, 4)).toBe(3);
  });

  it('leaves every other key to the page', () => {
    for (const key of ['Enter', ' ', 'ArrowDown', 'ArrowUp', 'Tab', 'a']) expect(tabForKey(key, 1, 4)).toBeNull();
  });
});
