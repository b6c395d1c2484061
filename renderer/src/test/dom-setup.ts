/**
 * happy-dom implements element.animate() but cancels animations on unmount with an unhandled AbortError.
 * Without animate(), Fluent's motion takes its no-animation path, which is what a test wants anyway.
 */
for (const proto of [Element.prototype, HTMLElement.prototype]) {
  if (Object.prototype.hasOwnProperty.call(proto, 'animate')) {
    Object.defineProperty(proto, 'animate', { value: undefined, configurable: true, writable: true });
  }
}

/**
 * happy-dom has no layout, so offsetParent is always null and Fluent's focus manager (tabster) thinks every
 * element is display:none: a dialog then cannot focus its first field and hides itself from the a11y tree.
 * Connected elements get their parent as offsetParent, as a laid-out page would.
 */
Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
  configurable: true,
  get(this: HTMLElement) {
    return this.isConnected ? this.parentElement : null;
  },
});
