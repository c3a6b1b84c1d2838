import { Token } from 'aws-cdk-lib';
import { hasRunbookReference, MAX_ALARM_DESCRIPTION, runbookDescription, worstCaseLength } from '../../src/shared/runbook-text';

describe('runbook descriptions (the convention every alarm of the library follows)', () => {
  test('meaning, marker, numbered checks, URL', () => {
    expect(runbookDescription({ meaning: 'Queue backs up.', checks: ['check the consumers;', 'scale out.'], url: 'https://runbooks.example.com/q' }))
      .toBe('Queue backs up. Runbook: 1) check the consumers; 2) scale out. https://runbooks.example.com/q');
    expect(runbookDescription({ meaning: 'Down.', url: 'https://runbooks.example.com/q' })).toBe('Down. Runbook: https://runbooks.example.com/q');
  });

  test('too long: checks are dropped from the end, the meaning and the URL kept, never over 1024 characters', () => {
    const checks = Array.from({ length: 40 }, (_, i) => `check number ${i} of a long list of things to look at`);
    const text = runbookDescription({ meaning: 'Something broke.', checks, url: 'https://runbooks.example.com/x' });
    expect(text.length).toBeLessThanOrEqual(MAX_ALARM_DESCRIPTION);
    expect(text).toMatch(/^Something broke\. Runbook: 1\) check number 0 .*; … https:\/\/runbooks\.example\.com\/x$/);
    expect(() => runbookDescription({ meaning: 'x'.repeat(1100), checks: ['a'] })).toThrow(/longer than the 1024 characters CloudWatch accepts/);
  });

  test('a token (a name known at deploy time) counts as 255 characters, so the deployed description still fits', () => {
    const name = Token.asString({ Ref: 'Service' });
    const checks = Array.from({ length: 18 }, (_, i) => `check number ${i + 1} of a long list of things`);
    const withLiteral = runbookDescription({ meaning: 'The service svc is at its maximum.', checks });
    const withToken = runbookDescription({ meaning: `The service ${name} is at its maximum.`, checks });
    expect(withLiteral).toContain('18) check number 18');
    expect(withToken).not.toContain('18) check number 18');
    expect(withToken).toContain('; …');
    expect(worstCaseLength(withToken)).toBeLessThanOrEqual(MAX_ALARM_DESCRIPTION);
    expect(worstCaseLength(withLiteral)).toBe(withLiteral.length);
  });

  test('bad input: no checks and no URL, a URL that is not https', () => {
    expect(() => runbookDescription({ meaning: 'Down.' })).toThrow(/has no runbook: give its first checks or a runbook URL/);
    expect(() => runbookDescription({ meaning: 'Down.', url: 'http://wiki/x' })).toThrow(/is not an https URL/);
  });

  test('hasRunbookReference: the marker followed by text', () => {
    expect(hasRunbookReference('A. Runbook: 1) check')).toBe(true);
    expect(hasRunbookReference('A. Runbook:')).toBe(false);
    expect(hasRunbookReference('A. runbook at https://x')).toBe(false);
  });
});
