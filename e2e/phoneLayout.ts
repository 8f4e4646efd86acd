import type { Page } from '@playwright/test';

/**
 * What reads badly on a narrow screen, found in the page itself: the page scrolling sideways, any element
 * sticking out of the window (unless it lies in a box that scrolls sideways on its own, as tables do), and
 * text wrapped about one character per line. Each problem names the element and its text.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    const name = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? ` class="${el.className.replace(/\s*svelte-\w+/g, '')}"` : ''}> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    if (document.documentElement.scrollWidth > width) problems.push(`the page is ${document.documentElement.scrollWidth}px wide`);
    // Boxes made to scroll sideways: a table, preformatted text, a .table-scroll wrapper. Any other box that
    // scrolls sideways (main, a card, a message list) hides part of the page.
    const ownScroller = (el: Element) => el.matches('table, pre, .table-scroll');
    const scrollsSideways = (el: Element) =>
      ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1;
    const inOwnScroller = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (ownScroller(a)) return true;
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      // Hidden (in a closed <details> too), visually hidden (a 1 px box) or in a box of its own that scrolls.
      if (r.width <= 1 || r.height <= 1 || !el.checkVisibility({ visibilityProperty: true }) || inOwnScroller(el)) continue;
      if (r.right > width + 1 || r.left < -1) problems.push(`${name(el)} spans ${Math.round(r.left)}–${Math.round(r.right)} px`);
      else if (!ownScroller(el) && scrollsSideways(el))
        problems.push(`${name(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth})`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const letters = (node.textContent ?? '').replace(/\s/g, '').length;
      if (letters < 3 || !node.parentElement?.checkVisibility({ visibilityProperty: true })) continue;
      range.selectNodeContents(node);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size >= 3 && letters / tops.size <= 2)
        problems.push(`${name(node.parentElement!)} wraps ${letters} letters over ${tops.size} lines`);
    }
    return [...new Set(problems)];
  });
}
