import { describe, expect, it } from 'vitest';
import { createCliConfirmer } from './cli-confirmer';
import type { Out } from './output';

const q = {
  title: 'T',
  message: 'Signs out 1 profile.',
  detail: 'Reconnect it.',
  confirmLabel: 'Change and sign out',
};

function out() {
  const errors: string[] = [];
  const o: Out = { line: () => {}, json: () => {}, error: (t) => void errors.push(t) };
  return { o, errors };
}

describe('CLI confirmer', () => {
  it('--yes goes ahead and still says what happens', async () => {
    const { o, errors } = out();
    expect(await createCliConfirmer({ yes: true, interactive: false, out: o }).confirm(q)).toBe(true);
    expect(errors.join('\n')).toContain('Signs out 1 profile.');
  });

  it('without --yes and without a terminal: bad_input (exit 2) that names --yes', async () => {
    const { o } = out();
    await expect(createCliConfirmer({ yes: false, interactive: false, out: o }).confirm(q)).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('--yes'),
    });
  });

  it.each([
    ['y', true],
    ['YES', true],
    ['', false],
    ['n', false],
    ['whatever', false],
  ])('on a terminal, the answer %j means %s', async (answer, expected) => {
    const { o } = out();
    const prompts: string[] = [];
    const c = createCliConfirmer({
      yes: false,
      interactive: true,
      out: o,
      ask: async (p) => (prompts.push(p), answer),
    });
    expect(await c.confirm(q)).toBe(expected);
    expect(prompts).toEqual(['Change and sign out? [y/N] ']);
  });
});
