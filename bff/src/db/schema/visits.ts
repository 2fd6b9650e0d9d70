import { sql } from 'drizzle-orm'
import { boolean, char, index, mysqlEnum, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { VisitSource, VisitStatus, IdType } from '@egj/shared'
import { id, ref, ts } from './columns'
import { units, users } from './org'

// Personal data (PIPL): ID numbers and mobiles are stored only as `*_enc` (SM4-CTR + HMAC-SM3,
// with the key id, see lib/pii.ts), a blind index `*_hash` (HMAC-SM3) where we look them up, and
// the mask shown on screens. Never in clear.

/** zod's `.options` as the tuple drizzle's enum wants */
const values = <T extends string>(options: readonly T[]) => options as [T, ...T[]]
const idTypeColumn = (name: string) => mysqlEnum(name, values(IdType.options))
const encrypted = (name: string) => varchar(name, { length: 160 })
const blindIndex = (name: string) => char(name, { length: 64 })
const masked = (name: string) => varchar(name, { length: 32 })

export const visits = mysqlTable(
  'visits',
  {
    id: id(),
    status: mysqlEnum('status', values(VisitStatus.options)).notNull(),
    source: mysqlEnum('source', values(VisitSource.options)).notNull(),
    /** the visitor's account (self-booked or accepted invitation); null for a walk-in */
    visitorUserId: ref('visitor_user_id').references(() => users.id),
    visitorName: varchar('visitor_name', { length: 32 }).notNull(),
    mobileEnc: encrypted('mobile_enc'),
    mobileHash: blindIndex('mobile_hash'),
    mobileMasked: masked('mobile_masked'),
    /** null until an invited visitor completes the details */
    idType: idTypeColumn('id_type'),
    idNumberEnc: encrypted('id_number_enc'),
    idNumberHash: blindIndex('id_number_hash'),
    idNumberMasked: masked('id_number_masked'),
    company: varchar('company', { length: 64 }),
    purpose: varchar('purpose', { length: 200 }).notNull(),
    hostUserId: ref('host_user_id').notNull().references(() => users.id),
    /** the host's unit when booked: its approver decides after escalation; statistics count it */
    hostUnitId: ref('host_unit_id').references(() => units.id),
    startAt: ts('start_at').notNull(),
    endAt: ts('end_at').notNull(),
    plateNo: varchar('plate_no', { length: 12 }),
    /** when nobody answered in time and the host unit's approvers were asked */
    escalatedAt: ts('escalated_at'),
    decidedByUserId: ref('decided_by_user_id').references(() => users.id),
    decidedAt: ts('decided_at'),
    rejectReason: varchar('reject_reason', { length: 100 }),
    cancelledAt: ts('cancelled_at'),
    /** sha256 of the invitation token (the link carries the token itself) */
    inviteTokenHash: char('invite_token_hash', { length: 64 }),
    /** per-visit randomness the pass secret is derived from; a new one voids every code handed out */
    passNonce: char('pass_nonce', { length: 32 }),
    checkedInAt: ts('checked_in_at'),
    checkedInBy: ref('checked_in_by').references(() => users.id),
    checkedOutAt: ts('checked_out_at'),
    checkedOutBy: ref('checked_out_by').references(() => users.id),
    autoCheckedOut: boolean('auto_checked_out').notNull().default(false),
    /** the host is still to hear of this check-in / check-out: the gate's one write sets it, a job tells (see GateService.tellHosts) */
    tellHostIn: boolean('tell_host_in').notNull().default(false),
    tellHostOut: boolean('tell_host_out').notNull().default(false),
    createdByUserId: ref('created_by_user_id').references(() => users.id),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    /** personal data removed after the retention period; the row stays for statistics */
    purgedAt: ts('purged_at'),
  },
  (t) => [
    index('visits_visitor_idx').on(t.visitorUserId, t.id),
    index('visits_host_idx').on(t.hostUserId, t.id),
    index('visits_status_start_idx').on(t.status, t.startAt),
    index('visits_start_idx').on(t.startAt),
    index('visits_unit_start_idx').on(t.hostUnitId, t.startAt),
    index('visits_id_number_hash_idx').on(t.idNumberHash),
    index('visits_created_idx').on(t.createdAt),
    uniqueIndex('visits_invite_token_uq').on(t.inviteTokenHash),
    index('visits_tell_host_in_idx').on(t.tellHostIn),
    index('visits_tell_host_out_idx').on(t.tellHostOut),
  ],
)

export const visitCompanions = mysqlTable(
  'visit_companions',
  {
    id: id(),
    visitId: ref('visit_id').notNull().references(() => visits.id),
    name: varchar('name', { length: 32 }).notNull(),
    idType: idTypeColumn('id_type').notNull(),
    idNumberEnc: encrypted('id_number_enc'),
    idNumberHash: blindIndex('id_number_hash'),
    /** null once purged after the retention period, like every other trace of the number */
    idNumberMasked: masked('id_number_masked'),
  },
  (t) => [index('visit_companions_visit_idx').on(t.visitId), index('visit_companions_hash_idx').on(t.idNumberHash)],
)

/** The block list, by ID number (its blind index): a blocked visitor cannot book and is denied at the gate. */
export const visitBlocklist = mysqlTable(
  'visit_blocklist',
  {
    id: id(),
    idType: idTypeColumn('id_type').notNull(),
    idNumberHash: blindIndex('id_number_hash').notNull(),
    idNumberMasked: masked('id_number_masked').notNull(),
    name: varchar('name', { length: 32 }),
    reason: varchar('reason', { length: 100 }).notNull(),
    createdByUserId: ref('created_by_user_id').notNull().references(() => users.id),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('visit_blocklist_hash_uq').on(t.idNumberHash)],
)

/** Every full view of a visitor's ID number or mobile: who, when, which visit, why. */
export const piiAccessLog = mysqlTable(
  'pii_access_log',
  {
    id: id(),
    viewerUserId: ref('viewer_user_id').notNull().references(() => users.id),
    visitId: ref('visit_id').notNull().references(() => visits.id),
    reason: varchar('reason', { length: 100 }).notNull(),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('pii_access_visit_idx').on(t.visitId), index('pii_access_created_idx').on(t.createdAt)],
)
