// A scan's life: upload the photo, follow its progress (SSE, else polling), answer questions.

import { api, apiPath, ApiError } from "./api.js";
import { t } from "./i18n.js";
import { readEvents } from "./sse.js";

const MAX_WAIT_MS = 3 * 60 * 1000;
const FINAL = new Set(["done", "failed"]);

function idempotencyKey() {
  if (window.crypto?.randomUUID) return window.crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function submitScan({ file, hint, position }) {
  const form = new FormData();
  form.append("image", file, file.name || "photo.jpg");
  if (hint) form.append("hint", hint);
  if (position) {
    form.append("lat", String(position.lat));
    form.append("lon", String(position.lon));
  }
  return api("/scans", {
    method: "POST",
    form,
    headers: { "Idempotency-Key": idempotencyKey() },
  });
}

export function getScan(scanId) {
  return api(`/scans/${encodeURIComponent(scanId)}`);
}

export function answerScan(scanId, answers, text) {
  const json = { answers };
  if (text) json.text = text;
  return api(`/scans/${encodeURIComponent(scanId)}/answers`, { method: "POST", json });
}

/** Follow the stream of progress events; returns the final scan, or null to fall back. */
async function followEvents(accepted, onUpdate, signal) {
  let response;
  try {
    response = await api(apiPath(accepted.events_url), {
      raw: true,
      headers: { Accept: "text/event-stream" },
      signal,
    });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    return null;
  }
  if (!response.body) return null;
  try {
    for await (const { event, data } of readEvents(response)) {
      if (event === "timeout") return null;
      if (event !== "progress" && !FINAL.has(event)) continue;
      const scan = JSON.parse(data);
      onUpdate(scan);
      if (FINAL.has(scan.status)) return scan;
    }
  } catch (error) {
    if (error?.name === "AbortError") throw error;
  }
  return null; // the stream ended early: polling picks up from here
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new DOMException("aborted", "AbortError"));
    });
  });
}

async function poll(accepted, onUpdate, signal, deadline) {
  const url = apiPath(accepted.status_url);
  const interval = Math.max(250, Number(accepted.poll_after_ms) || 500);
  while (Date.now() < deadline) {
    const scan = await api(url, { signal });
    onUpdate(scan);
    if (FINAL.has(scan.status)) return scan;
    await sleep(interval, signal);
  }
  throw new ApiError(0, "timeout", t("scan.timeout"));
}

export async function followScan(accepted, onUpdate, signal) {
  const deadline = Date.now() + MAX_WAIT_MS;
  const streamed = await followEvents(accepted, onUpdate, signal);
  return streamed ?? poll(accepted, onUpdate, signal, deadline);
}

export function stageText(scan) {
  if (scan.status === "failed") return scan.error?.message || t("stage.failed");
  if (scan.status === "done") return t("stage.done");
  const key = `stage.${scan.stage}`;
  const text = t(key);
  return text === key ? t("stage.other") : text;
}
