// The lifecycle rules at the edge (domain/lifecycle-rules.ts) and the bulk items that share them.
import { lifecycleRefusal, type LifecycleEventType, type LifecyclePerson } from '../../domain/lifecycle-rules';
import { PERSON_STATES } from '../../domain/lifecycle';
import { bulkRefusal } from '../../orchestration/bulk-item';

const p = (state: string, more: Partial<LifecyclePerson> = {}): LifecyclePerson => ({ state, locked: false, ...more });
const refusal = (type: LifecycleEventType, person: LifecyclePerson | null, override = false) => lifecycleRefusal(type, 'E1', person, override);
const TYPES: LifecycleEventType[] = ['joiner', 'mover', 'leaver', 'suspend', 'reactivate'];

test('an unknown person takes only a joiner; anything else is 422', () => {
  expect(refusal('joiner', null)).toBeNull();
  for (const t of TYPES.filter((x) => x !== 'joiner')) {
    expect(refusal(t, null)).toEqual({ status: 422, detail: expect.stringMatching(/unknown employee E1.*send a joiner first/) });
  }
});

describe('a person who has left', () => {
  const left = [p('deactivated', { locked: true }), p('deactivated'), p('active', { locked: true })];
  test.each(['mover', 'suspend', 'reactivate'] as const)('a %s is 409 pointing to the rehire joiner, even with the override', (t) => {
    for (const person of left) {
      for (const override of [false, true]) {
        const r = refusal(t, person, override);
        expect(r?.status).toBe(409);
        expect(r?.detail).toMatch(/send a joiner with override: true from an admin token/);
      }
    }
  });
  test('a leaver is 409: has already left', () => {
    expect(refusal('leaver', left[0]!)).toEqual({ status: 409, detail: expect.stringMatching(/has already left/) });
  });
  test('a joiner needs the override', () => {
    expect(refusal('joiner', left[0]!)?.detail).toMatch(/override: true/);
    for (const person of left) expect(refusal('joiner', person, true)).toBeNull();
  });
});

test('a joiner for a live person is 409 pointing to a mover', () => {
  for (const state of ['pending', 'active', 'notice', 'suspended']) {
    for (const override of [false, true]) {
      const r = refusal('joiner', p(state), override);
      expect(r).toEqual({ status: 409, detail: expect.stringContaining(`already exists (state ${state}): to change their attributes, send a mover`) });
    }
  }
});

test('suspend and reactivate follow the suspension, counting a scheduled one', () => {
  expect(refusal('suspend', p('suspended'))?.detail).toMatch(/already suspended/);
  expect(refusal('suspend', p('active', { pendingSuspension: 'suspend' }))?.detail).toMatch(/already suspended \(a suspend is scheduled\)/);
  expect(refusal('suspend', p('suspended', { pendingSuspension: 'reactivate' }))).toBeNull();
  expect(refusal('suspend', p('pending'))?.detail).toMatch(/has not started yet/);
  for (const state of ['active', 'notice']) expect(refusal('suspend', p(state))).toBeNull();

  for (const state of ['pending', 'active', 'notice']) expect(refusal('reactivate', p(state))?.detail).toMatch(/is not suspended/);
  expect(refusal('reactivate', p('suspended', { pendingSuspension: 'reactivate' }))?.detail).toMatch(/not suspended.*a reactivate is scheduled/);
  expect(refusal('reactivate', p('suspended'))).toBeNull();
  expect(refusal('reactivate', p('active', { pendingSuspension: 'suspend' }))).toBeNull();
});

test('movers and leavers go through for every live state', () => {
  for (const state of ['pending', 'active', 'notice', 'suspended']) {
    expect(refusal('mover', p(state))).toBeNull();
    expect(refusal('leaver', p(state))).toBeNull();
  }
});

test('archived and erased people take nothing, and the refusal names the state', () => {
  for (const state of ['archived', 'erased']) {
    for (const t of TYPES) expect(refusal(t, p(state), true)).toEqual({ status: 409, detail: expect.stringContaining(`is ${state}`) });
  }
});

test('every refusal of a known person is 409 and names the employee', () => {
  for (const state of PERSON_STATES) {
    for (const locked of [false, true]) {
      for (const t of TYPES) {
        const r = refusal(t, p(state, { locked }));
        if (r) expect(r).toEqual({ status: 409, detail: expect.stringMatching(/^employee E1 /) });
      }
    }
  }
});

test('bulk items are refused by the same rules, with no override', () => {
  expect(bulkRefusal('leaver', 'E1', null)).toBe('unknown employee');
  expect(bulkRefusal('leaver', 'E1', p('deactivated', { locked: true }))).toMatch(/has already left/);
  expect(bulkRefusal('suspend', 'E1', p('suspended'))).toMatch(/already suspended/);
  expect(bulkRefusal('reactivate', 'E1', p('active'))).toMatch(/not suspended/);
  expect(bulkRefusal('reactivate', 'E1', p('deactivated', { locked: true }))).toMatch(/to rehire, send a joiner with override: true/);
  expect(bulkRefusal('suspend', 'E1', p('active'))).toBeNull();
  expect(bulkRefusal('reactivate', 'E1', p('suspended'))).toBeNull();
});
