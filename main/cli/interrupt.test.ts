import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchInterrupts } from './interrupt';

class Quit extends Error {}

function setup(cancellable: boolean) {
  const proc = new EventEmitter();
  const events: string[] = [];
  const interrupts = watchInterrupts({
    cancellable,
    onCancel: (s) => void events.push(`cancel ${s}`),
    quit: (s) => {
      events.push(`quit ${s}`);
      throw new Quit(); // stands in for process.exit
    },
    proc: proc as unknown as Pick<NodeJS.Process, 'on' | 'off'>,
  });
  return { proc, events, interrupts };
}

describe('watchInterrupts', () => {
  it('a cancellable command is aborted by the first signal and quits on the second', () => {
    const { proc, events, interrupts } = setup(true);
    proc.emit('SIGTERM', 'SIGTERM');
    expect(interrupts.signal.aborted).toBe(true);
    expect((interrupts.signal.reason as Error).name).toBe('AbortError'); // what the core treats as a cancel
    expect(interrupts.received).toBe('SIGTERM');
    expect(() => proc.emit('SIGINT', 'SIGINT')).toThrow(Quit);
    expect(events).toEqual(['cancel SIGTERM', 'quit SIGINT']);
  });

  it('any other command quits on the first signal', () => {
    const { proc, events, interrupts } = setup(false);
    expect(() => proc.emit('SIGINT', 'SIGINT')).toThrow(Quit);
    expect(events).toEqual(['quit SIGINT']);
    expect(interrupts.signal.aborted).toBe(false);
  });

  it('stops listening when disposed', () => {
    const { proc, interrupts } = setup(true);
    interrupts.dispose();
    expect(proc.listenerCount('SIGINT') + proc.listenerCount('SIGTERM')).toBe(0);
  });
});
