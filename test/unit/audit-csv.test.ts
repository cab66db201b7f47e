// The audit CSV export's cells: RFC 4180 quoting, and no cell a spreadsheet would run as a formula.
import fc from 'fast-check';
import { csvField, FORMULA_START, neutraliseFormula, restoreFormula } from '../../api/routes/audit-export';

/** Reads one RFC 4180 field back (the inverse of csvField's quoting). */
function unquote(field: string): string {
  return field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
}

const risky = fc.oneof(
  fc.string(),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", "''="), fc.string()).map(([a, b]) => a + b),
);

test('a neutralised cell never starts with a formula character, and restores to the original', () => {
  fc.assert(
    fc.property(risky, (s) => {
      const cell = unquote(csvField(s));
      expect(FORMULA_START.test(cell)).toBe(false);
      expect(restoreFormula(cell)).toBe(s);
      expect(restoreFormula(neutraliseFormula(s))).toBe(s);
    }),
    { numRuns: 2000 },
  );
});

test('a cell that starts harmlessly is left as it was', () => {
  fc.assert(
    fc.property(fc.string().filter((s) => !/^'*[=+\-@\t\r]/.test(s)), (s) => {
      expect(unquote(csvField(s))).toBe(s);
    }),
    { numRuns: 2000 },
  );
});

test('formulas get a quote mark and are quoted; JSON and plain values are as before', () => {
  expect(csvField('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
  expect(csvField('+1')).toBe(`"'+1"`);
  expect(csvField('-2+3')).toBe(`"'-2+3"`);
  expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
  expect(csvField('\tcmd')).toBe(`"'\tcmd"`);
  expect(csvField('\rcmd')).toBe(`"'\rcmd"`);
  expect(csvField("'=x")).toBe(`"''=x"`);
  expect(csvField("it's")).toBe("it's");
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  expect(csvField(null)).toBe('');
  expect(csvField(42)).toBe('42');
});
