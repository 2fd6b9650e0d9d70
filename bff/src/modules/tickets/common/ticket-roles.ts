import { ROLES } from '@egj/shared'

// Who reaches the 报修 master data and clocks (the access table's rows say the same, in shared/src/contract/access.ts).

/** 报修 and 服务受理 are for staff: every signed-in role but a visitor's (anyone reports, so anyone lists the locations). */
export const TICKET_USERS = ROLES.filter((role) => role !== 'visitor')
/** Who keeps the locations (and prints their codes): the 报修调度员 and the centre. */
export const LOCATION_KEEPERS = ['repair_dispatcher', 'admin'] as const
/** Who reads the 定点维修单位 (to dispatch to them): the 报修调度员 and the centre; only the centre writes. */
export const FIRM_READERS = ['repair_dispatcher', 'admin'] as const
/** Who reads the working calendar and the targets the clocks count against; only the centre writes. */
export const CALENDAR_READERS = ['repair_dispatcher', 'repair_worker', 'admin'] as const
