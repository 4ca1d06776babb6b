/**
 * WCAG 2.2 contrast (success criterion 1.4.3) of every visible text on an inspector page:
 * each text node's colour, and each form field's value or placeholder, against the
 * background it is drawn on (the element's own and its ancestors' background colours,
 * composited up to the first opaque one, the element's opacity applied to the text).
 * Text of disabled controls is exempt, as WCAG exempts inactive components; so is
 * generated (`::before`) content, which is not in the DOM. Background images and
 * elements painted over others out of DOM order are not considered.
 */
import type { Page } from 'playwright-core';

/** A text whose contrast is below what WCAG asks of its size. */
export interface ContrastOffender {
  readonly text: string;
  /** The element's tag and classes, inside the nearest labelled ancestor. */
  readonly where: string;
  readonly color: string;
  readonly background: string;
  /** Rounded to two decimals. */
  readonly ratio: number;
  /** 4.5, or 3 for large text (at least 24px, or 18.66px and bold). */
  readonly needed: number;
}

/** The texts on `page` as it is now whose contrast is below WCAG's minimum, each (colour, background, place) once. */
export function lowContrastTexts(page: Page): Promise<ContrastOffender[]> {
  return page.locator('body').evaluate((body) => {
    type Rgba = readonly [number, number, number, number];
    // The DOM's Element, named through the page's own types: these tests are type-checked without the DOM's globals.
    type Element = NonNullable<ReturnType<typeof body.querySelector>>;
    const view = body.ownerDocument.defaultView;
    if (view === null) throw new Error('the page has no window');
    const style = (element: Element, pseudo?: string) => view.getComputedStyle(element, pseudo);

    const parse = (css: string): Rgba => {
      const numbers = /^(?:rgba?\(|color\(srgb )([^)]*)\)$/.exec(css)?.[1]?.split(/[\s,/]+/).filter(Boolean).map(Number);
      if (numbers === undefined || numbers.length < 3 || numbers.some(Number.isNaN)) throw new Error(`a colour this check cannot read: ${css}`);
      const scale = css.startsWith('color(') ? 255 : 1;
      return [numbers[0]! * scale, numbers[1]! * scale, numbers[2]! * scale, numbers[3] ?? 1];
    };
    // Porter-Duff "over".
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const alpha = top[3] + bottom[3] * (1 - top[3]);
      const channel = (index: 0 | 1 | 2) => (alpha === 0 ? 0 : (top[index] * top[3] + bottom[index] * bottom[3] * (1 - top[3])) / alpha);
      return [channel(0), channel(1), channel(2), alpha];
    };
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let at: Element | null = element; at !== null; at = at.parentElement) {
        const layer = parse(style(at).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] >= 1) break;
      }
      // Below everything, the canvas: white unless the root's background is opaque.
      return layers.reverse().reduce<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const opacityOf = (element: Element): number => {
      let opacity = 1;
      for (let at: Element | null = element; at !== null; at = at.parentElement) opacity *= Number(style(at).opacity);
      return opacity;
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const linear = (value: number) => (value / 255 <= 0.04045 ? value / 255 / 12.92 : ((value / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const css = ([r, g, b]: Rgba) => `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
    const where = (element: Element): string => {
      const own = `${element.tagName.toLowerCase()}${[...element.classList].filter((name) => !name.startsWith('svelte-')).map((name) => `.${name}`).join('')}`;
      const labelled = element.closest('[aria-label]');
      return labelled === null ? own : `${own} in "${labelled.getAttribute('aria-label')}"`;
    };
    const shown = (element: Element) => element.checkVisibility({ visibilityProperty: true }) && element.getClientRects().length > 0;

    const texts: { element: Element; text: string; color: string }[] = [];
    const walker = body.ownerDocument.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const element = node.parentElement;
      if (text === '' || element === null || ['SCRIPT', 'STYLE', 'OPTION', 'TEXTAREA'].includes(element.tagName)) continue;
      texts.push({ element, text, color: style(element).color });
    }
    for (const field of body.querySelectorAll('input:not([type=checkbox]):not([type=radio]), textarea, select')) {
      const value = (field as Element & { value: string }).value;
      const placeholder = field.getAttribute('placeholder') ?? '';
      if (value !== '') texts.push({ element: field, text: field.tagName === 'SELECT' ? (field as Element & { selectedOptions: { [i: number]: { text: string } } }).selectedOptions[0]?.text ?? value : value, color: style(field).color });
      else if (placeholder !== '') texts.push({ element: field, text: placeholder, color: style(field, '::placeholder').color });
    }

    const offenders = new Map<string, ContrastOffender>();
    for (const { element, text, color } of texts) {
      if (!shown(element) || element.closest(':disabled, [aria-disabled=true]') !== null) continue;
      const background = backgroundOf(element);
      const foreground = parse(color);
      const drawn = over([foreground[0], foreground[1], foreground[2], foreground[3] * opacityOf(element)], background);
      const [light, dark] = [luminance(drawn), luminance(background)].sort((a, b) => b - a) as [number, number];
      const ratio = (light + 0.05) / (dark + 0.05);
      const { fontSize, fontWeight } = style(element);
      const size = Number.parseFloat(fontSize);
      const needed = size >= 24 || (size >= 18.66 && Number(fontWeight) >= 700) ? 3 : 4.5;
      if (ratio >= needed) continue;
      const offender = { text: text.slice(0, 60), where: where(element), color: css(drawn), background: css(background), ratio: Math.round(ratio * 100) / 100, needed };
      offenders.set(`${offender.where} ${offender.color} ${offender.background}`, offender);
    }
    return [...offenders.values()];
  });
}
