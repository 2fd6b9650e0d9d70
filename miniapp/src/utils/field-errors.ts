/**
 * Field errors from a refusal, for a form to show under its fields: a 400's zod issues
 * (`details.issues[].path` like "companions.0.idNumber"), a `details.field`, or a code the module
 * knows to be about one field (`fieldOfCode`). Empty when the error is not about a field.
 * `topLevel` keys nested paths by their first segment, for forms with one error slot per field.
 */
export function fieldErrorsFrom(
  error: { code: string; message: string; details?: unknown },
  fieldOfCode: Record<string, string>,
  { topLevel = false }: { topLevel?: boolean } = {},
): Record<string, string> {
  const out: Record<string, string> = {}
  const details = error.details as { issues?: { path?: string | (string | number)[]; message?: string }[]; field?: string } | undefined
  if (Array.isArray(details?.issues)) {
    for (const issue of details.issues) {
      const path = Array.isArray(issue.path) ? issue.path.map(String) : String(issue.path ?? '').split('.')
      const key = topLevel ? (path[0] ?? '') : path.join('.')
      if (key && issue.message && !out[key]) out[key] = issue.message
    }
  }
  if (typeof details?.field === 'string') out[details.field] = error.message
  const field = fieldOfCode[error.code]
  if (field) out[field] = error.message
  return out
}
