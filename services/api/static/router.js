// Client-side routes in the address's hash: `#/` (the news), `#/entity/<id>`,
// `#/speaker/<id>`, `#/source/<outlet>`, `#/search/<words>`, `#/ops`. `#article=<id>` is the
// article dialog, drawn over whatever view is open, so it is not a route.

const PAGES = ["entity", "speaker", "source", "search", "ops"];

/** The route in the address: `{name, arg}`; `null` while the article dialog's hash is shown. */
export function currentRoute() {
  const hash = window.location.hash;
  if (hash.startsWith("#article=")) return null;
  const match = hash.match(/^#\/([a-z]+)(?:\/(.*))?$/);
  if (!match || !PAGES.includes(match[1])) return { name: "news", arg: null };
  let arg = null;
  try {
    arg = match[2] ? decodeURIComponent(match[2]) : null;
  } catch {
    return { name: "news", arg: null };
  }
  if (match[1] !== "ops" && !arg) return { name: "news", arg: null };
  return { name: match[1], arg };
}

export const entityHref = (id) => `#/entity/${encodeURIComponent(id)}`;
export const speakerHref = (id) => `#/speaker/${encodeURIComponent(id)}`;
export const sourceHref = (name) => `#/source/${encodeURIComponent(name)}`;
export const searchHref = (words) => `#/search/${encodeURIComponent(words)}`;
