// GATEHOUSE_TOKENS: name:role:token[:employeeId] (issue 10: a token names the person who holds it).
import { type ConfigError, parseEnv, parseTokens, requireAdminEmployeeIds } from '../../config/schema';

const tokensOf = (value: string) => parseTokens(parseEnv({ GATEHOUSE_TOKENS: value }).GATEHOUSE_TOKENS);
const problemsOf = (value: string): string[] => {
  try {
    parseEnv({ GATEHOUSE_TOKENS: value });
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

test('an entry may name its holder', () => {
  expect(tokensOf('hr-1:hr:0123456789abcdef0123,ada:admin:fedcba9876543210fedc:E-17')).toEqual([
    { name: 'hr-1', role: 'hr', token: '0123456789abcdef0123' },
    { name: 'ada', role: 'admin', token: 'fedcba9876543210fedc', employeeId: 'E-17' },
  ]);
});

test('refuses a malformed entry or a repeated name, without echoing the token', () => {
  const secret = 'fedcba9876543210fedc';
  for (const bad of [`ada:admin:${secret}:E/17`, `ada:admin:${secret}:E-17:more`, `ada:root:${secret}`, 'ada:admin:short']) {
    const problems = problemsOf(bad);
    expect(problems).toHaveLength(1);
    expect(problems.join()).not.toContain(secret);
  }
  expect(problemsOf(`ada:admin:${secret}:E-1,ada:auditor:0123456789abcdef0123`)).toEqual([expect.stringMatching(/names must be unique/)]);
});

test('production refuses admin tokens that do not name their holder', () => {
  expect(() => requireAdminEmployeeIds(tokensOf('ada:admin:fedcba9876543210fedc:E-17,hr-1:hr:0123456789abcdef0123'))).not.toThrow();
  expect(() => requireAdminEmployeeIds(tokensOf('ada:admin:fedcba9876543210fedc'))).toThrow(/admin token 'ada' must name its holder/);
});
