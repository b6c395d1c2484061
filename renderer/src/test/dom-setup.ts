/**
 * happy-dom implements element.animate() but cancels animations on unmount with an unhandled AbortError.
 * Without animate(), Fluent's motion takes its no-animation path, which is what a test wants anyway.
 */
for (const proto of [Element.prototype, HTMLElement.prototype]) {
  if (Object.prototype.hasOwnProperty.call(proto, 'animate')) {
    Object.defineProperty(proto, 'animate', { value: undefined, configurable: true, writable: true });
  }
}
