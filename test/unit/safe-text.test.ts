// The edge's string rules (domain/safe-text.ts): what cannot be stored (NUL), encoded (a lone surrogate) or
// shown and sent intact (control characters) is refused, names in any script pass, lengths hold.
import fc from 'fast-check';
import { caseWorkflowId } from '../../domain/ids';
import {
  caseIdString, employeeIdString, eventIdString, safeNote, safeText, safeToken, unsafeCharacter,
} from '../../domain/safe-text';

const CONTROL = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f'];
const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

describe('unsafeCharacter', () => {
  test.each(CONTROL)('refuses control character %j, naming its code point', (c) => {
    const hex = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    expect(unsafeCharacter(`Ada${c}Lovelace`)).toBe(`must not hold control characters (found U+${hex})`);
  });

  test.each(LONE)('refuses unpaired surrogate %j', (s) => {
    expect(unsafeCharacter(`x${s}y`)).toMatch(/unpaired surrogate/);
  });

  test('refuses a pair in the wrong order, passes one in the right order', () => {
    expect(unsafeCharacter('\uDE00\uD83D')).toMatch(/unpaired surrogate/);
    expect(unsafeCharacter('\uD83D\uDE00')).toBeNull();
  });

  test('passes names in any script, emoji, non-breaking and wide spaces', () => {
    for (const s of ['Zoë Ångström-Núñez', 'Łukasz Żółć', '李小龍', 'محمد', 'Ῥόδος', '🧑‍💻 Engineer 🇳🇱', 'a\u00a0b', 'a\u3000b']) {
      expect(unsafeCharacter(s)).toBeNull();
    }
  });

  test('line breaks and tabs only where asked for', () => {
    for (const c of ['\t', '\n', '\r']) {
      expect(unsafeCharacter(`a${c}b`)).not.toBeNull();
      expect(unsafeCharacter(`a${c}b`, { lineBreaks: true })).toBeNull();
    }
    expect(unsafeCharacter('a\u0000b', { lineBreaks: true })).not.toBeNull();
  });

  test('property: refused exactly when a code unit is Cc (bar allowed breaks) or an unpaired surrogate', () => {
    const unit = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 0x7f, 0x85, 0xd800, 0xdc00)).map((n) => String.fromCharCode(n));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }).map((u) => u.join('')), fc.boolean(), (s, lineBreaks) => {
        const wellFormed = !/\p{Cs}/u.test(s); // in u-mode only an unpaired surrogate matches
        const control = [...s].some((c) => /\p{Cc}/u.test(c) && !(lineBreaks && '\t\n\r'.includes(c)));
        expect(unsafeCharacter(s, { lineBreaks }) === null).toBe(wellFormed && !control);
      }),
      { numRuns: 2000 },
    );
  });

  test('property: any well-formed string without control characters passes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      fc.pre(!/\p{Cc}/u.test(s));
      expect(unsafeCharacter(s)).toBeNull();
    }));
  });
});

describe('safeText', () => {
  const name = safeText(100);
  test('trims, and refuses empty, over-long and unsafe values with a message', () => {
    expect(name.parse('  Zoë  ')).toBe('Zoë');
    expect(name.parse('\nAda\t')).toBe('Ada'); // surrounding whitespace is trimmed before the check
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('x'.repeat(100)).success).toBe(true);
    expect(name.safeParse('x'.repeat(101)).success).toBe(false);
    expect(name.safeParse('x'.repeat(10_000)).success).toBe(false);
    expect(name.safeParse('Ada\u0000').error?.issues[0]?.message).toMatch(/control characters \(found U\+0000\)/);
    expect(name.safeParse('Ada\nLovelace').success).toBe(false);
    expect(name.safeParse('Ada\uD800').error?.issues[0]?.message).toMatch(/unpaired surrogate/);
  });
});

describe('safeNote and safeToken', () => {
  test('a note keeps line breaks and its text as sent; a required one is trimmed and not empty', () => {
    expect(safeNote(50).parse(' line one\nline two ')).toBe(' line one\nline two ');
    expect(safeNote(50).parse('')).toBe('');
    expect(safeNote(50).safeParse('x\u0007').success).toBe(false);
    expect(safeNote(50).safeParse('x'.repeat(51)).success).toBe(false);
    expect(safeNote(50, { required: true }).parse('  why  ')).toBe('why');
    expect(safeNote(50, { required: true }).safeParse(' \n ').success).toBe(false);
  });
  test('a token is one line, not empty', () => {
    expect(safeToken(10).parse('SN 1')).toBe('SN 1');
    expect(safeToken(10).safeParse('').success).toBe(false);
    expect(safeToken(10).safeParse('a\nb').success).toBe(false);
  });
});

describe('ids', () => {
  test('an employee id never holds the case id separator or a path separator', () => {
    for (const bad of ['E1:x', 'E1/x', 'E1%2Fx', 'E 1', '-E1', '', 'E1\u0000', 'Ë1', 'x'.repeat(65)]) expect(employeeIdString.safeParse(bad).success).toBe(false);
    for (const ok of ['E1', 'e.1_a-b', 'x'.repeat(64)]) expect(employeeIdString.safeParse(ok).success).toBe(true);
  });
  test('event ids may hold a colon; not a slash or a control character', () => {
    expect(eventIdString.safeParse('hr:2026:1').success).toBe(true);
    for (const bad of ['a/b', 'a\u0000', 'a b', 'x'.repeat(129)]) expect(eventIdString.safeParse(bad).success).toBe(false);
  });
  test('property: every case id made from a valid employee id and event id is a valid case id', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/), (e, k) => {
      expect(caseIdString.safeParse(caseWorkflowId(e, k)).success).toBe(true);
    }));
  });
});
