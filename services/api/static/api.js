// Talking to the query API: the optional token, JSON requests, and what went wrong.

const TOKEN_KEY = "newsflow.apiToken";

/** Why a request failed: "offline" (no answer), "unavailable" (503: Redis), "auth" (401),
 * "http" (anything else). */
export class ApiError extends Error {
  constructor(kind, status, detail) {
    super(detail || kind);
    this.kind = kind;
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Moves `?token=` from the address bar into this tab's sessionStorage. */
export function takeTokenFromUrl() {
  const url = new URL(window.location.href);
  const given = url.searchParams.get("token");
  if (given === null) return;
  setToken(given);
  url.searchParams.delete("token");
  window.history.replaceState(null, "", url);
}

export function authHeaders() {
  const value = token();
  return value ? { "X-API-Token": value } : {};
}

async function failure(response) {
  let detail = response.statusText;
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) detail = body.error.message; // {"error": {code, message, param}}
    else if (body && body.detail) detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
  } catch {
    // not JSON: keep the status text
  }
  if (response.status === 401) return new ApiError("auth", 401, detail);
  if (response.status === 503) return new ApiError("unavailable", 503, detail);
  return new ApiError("http", response.status, detail);
}

/** GET `path`; resolves to `{ body, next }` (`next`: the X-Next-Cursor header or null). */
export async function getPage(path, { signal } = {}) {
  let response;
  try {
    response = await fetch(path, {
      headers: { Accept: "application/json", ...authHeaders() },
      cache: "no-store",
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("offline", 0, "the API does not answer");
  }
  if (!response.ok) throw await failure(response);
  return { body: await response.json(), next: response.headers.get("X-Next-Cursor") };
}

export async function getJson(path, options) {
  return (await getPage(path, options)).body;
}

/** `?a=1&b=2` from the defined values of `params` (empty string when none). */
export function query(params) {
  const defined = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "");
  return defined.length ? "?" + new URLSearchParams(defined).toString() : "";
}
