// fetch() wrapper: bearer token, Accept-Language, the API's error format, one silent re-login.

import { currentLang, t } from "./i18n.js";
import { clearTokens, currentTokens, saveTokens } from "./store.js";

export class ApiError extends Error {
  constructor(status, code, message, details = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let renewSession = null; // set by session.js: gets a new guest session when refresh fails
let refreshing = null;

export function setSessionRenewer(fn) {
  renewSession = fn;
}

/** Same-origin path of an absolute URL the API returned (a proxy may report another host). */
export function apiPath(url) {
  const parsed = new URL(url, window.location.href);
  return parsed.origin === window.location.origin ? parsed.href : parsed.pathname + parsed.search;
}

function buildHeaders(extra, auth) {
  const headers = new Headers(extra);
  headers.set("Accept-Language", currentLang());
  if (!headers.has("Accept")) headers.set("Accept", "application/json");
  const tokens = currentTokens();
  if (auth && tokens) headers.set("Authorization", `Bearer ${tokens.access_token}`);
  return headers;
}

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = body && typeof body === "object" ? body.error : null;
  if (error && typeof error.message === "string") {
    return new ApiError(response.status, error.code ?? "error", error.message, error.details);
  }
  return new ApiError(response.status, "http_error", t("errors.generic"));
}

async function refreshTokens() {
  const tokens = currentTokens();
  if (tokens?.refresh_token) {
    try {
      const response = await fetch("/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ refresh_token: tokens.refresh_token }),
      });
      if (response.ok) {
        saveTokens(await response.json());
        return true;
      }
    } catch {
      // Fall through to a fresh guest session.
    }
  }
  clearTokens();
  if (renewSession) {
    await renewSession();
    return currentTokens() !== null;
  }
  return false;
}

/**
 * Call the API. Options: method, json (body as JSON), form (FormData), headers, auth (default
 * true), raw (return the Response instead of parsed JSON), signal.
 */
export async function api(path, options = {}) {
  const { method = "GET", json, form, headers = {}, auth = true, raw = false, signal } = options;
  const send = () => {
    const init = { method, headers: buildHeaders(headers, auth), signal };
    if (json !== undefined) {
      init.headers.set("Content-Type", "application/json");
      init.body = JSON.stringify(json);
    } else if (form !== undefined) {
      init.body = form;
    }
    return fetch(path, init);
  };
  let response;
  try {
    response = await send();
    if (response.status === 401 && auth && currentTokens()) {
      refreshing ??= refreshTokens().finally(() => {
        refreshing = null;
      });
      if (await refreshing) response = await send();
    }
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    throw new ApiError(0, "network", t("errors.network"));
  }
  if (!response.ok) throw await errorFrom(response);
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}
