import { fieldErrorsFrom } from '../../../utils/field-errors'

/** Codes about one field of the 报修管理 forms (shown under that field, never as a dialog). */
const FIELD_OF_CODE: Record<string, string> = {
  LOCATION_DUPLICATE: 'spot',
  REPAIR_FIRM_DUPLICATE: 'name',
  WORK_CALENDAR_SPANS_OVERLAP: 'spans',
}

/**
 * Field errors from a refusal, keyed by the request's top-level field, for the fields the form
 * shows. Empty: not about a field the form has — the page's dialog says it instead.
 */
export function repairFieldErrors(error: { code: string; message: string; details?: unknown }, shown: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [field, message] of Object.entries(fieldErrorsFrom(error, FIELD_OF_CODE, { topLevel: true }))) {
    if (shown.includes(field) && !out[field]) out[field] = message
  }
  return out
}

/** Drops the given fields' errors (a field's error clears when it changes). */
export function without(errors: Record<string, string>, ...fields: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => !fields.includes(key)))
}
