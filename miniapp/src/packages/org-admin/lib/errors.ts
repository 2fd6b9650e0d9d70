import { fieldErrorsFrom } from '../../../utils/field-errors'

/** Codes about one field of the person and unit forms (shown under that field, never as a dialog). */
const FIELD_OF_CODE: Record<string, string> = {
  ORG_MOBILE_TAKEN: 'mobile',
  ORG_DINGTALK_ID_TAKEN: 'dingtalkUserId',
  ORG_ZZD_ID_TAKEN: 'zzdAccountId',
  ORG_UNIT_INACTIVE: 'unitId',
  ORG_CASHIER_NEEDS_MERCHANT: 'merchantId',
  ORG_UNIT_NAME_TAKEN: 'name',
  ORG_UNIT_CREDIT_CODE_TAKEN: 'creditCode',
  ORG_UNIT_CYCLE: 'parentId',
}

/**
 * Field errors from a refusal, keyed by the request's top-level field, for the fields the form
 * shows (`shown`; `rename` when a code's field has another name there, e.g. a unit's parent).
 * Empty: not about a field the form has — the page's dialog says it instead.
 */
export function orgFieldErrors(error: { code: string; message: string; details?: unknown }, shown: readonly string[], rename: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [field, message] of Object.entries(fieldErrorsFrom(error, FIELD_OF_CODE, { topLevel: true }))) {
    const key = rename[field] ?? field
    if (shown.includes(key) && !out[key]) out[key] = message
  }
  return out
}
