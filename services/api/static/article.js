// The article view: a modal dialog on `#article=<id>` over whatever view is open, the article's
// text with its quotes marked; closing it goes back to that view.

import { getJson } from "./api.js";
import { $, el, plural } from "./dom.js";

function articleText(article) {
  const parts = [];
  let at = 0;
  const quotes = [...article.quotes].filter((q) => q.end > q.start).sort((a, b) => a.start - b.start);
  for (const quote of quotes) {
    if (quote.start < at) continue;
    parts.push(document.createTextNode(article.text.slice(at, quote.start)));
    parts.push(el("mark", { text: article.text.slice(quote.start, quote.end), attrs: { title: quote.speaker_name || "unattributed" } }));
    parts.push(el("span", { cls: "who", text: ` [${quote.speaker_name || "unattributed"}]` }));
    at = quote.end;
  }
  parts.push(document.createTextNode(article.text.slice(at)));
  return parts;
}

let opener = null;
let returnTo = window.location.hash.startsWith("#article=") ? "#/" : window.location.hash;
let openedHere = false; // the dialog's hash was pushed by this page: Back closes it

/** Opens the dialog when the address ends in `#article=<id>` and closes it when not. */
export async function showArticleFromHash() {
  const dialog = $("article");
  const match = window.location.hash.match(/^#article=(.+)$/);
  if (!match) {
    returnTo = window.location.hash;
    openedHere = false;
    if (dialog.open) dialog.close();
    return;
  }
  const id = decodeURIComponent(match[1]);
  $("article-title").textContent = "Loading…";
  $("article-meta").replaceChildren();
  $("article-text").replaceChildren();
  if (!dialog.open) {
    opener = document.activeElement;
    dialog.showModal();
  }
  try {
    const article = await getJson(`/articles/${encodeURIComponent(id)}`);
    $("article-title").textContent = article.title || "(no headline)";
    const meta = [article.source, article.published_at, plural(article.quotes.length, "quote")].filter(Boolean)
      .map((text) => el("span", { text }));
    if (/^https?:\/\//i.test(article.url || "")) meta.push(el("a", { text: "original", attrs: { href: article.url, target: "_blank", rel: "noopener noreferrer" } }));
    meta.push(el("a", { text: "JSON", attrs: { href: `/articles/${encodeURIComponent(id)}` } }));
    $("article-meta").replaceChildren(...meta);
    $("article-text").replaceChildren(...articleText(article));
  } catch (error) {
    $("article-title").textContent = "Article unavailable";
    $("article-meta").textContent = error.status === 404 ? `No article ${id}.` : error.message;
  }
}

/** Wires the dialog: close button, hash changes, and focus back where it was on close. */
export function articleView() {
  $("article-close").addEventListener("click", () => $("article").close());
  $("article").addEventListener("close", () => {
    if (window.location.hash.startsWith("#article=")) {
      if (openedHere) window.history.back();
      else window.history.replaceState(null, "", window.location.pathname + window.location.search + returnTo);
    }
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  });
  window.addEventListener("hashchange", () => {
    openedHere = window.location.hash.startsWith("#article=");
    showArticleFromHash();
  });
  showArticleFromHash();
}
