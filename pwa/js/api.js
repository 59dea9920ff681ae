// Talks to /api/v1: JSON in, JSON out; problem documents become ApiError with their code.
let csrfToken = null;

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.code);
    this.code = problem.code;
    this.status = problem.status;
    this.errors = problem.errors || [];
  }
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json();
  if (!response.ok) throw new ApiError(data);
  if (data && data.csrf_token) csrfToken = data.csrf_token;
  return data;
}

export function forgetSession() { csrfToken = null; }
