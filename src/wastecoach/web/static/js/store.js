// The session's tokens, kept in localStorage so a reload keeps the same (guest) account.

const KEY = "wastecoach.tokens";

export function loadTokens() {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? "null");
    return parsed && typeof parsed.access_token === "string" ? parsed : null;
  } catch {
    return null;
  }
}

export function saveTokens(pair) {
  const tokens = {
    access_token: pair.access_token,
    refresh_token: pair.refresh_token ?? null,
    user_id: pair.user_id ?? null,
    role: pair.role ?? null,
  };
  try {
    localStorage.setItem(KEY, JSON.stringify(tokens));
  } catch {
    // Storage blocked: the tokens live only as long as this page.
  }
  memory = tokens;
  return tokens;
}

export function clearTokens() {
  memory = null;
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}

let memory = loadTokens();

export function currentTokens() {
  return memory;
}
