// Read newsflow's output records from Node, in a consumer group of your own.
//
//   npm install            (the `redis` package)
//   REDIS_URL=redis://127.0.0.1:6379/0 GROUP=my-app node consume.mjs
//
// It starts with the first record Redis still holds, then follows new ones live. Each record
// is acknowledged once handled; a restart carries on where it stopped, first with what it had
// been given and had not acknowledged. Entries that a crashed member of the group left pending
// for CLAIM_IDLE_MS are taken over (XAUTOCLAIM). Delivery is at least once: key what you
// write by the record's `id` and `version`.
import os from "node:os";
import { createClient } from "redis";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0";
const stream = process.env.STREAM ?? "articles.enriched";
const group = process.env.GROUP ?? "my-app";
const consumer = process.env.CONSUMER ?? os.hostname(); // the same name after a restart
const claimIdleMs = Number(process.env.CLAIM_IDLE_MS ?? 60000); // pending this long: a dead peer's
const SCHEMA = 1; // the record schema this consumer was written for; later ones only add fields
const BATCH = 10;

function handle(record) {
  // Your code here. This one prints a line per article: who is quoted in it.
  const speakers = [...new Set(record.quotes.map((q) => q.speaker_name).filter(Boolean))].sort();
  const line = { id: record.id, title: record.title, quotes: record.quotes.length, speakers };
  console.log(JSON.stringify(line));
}

const told = new Set();

// The entry's record, or null, said on stderr, when it is not one this consumer reads.
function recordOf(id, fields) {
  const schema = fields.schema ?? "";
  if (!/^\d+$/.test(schema)) {
    console.error(`entry ${id}: no schema number (${JSON.stringify(schema)}): skipped`);
    return null;
  }
  if (Number(schema) > SCHEMA && !told.has(schema)) {
    told.add(schema);
    console.error(
      `entry ${id}: record schema ${schema}, newer than the ${SCHEMA} this consumer was ` +
        "written for: reading the fields it knows (update it to use the new ones)",
    );
  }
  try {
    return JSON.parse(fields.data);
  } catch (error) {
    console.error(`entry ${id}: \`data\` is not JSON (${error.message}): skipped`);
    return null;
  }
}

const client = createClient({ url });
client.on("error", (error) => console.error(`Redis: ${error.message}`));

async function settle(entries) {
  for (const entry of entries) {
    if (!entry) continue; // trimmed away while pending
    if (entry.message && Object.keys(entry.message).length) {
      const record = recordOf(entry.id, entry.message);
      if (record) {
        try {
          handle(record);
        } catch (error) {
          console.error(`entry ${entry.id}: ${error}: will be retried`); // left pending
          continue;
        }
      }
    }
    await client.xAck(stream, group, entry.id);
  }
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => (stopping = true));

await client.connect();
try {
  // id "0": the group starts at the first retained record ("$": new records only)
  await client.xGroupCreate(stream, group, "0", { MKSTREAM: true });
} catch (error) {
  if (!String(error.message).includes("BUSYGROUP")) throw error; // else it carries on
}
let own = "0"; // first what this consumer was given before and never acknowledged
while (own && !stopping) {
  const reply = await client.xReadGroup(group, consumer, { key: stream, id: own }, { COUNT: BATCH });
  const entries = reply?.[0]?.messages ?? [];
  await settle(entries);
  own = entries.length ? entries.at(-1).id : null;
}
while (!stopping) {
  const claimed = await client.xAutoClaim(stream, group, consumer, claimIdleMs, "0-0", {
    COUNT: BATCH,
  });
  await settle(claimed.messages);
  const reply = await client.xReadGroup(
    group,
    consumer,
    { key: stream, id: ">" },
    { COUNT: BATCH, BLOCK: 2000 },
  );
  await settle(reply?.[0]?.messages ?? []);
}
await client.close();
