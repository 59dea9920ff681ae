// Talks to /api/v1: JSON in, JSON out. Problem documents become ApiError with their code;
// a network failure becomes ApiError with code "offline".
let csrfToken = null;

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.code);
    this.code = problem.code;
    this.status = problem.status;
    this.errors = problem.errors || [];
  }
}

// An idempotency key made on the phone: a retried or double-tapped request is done once.
export function newKey() {
  return crypto.randomUUID ? crypto.randomUUID().replace(/-/g, "")
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function setCsrfToken(token) { csrfToken = token || null; }
export function csrf() { return csrfToken; }

// body: sent as JSON; file: a File or Blob sent as it is (e.g. a CSV upload).
export async function api(path, { method = "GET", body, params, file, contentType } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  // A FormData body sets its own multipart Content-Type (with the boundary).
  if (file !== undefined && !(file instanceof FormData)) headers["Content-Type"] = contentType || file.type || "application/octet-stream";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let url = `/api/v1${path}`;
  if (params) {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""));
    if (query.toString()) url += `?${query}`;
  }
  let response;
  try {
    response = await fetch(url, { method, headers, credentials: "same-origin",
      body: file !== undefined ? file : body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError({ code: "offline", status: 0, detail: "" });
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({ code: "bad_response", status: response.status }));
  if (!response.ok) throw new ApiError(data);
  return data;
}
