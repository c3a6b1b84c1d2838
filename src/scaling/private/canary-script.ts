/**
 * The script of EndpointCanary (Synthetics Node.js runtime): one HTTP step that requests
 * ENDPOINT_URL and fails unless the status is EXPECTED_STATUS (any 2xx when unset). The body is
 * read to the end, so the step's duration is the full response time. Kept dependency-free: it
 * only uses the runtime's `Synthetics` module.
 */
export const CANARY_SCRIPT = `const synthetics = require('Synthetics');

exports.handler = async () => {
  const url = new URL(process.env.ENDPOINT_URL);
  const expected = process.env.EXPECTED_STATUS;
  const request = {
    hostname: url.hostname,
    method: 'GET',
    path: url.pathname + url.search,
    port: url.port ? Number(url.port) : (url.protocol === 'https:' ? 443 : 80),
    protocol: url.protocol,
    headers: { 'User-Agent': synthetics.getCanaryUserAgentString() },
  };
  await synthetics.executeHttpStep('request', request, (res) => new Promise((resolve, reject) => {
    const ok = expected ? String(res.statusCode) === expected : res.statusCode >= 200 && res.statusCode < 300;
    res.on('data', () => {});
    res.on('error', reject);
    res.on('end', () => ok ? resolve() : reject(new Error(url.href + ' answered ' + res.statusCode + ', expected ' + (expected || '2xx'))));
  }));
};
`;
