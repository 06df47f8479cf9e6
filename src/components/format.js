// French number formats for pages, tables and chart ticks: decimal comma, narrow no-break space
// between thousands ("1 522", "0,285", "100,0 %"). Every page formats numbers through here so
// no English "1,522" or "0.285" slips in.

const LOCALE = "fr-FR";
const cache = new Map();

function formatter(options) {
  const key = JSON.stringify(options);
  if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(LOCALE, options));
  return cache.get(key);
}

/** Formats a count: "1 522". */
export function formatInteger(n) {
  return n == null || Number.isNaN(n) ? "–" : formatter({maximumFractionDigits: 0}).format(n);
}

/** Formats a number with exactly `digits` decimals: formatNumber(0.2851, 3) → "0,285". */
export function formatNumber(n, digits = 2) {
  if (n == null || Number.isNaN(n)) return "–";
  return formatter({minimumFractionDigits: digits, maximumFractionDigits: digits}).format(n);
}

/** Formats a share 0–1 as a percentage: formatPercent(1) → "100,0 %". */
export function formatPercent(share, digits = 1) {
  if (share == null || Number.isNaN(share)) return "–";
  return formatter({
    style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits
  }).format(share);
}

/** Returns a Plot tick format for plain numbers, with at most `max` decimals. */
export function numberTicks(max = 3) {
  return (n) => formatter({maximumFractionDigits: max}).format(n);
}

/** Formats a share 0–1 as a whole percentage for Plot ticks: "25 %". */
export const percentTicks = (share) => formatter({style: "percent"}).format(share);

/** Formats an ISO instant (UTC when it has no zone) in Nouméa local time: "04/12/2026 18:16".
 *  The page states the zone once. */
export function formatNoumeaTime(iso) {
  if (!iso) return "";
  const instant = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return instant.toLocaleString(LOCALE, {
    timeZone: "Pacific/Noumea", day: "2-digit", month: "2-digit", year: "numeric",
    hour: "2-digit", minute: "2-digit"
  });
}
