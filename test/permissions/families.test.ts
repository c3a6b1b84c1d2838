/** Every synthesized integ template of our constructs is evaluated by one permission matrix. */
import * as fs from 'fs';
import * as path from 'path';

test('every integ snapshot template has a permission matrix in test/permissions/', () => {
  const testDir = path.join(__dirname, '..');
  const matrices = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.ts') && f !== path.basename(__filename))
    .map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8')).join('\n');
  const templates = fs.readdirSync(testDir).filter((d) => /^integ\..+\.ts\.snapshot$/.test(d))
    .flatMap((d) => fs.readdirSync(path.join(testDir, d)).filter((f) => f.endsWith('.template.json') && !f.includes('DeployAssert')).map((f) => `${d}/${f}`));
  expect(templates.length).toBeGreaterThan(0);
  expect(templates.filter((t) => !matrices.includes(`'${t}'`))).toEqual([]);
});
