// Pure helpers for an area's rating: which evidence links may be clickable, and which form
// field an API error about a rating points at.

/** Only http(s) links are made clickable. */
export function safeUrl(url: string): boolean {
  return /^https?:\/\//i.test(url.trim());
}

/** Maps an API `where` for a rating ("level", "evidence[1].url") to the input id. */
export function ratingFieldId(where: string | undefined): string | undefined {
  if (!where) return undefined;
  const w = where.replace(/^\$?\.?/, '').replace(/^body\./, '');
  const m = /evidence\[(\d+)\]\.(url|note)$/.exec(w) ?? /evidence\.(\d+)\.(url|note)$/.exec(w);
  if (m) return `evidence-${m[1]}-${m[2]}`;
  for (const f of ['level', 'rationale', 'confidence']) if (w === f || w.endsWith(`.${f}`)) return f;
  return undefined;
}
