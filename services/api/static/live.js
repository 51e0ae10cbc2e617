// Live updates: reads GET /events (server-sent events) through fetch, so that the API token can
// travel as a header, which EventSource cannot send. When the stream fails it says so and tries
// again with a growing delay; the page polls meanwhile.

import { ApiError, authHeaders } from "./api.js";

const SILENCE_MS = 40000; // the server sends a heartbeat every ~15 s
const MAX_RETRY_MS = 30000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function parseBlock(block) {
  const event = { type: "message", data: [], id: null };
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event.type = value;
    else if (field === "data") event.data.push(value);
    else if (field === "id") event.id = value;
  }
  return event;
}

/**
 * Follows /events until `stop()`. `onUpdate(update)` gets each AggregatesUpdated; `onState(state,
 * error)` hears "live" when the stream is open and "down" (with the ApiError) when it is not.
 */
export function followUpdates({ onUpdate, onState }) {
  let stopped = false;
  let controller = null;
  let lastId = null;
  let opened = false; // the last attempt got as far as an open stream

  async function readOnce() {
    controller = new AbortController();
    let heard = Date.now();
    const watchdog = setInterval(() => {
      if (Date.now() - heard > SILENCE_MS) controller.abort();
    }, 5000);
    try {
      const headers = { Accept: "text/event-stream", ...authHeaders() };
      if (lastId) headers["Last-Event-ID"] = lastId;
      let response;
      try {
        response = await fetch("/events", { headers, cache: "no-store", signal: controller.signal });
      } catch (error) {
        if (stopped) return null;
        return new ApiError("offline", 0, "the API does not answer");
      }
      if (response.status === 401) return new ApiError("auth", 401, "API token required");
      if (!response.ok || !response.body) {
        return new ApiError(response.status === 503 ? "unavailable" : "http", response.status,
          "live updates are unavailable");
      }
      opened = true;
      onState("live");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        let chunk;
        try {
          chunk = await reader.read();
        } catch {
          return stopped ? null : new ApiError("offline", 0, "the live connection dropped");
        }
        if (chunk.done) return new ApiError("offline", 0, "the live connection closed");
        heard = Date.now();
        buffer = (buffer + chunk.value).replace(/\r\n?/g, "\n");
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const event = parseBlock(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          if (event.id) lastId = event.id;
          if (event.type === "update") {
            try {
              onUpdate(JSON.parse(event.data.join("\n")));
            } catch (error) {
              console.warn("newsflow: unreadable update", error);
            }
          } else if (event.type === "unavailable") {
            controller.abort();
            return new ApiError("unavailable", 503, "Redis does not answer");
          }
        }
      }
    } finally {
      clearInterval(watchdog);
    }
  }

  (async () => {
    let failures = 0;
    while (!stopped) {
      opened = false;
      const error = await readOnce();
      if (stopped) return;
      failures = opened ? 1 : failures + 1;
      onState("down", error);
      await sleep(Math.min(MAX_RETRY_MS, 1500 * 2 ** Math.min(failures - 1, 5)));
    }
  })();

  return {
    stop() {
      stopped = true;
      if (controller) controller.abort();
    },
  };
}
