import { AllowedHosts, parseAllowedHost, parseOutboundUrl } from '../runtime/index.js';
import { entryAllows } from '../runtime/permissions/entry-allows.js';
import { formatRate, measure } from './measure.js';

// A deterministic mix: ~60% literal hosts, ~25% wildcard suffixes, ~15% CIDRs.
function entryAt(i: number): string {
  const kind = i % 20;
  if (kind < 12) return `https://api${i}.service${i % 37}.example`;
  if (kind < 17) return `https://*.tenant${i}.example:8443`;
  return `*://10.${i % 250}.${(i * 7) % 250}.0/24:*`;
}

function urlsFor(entries: readonly string[], count: number): string[] {
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = (i * 7919) % (entries.length * 2);
    const kind = n % 20;
    // Half the URLs target an entry of the list, half miss everything.
    if (n >= entries.length) urls.push(`https://miss${n}.elsewhere.test/path?q=${i}`);
    else if (kind < 12) urls.push(`https://api${n}.service${n % 37}.example/v1/items/${i}`);
    else if (kind < 17) urls.push(`https://deep.node${i}.tenant${n}.example:8443/x`);
    else urls.push(`http://10.${n % 250}.${(n * 7) % 250}.${i % 250}:8080/metrics`);
  }
  return urls;
}

/** Policy checks per second for a 10-entry and a 1,000-entry list, and their ratio. */
export function benchPolicyCheck(): void {
  const big = Array.from({ length: 1000 }, (_, i) => entryAt(i));
  const small = big.slice(0, 10);
  const smallUrls = urlsFor(small, 1000);
  const bigUrls = urlsFor(big, 1000);

  const smallPolicy = AllowedHosts.parse(small);
  const bigPolicy = AllowedHosts.parse(big);
  const bigParsed = big.map(parseAllowedHost);

  const ten = measure('10 entries', smallUrls, (url) => smallPolicy.allows(url));
  const thousand = measure('1,000 entries', bigUrls, (url) => bigPolicy.allows(url));
  const linear = measure('1,000 entries, linear scan', bigUrls, (url) => {
    const parsed = parseOutboundUrl(url, 'https');
    return bigParsed.some((entry) => entryAllows(entry, parsed));
  });

  console.log('## Policy check throughput (AllowedHosts.allows on URL strings)');
  for (const m of [ten, thousand, linear]) console.log(`${m.name.padEnd(28)} ${formatRate(m.opsPerSecond).padStart(12)} checks/s`);
  console.log(`slowdown 1,000 vs 10 entries: ${(ten.opsPerSecond / thousand.opsPerSecond).toFixed(2)}x  (aim: <= 1.5x)`);
  console.log(`index vs linear scan at 1,000 entries: ${(thousand.opsPerSecond / linear.opsPerSecond).toFixed(1)}x faster`);
  console.log(`1,000-entry throughput vs aim of 1,000,000 checks/s: ${(thousand.opsPerSecond / 1e6).toFixed(2)}x`);
}
