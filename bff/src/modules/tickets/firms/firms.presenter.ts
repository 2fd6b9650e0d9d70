import { maskMobile, REPAIR_CATEGORIES, type RepairCategory, type RepairFirm } from '@egj/shared'
import type { RepairFirmRow } from './firms.repo'

/** The categories in the list's own order, once each: what is stored and compared. */
export const normaliseCategories = (categories: readonly string[]): RepairCategory[] => REPAIR_CATEGORIES.filter((category) => categories.includes(category))

/** A firm as the dispatcher and the centre see it: the mobile masked (138****1234), never in clear. */
export function presentFirm(row: RepairFirmRow, mobile: string | null): RepairFirm {
  return { id: row.id, name: row.name, contactName: row.contactName, contactMobile: mobile ? maskMobile(mobile) : '', categories: normaliseCategories(row.categories), active: row.active }
}

/** The fields of a firm compared on an update (the mobile in clear, opened from its seal). */
export interface FirmFields {
  name: string
  contactName: string
  contactMobile: string | null
  categories: RepairCategory[]
  active: boolean
}

/** What the audit row shows: the same fields, the mobile masked. */
export function auditedFirm(fields: Partial<FirmFields>): Record<string, unknown> {
  return { ...fields, ...(fields.contactMobile !== undefined ? { contactMobile: fields.contactMobile ? maskMobile(fields.contactMobile) : null } : {}) }
}
