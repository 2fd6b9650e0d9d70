import { z } from './zod'

export const ROLES = [
  'staff',
  'approver',
  'cashier',
  'guard',
  'dispatcher',
  'driver',
  'meeting_service',
  'settlement',
  'admin',
  'unit_admin',
  'asset_keeper',
  'repair_dispatcher',
  'repair_worker',
  'canteen_manager',
  'leader',
  'visitor',
] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

/** What each role is called on screen. */
export const ROLE_LABELS: Record<Role, string> = {
  staff: '机关干部',
  approver: '单位审批人',
  cashier: '食堂收银',
  guard: '门岗',
  dispatcher: '调度员',
  driver: '驾驶员',
  meeting_service: '会务人员',
  settlement: '结算员',
  admin: '管理员',
  unit_admin: '单位管理员',
  asset_keeper: '资产管理员',
  repair_dispatcher: '报修调度员',
  repair_worker: '维修人员',
  canteen_manager: '食堂管理员',
  leader: '领导',
  visitor: '访客',
}

export const Unit = z.object({ id: z.number().int(), name: z.string() })
export type Unit = z.infer<typeof Unit>

export const UnitList = z.object({ items: z.array(Unit) })
export type UnitList = z.infer<typeof UnitList>

export const Me = z.object({
  id: z.number().int(),
  name: z.string(),
  /** null for visitors and the public, who belong to no member unit */
  unit: Unit.nullable(),
  roles: z.array(Role),
})
export type Me = z.infer<typeof Me>
