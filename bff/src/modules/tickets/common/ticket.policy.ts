import { type TicketDetail } from '@egj/shared'
import { hasRole, type AuthUser } from '../../../lib/auth'
import type { TicketRecord } from './ticket.repo'

// Who may see and do what with a ticket: pure functions of the caller and the row.

type Row = Pick<TicketRecord, 'kind' | 'status' | 'reporterUserId' | 'workerUserId'>

export const isReporter = (user: AuthUser, t: Row) => t.reporterUserId === user.id
/** the 维修人员 the ticket is assigned to now */
export const holds = (user: AuthUser, t: Row) => t.workerUserId === user.id && hasRole(user, 'repair_worker')
/** dispatchers handle 报修; the centre handles everything */
export const dispatches = (user: AuthUser, t: Row) => hasRole(user, 'admin') || (t.kind === 'repair' && hasRole(user, 'repair_dispatcher'))

/** The reporter, the holding worker, the dispatchers (报修) and the centre; anyone else: 404. */
export const seesTicket = (user: AuthUser, t: Row) => isReporter(user, t) || holds(user, t) || dispatches(user, t)

/** The statuses each step starts from. */
export const STEP_FROM = {
  assign: ['submitted', 'assigned', 'accepted', 'paused'],
  accept: ['assigned'],
  start: ['accepted'],
  pause: ['in_progress'],
  resume: ['paused'],
  finish: ['accepted', 'in_progress'],
  reply: ['submitted'],
  confirm: ['finished'],
  reopen: ['finished'],
  addInfo: ['submitted', 'assigned', 'accepted', 'in_progress', 'paused', 'finished'],
  cancel: ['submitted', 'assigned'],
} as const

const from = (step: keyof typeof STEP_FROM, t: Row) => (STEP_FROM[step] as readonly string[]).includes(t.status)

export function canOf(user: AuthUser, t: Row): TicketDetail['can'] {
  const repair = t.kind === 'repair'
  const reporter = isReporter(user, t)
  const holder = repair && holds(user, t)
  return {
    addInfo: reporter && from('addInfo', t),
    cancel: reporter && from('cancel', t),
    assign: repair && dispatches(user, t) && from('assign', t),
    accept: holder && from('accept', t),
    start: holder && from('start', t),
    pause: holder && from('pause', t),
    resume: holder && from('resume', t),
    finish: holder && from('finish', t),
    reply: !repair && hasRole(user, 'admin') && from('reply', t),
    confirm: reporter && from('confirm', t),
    reopen: reporter && from('reopen', t),
  }
}
