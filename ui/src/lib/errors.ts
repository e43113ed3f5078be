import type { ErrorPayload } from "./bindings";

/** The form field an error belongs to (`invalid.<field>`), or null for form-wide errors. */
export function fieldOf(error: ErrorPayload | null | undefined): string | null {
  if (!error) return null;
  return error.code.startsWith("invalid.") ? error.code.slice("invalid.".length) : null;
}

/** The message to show beside `field`, if the error is about it. */
export function messageFor(error: ErrorPayload | null | undefined, field: string): string | null {
  return error && fieldOf(error) === field ? error.message : null;
}
