import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphState } from '../../emulators/graph';
import { persistState } from '../../emulators/persistence';
import { fixtureTenant } from '../../emulators/fixtures/tenant';

test('an emulator state written by one run is read back by the next, Maps and Sets included', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emu-')), 'graph.json');
  const options = { tenantId: fixtureTenant.m365.tenantId, domain: 'example.com', clientId: 'c', clientSecret: 's' };
  const first = new GraphState(options);
  const p1 = persistState(first, file);
  const group = first.createGroup('Researchers');
  first.members.set(group.id, new Set(['user-1']));
  first.revocations.set('user-1', 2);
  p1.stop();

  const second = new GraphState(options);
  const p2 = persistState(second, file);
  p2.stop();
  expect([...second.groups.values()].map((g) => g.displayName)).toContain('Researchers');
  expect(second.members.get(group.id)).toEqual(new Set(['user-1']));
  expect(second.revocations.get('user-1')).toBe(2);
  expect(second.tokens.size).toBe(0);
});

test('nested fields named like the skipped per-run ones are kept', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emu-')), 's.json');
  const a = { tokens: new Map<string, number>(), security: new Map<string, { tokens: unknown[] }>() };
  const p = persistState(a, file);
  a.tokens.set('t', 1);
  a.security.set('u1', { tokens: [{ clientId: 'x' }] });
  p.stop();
  const b = { tokens: new Map<string, number>(), security: new Map<string, { tokens: unknown[] }>() };
  persistState(b, file).stop();
  expect(b.tokens.size).toBe(0);
  expect(b.security.get('u1')).toEqual({ tokens: [{ clientId: 'x' }] });
});
