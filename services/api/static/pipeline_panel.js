// The pipeline panel: per stage processed, throughput, lag, pending, dead-lettered, workers.

import { getJson } from "./api.js";
import { sparkline } from "./charts.js";
import { $, el, fmt } from "./dom.js";

const RATE_SPAN_MS = 10000;

function stageRow(stage) {
  const body = document.querySelector("#pipeline tbody");
  let row = body.querySelector(`tr[data-stage="${CSS.escape(stage.stage)}"]`);
  if (!row) {
    row = el("tr", { attrs: { "data-stage": stage.stage } },
      el("th", { attrs: { scope: "row" } }, el("span", { text: stage.stage }), el("small", { text: stage.stream })));
    const labels = [...document.querySelectorAll("#pipeline thead th")].slice(1).map((th) => th.textContent);
    ["processed", "rate", "unread", "pending", "dead", "consumers"].forEach((name, i) => {
      row.append(el("td", { cls: `num ${name}`, attrs: { "data-label": labels[i] } })); // a phone shows the label
    });
    body.append(row);
  }
  return row;
}

/**
 * The pipeline panel: `load()` reads /pipeline and updates the table in place (rows keep their
 * place); the rate per stage is the change of `processed` over the last ~10 s.
 */
export function pipelinePanel({ onError, onOk }) {
  const samples = []; // {t, processed: {stage: n}}
  const rates = new Map(); // stage -> recent rates (per second)

  function rateOf(stage, now, processed) {
    const old = samples.find((s) => now - s.t <= RATE_SPAN_MS && s.processed[stage] !== undefined);
    if (!old || now - old.t < 1000) return null;
    return Math.max(0, processed - old.processed[stage]) / ((now - old.t) / 1000);
  }

  return async function load() {
    let status;
    try {
      status = await getJson("/pipeline");
    } catch (error) {
      if (error.status === 404) {
        onOk();
        const note = el("td", { cls: "empty", text: "This API does not read the streams (started without a stream Redis).", attrs: { colspan: 7 } });
        document.querySelector("#pipeline tbody").replaceChildren(el("tr", {}, note));
      } else {
        onError(error);
      }
      return;
    }
    onOk();
    const now = Date.now();
    for (const stage of status.stages) {
      const row = stageRow(stage);
      const rate = rateOf(stage.stage, now, stage.processed);
      const recent = [...(rates.get(stage.stage) || []), ...(rate === null ? [] : [rate])].slice(-60);
      rates.set(stage.stage, recent);
      const cell = (name) => row.querySelector(`td.${name}`);
      cell("processed").textContent = fmt.format(stage.processed);
      cell("rate").replaceChildren(el("div", {},
        el("span", { text: rate === null ? "–" : rate.toFixed(rate < 10 ? 1 : 0) }),
        sparkline(recent, { width: 48, height: 16, label: `${stage.stage}: articles per second, last two minutes` })));
      cell("unread").textContent = fmt.format(stage.unread);
      cell("pending").textContent = fmt.format(stage.pending);
      cell("dead").textContent = fmt.format(stage.dead_lettered);
      cell("consumers").textContent = fmt.format(stage.consumers);
      cell("unread").classList.toggle("warn", stage.unread > 0);
      cell("dead").classList.toggle("bad", stage.dead_lettered > 0);
      cell("consumers").classList.toggle("bad", stage.consumers === 0);
    }
    samples.push({ t: now, processed: Object.fromEntries(status.stages.map((s) => [s.stage, s.processed])) });
    samples.splice(0, samples.findIndex((s) => now - s.t <= 2 * RATE_SPAN_MS));
    $("pipeline-updated").textContent = `as of ${new Date(now).toLocaleTimeString()}`;
  };
}
