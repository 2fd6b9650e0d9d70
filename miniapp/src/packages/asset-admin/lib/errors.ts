import { fieldErrorsFrom } from '../../../utils/field-errors'

/** Codes about one field of the asset, photo and purchase forms (shown under that field, never as a dialog). */
const FIELD_OF_CODE: Record<string, string> = {
  ASSET_PHOTO_INVALID: 'photos',
  ASSET_PHOTOS_FULL: 'photos',
  // only a photo is sent as a file from these pages
  PAYLOAD_TOO_LARGE: 'photos',
  UNSUPPORTED_FILE_TYPE: 'photos',
  ASSET_BUY_REASON_REQUIRED: 'whyNotReuse',
}

/**
 * Field errors from a refusal, keyed by the request's top-level field, for the fields the form
 * shows. Empty: not about a field the form has — the page's dialog says it instead.
 */
export function assetFieldErrors(error: { code: string; message: string; details?: unknown }, shown: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [field, message] of Object.entries(fieldErrorsFrom(error, FIELD_OF_CODE, { topLevel: true }))) {
    if (shown.includes(field) && !out[field]) out[field] = message
  }
  return out
}

/** A 查询凭证 that no longer stands behind a purchase: the way out is a new 购置前查询. */
export const BUY_CHECK_CODES = ['ASSET_BUY_CHECK_REQUIRED', 'ASSET_BUY_CHECK_EXPIRED', 'ASSET_BUY_CHECK_MISMATCH']

/** Drops the given fields' errors (a field's error clears when it changes). */
export function without(errors: Record<string, string>, ...fields: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => !fields.includes(key)))
}
