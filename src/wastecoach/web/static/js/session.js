// Who the page acts as: a stored token, tokens handed back by an OAuth login (URL fragment),
// or a new guest account.

import { api, ApiError, setSessionRenewer } from "./api.js";
import { currentLang } from "./i18n.js";
import { clearTokens, currentTokens, saveTokens } from "./store.js";

export const PROVIDERS = ["kakao", "naver", "google"];
// Must be in the server's WASTECOACH_OAUTH_REDIRECT_ALLOWLIST (its default is "/").
export const LOGIN_REDIRECT = "/";

const listeners = new Set();

export function onSessionChange(listener) {
  listeners.add(listener);
}

function changed() {
  for (const listener of listeners) listener(currentTokens());
}

/** Tokens in the fragment after a provider login: store them and drop them from the URL. */
export function takeTokensFromFragment() {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const accessToken = fragment.get("access_token");
  if (!accessToken) return false;
  saveTokens({
    access_token: accessToken,
    refresh_token: fragment.get("refresh_token"),
    user_id: fragment.get("user_id"),
    role: fragment.get("role"),
  });
  history.replaceState(null, "", window.location.pathname + window.location.search);
  return true;
}

export async function startGuest() {
  const pair = await api("/auth/guest", {
    method: "POST",
    json: { locale: currentLang() },
    auth: false,
  });
  saveTokens(pair);
  changed();
  return pair;
}

setSessionRenewer(startGuest);

export async function ensureSession() {
  const fromLogin = takeTokensFromFragment();
  if (!currentTokens()) await startGuest();
  else changed();
  return { fromLogin };
}

export function isGuest() {
  const role = currentTokens()?.role;
  return !role || role === "guest";
}

/**
 * Which providers to offer. /auth/providers lists the configured ones; when it cannot answer,
 * each login endpoint is asked and a 404 provider_not_configured hides that provider.
 */
export async function availableProviders() {
  try {
    const body = await api("/auth/providers", { auth: false });
    if (Array.isArray(body?.providers)) return PROVIDERS.filter((p) => body.providers.includes(p));
  } catch {
    // Ask the login endpoints instead.
  }
  const offered = [];
  for (const provider of PROVIDERS) {
    try {
      await loginUrl(provider);
      offered.push(provider);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === "provider_not_configured")) {
        offered.push(provider); // unknown trouble: keep the button, the click reports it
      }
    }
  }
  return offered;
}

async function loginUrl(provider) {
  const query = new URLSearchParams({ redirect_uri: LOGIN_REDIRECT });
  // With our bearer token the provider is linked to the current (guest) account.
  const body = await api(`/auth/${encodeURIComponent(provider)}/login?${query}`);
  return body.authorization_url;
}

/** Go to the provider's sign-in page; comes back to LOGIN_REDIRECT with tokens in the fragment. */
export async function login(provider) {
  const url = await loginUrl(provider);
  window.location.assign(url);
}

export async function logoutToGuest() {
  const tokens = currentTokens();
  try {
    await api("/auth/logout", { method: "POST", json: { refresh_token: tokens?.refresh_token } });
  } catch {
    // The tokens are dropped here either way.
  }
  clearTokens();
  await startGuest();
}
