import { and, eq, isNull } from 'drizzle-orm'
import { ROLE_LABELS, type Role } from '@egj/shared'
import type { Db } from '../client'
import { withTransaction } from '../client'
import { notifications, units, userRoles, users } from '../schema'
import { createLogger } from '../../lib/logger'
import type { PiiVault } from '../../lib/pii'
import { AuditService } from '../../modules/audit/audit.service'
import { markAccessChanged } from '../../modules/auth/auth.repo'
import { staffWorkbook } from '../../modules/org/import/import.presenter'
import { StaffImportService } from '../../modules/org/import/import.service'

export const DEMO_UNITS = ['市机关事务管理中心', '市发改委', '市财政局'] as const

interface DemoUser {
  username: string
  name: string
  unit: (typeof DEMO_UNITS)[number] | null
  roles: Role[]
  mobile?: string
  dingtalkUserId?: string
}

/**
 * The demo people's 浙政钉 identities (the 浙政钉 SIMULATOR's directory, simulators/zzd-demo.ts,
 * serves the same): accountId and 人员 employeeCode. 王五 is on record by employeeCode only — his
 * first 浙政钉 sign-in finds him by it and remembers his accountId.
 */
export const DEMO_ZZD_ACCOUNTS: Record<string, { accountId?: string; employeeCode: string }> = {
  zhangsan: { accountId: '710001', employeeCode: 'GE_EGJ0001' },
  lisi: { accountId: '710002', employeeCode: 'GE_EGJ0002' },
  wangwu: { employeeCode: 'GE_EGJ0003' },
  admin: { accountId: '710010', employeeCode: 'GE_EGJ0010' },
  danwei1: { accountId: '710011', employeeCode: 'GE_EGJ0011' },
  baoxiu1: { accountId: '710014', employeeCode: 'GE_EGJ0014' },
  weixiu1: { accountId: '710015', employeeCode: 'GE_EGJ0015' },
  lingdao1: { accountId: '710017', employeeCode: 'GE_EGJ0017' },
}

/** Fixed demo accounts: acceptance checks log in as these usernames. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'zhangsan', name: '张三', unit: '市机关事务管理中心', roles: ['staff'], mobile: '13800000001', dingtalkUserId: 'dd-zhangsan' },
  { username: 'lisi', name: '李四', unit: '市机关事务管理中心', roles: ['staff', 'approver'], mobile: '13800000002', dingtalkUserId: 'dd-lisi' },
  { username: 'wangwu', name: '王五', unit: '市发改委', roles: ['staff'], mobile: '13800000003' },
  { username: 'cashier1', name: '陈小燕', unit: '市机关事务管理中心', roles: ['cashier'], mobile: '13800000004' },
  { username: 'guard1', name: '钱国强', unit: '市机关事务管理中心', roles: ['guard'], mobile: '13800000005' },
  { username: 'dispatcher1', name: '孙立', unit: '市机关事务管理中心', roles: ['dispatcher'], mobile: '13800000006' },
  { username: 'driver1', name: '周建华', unit: '市机关事务管理中心', roles: ['driver'], mobile: '13800000007' },
  { username: 'huiwu1', name: '吴芳', unit: '市机关事务管理中心', roles: ['meeting_service'], mobile: '13800000008' },
  { username: 'settle1', name: '郑丽', unit: '市机关事务管理中心', roles: ['settlement'], mobile: '13800000009' },
  { username: 'admin', name: '系统管理员', unit: '市机关事务管理中心', roles: ['admin'], mobile: '13800000010' },
  { username: 'danwei1', name: '冯丽华', unit: '市发改委', roles: ['staff', 'unit_admin'], mobile: '13800000011' },
  { username: 'zichan1', name: '蒋文涛', unit: '市机关事务管理中心', roles: ['staff', 'asset_keeper'], mobile: '13800000012' },
  { username: 'zichan2', name: '韩雪', unit: '市发改委', roles: ['staff', 'asset_keeper'], mobile: '13800000013' },
  { username: 'baoxiu1', name: '王建国', unit: '市机关事务管理中心', roles: ['staff', 'repair_dispatcher'], mobile: '13800000014' },
  { username: 'weixiu1', name: '赵师傅', unit: '市机关事务管理中心', roles: ['staff', 'repair_worker'], mobile: '13800000015' },
  { username: 'weixiu2', name: '孙师傅', unit: '市机关事务管理中心', roles: ['staff', 'repair_worker'], mobile: '13800000016' },
  // 领导: the cockpit and 督办, read-only (not 周建华: that is driver1's name, in the same unit)
  { username: 'lingdao1', name: '周志远', unit: '市机关事务管理中心', roles: ['leader'], mobile: '13800000017' },
  // 食堂管理员 of 市级机关食堂: its menus, the kitchen's count and waste (issue 23)
  { username: 'shitang1', name: '许梅', unit: '市机关事务管理中心', roles: ['staff', 'canteen_manager'], mobile: '13800000018' },
  { username: 'visitor1', name: '林访客', unit: null, roles: ['visitor'] },
]

/**
 * Idempotent: safe to run on every start. The demo staff are loaded through the staff import's
 * real path (a workbook built in memory, read, planned and written as an admin's upload is), so
 * that path runs on every start; a second start finds everyone unchanged. Then the dev login names
 * are set by mobile. 林访客 (no unit) is a WeChat visitor, created directly.
 */
export async function seedDemo(db: Db, pii: PiiVault): Promise<{ created: number; updated: number; unchanged: number }> {
  await withTransaction(db, async (tx) => {
    for (const name of DEMO_UNITS) {
      const [existing] = await tx.select({ id: units.id }).from(units).where(eq(units.name, name))
      if (!existing) await tx.insert(units).values({ name })
    }
  })

  const staff = DEMO_USERS.filter((demo) => demo.unit && demo.mobile)
  const importer = new StaffImportService({ db, pii, audit: new AuditService({ db }), auth: { accessChanged: (tx, userId) => markAccessChanged(tx, userId, new Date()) }, log: createLogger('warn') })
  const workbook = await staffWorkbook(
    // 食堂收银 is not granted by an import (it needs a canteen): given below, linked to its canteen by the meal seed
    staff.map((demo) => [demo.name, demo.mobile!, demo.unit!, '', demo.dingtalkUserId ?? '', demo.roles.includes('cashier') ? '' : demo.roles.map((role) => ROLE_LABELS[role]).join('、')]),
  )
  const result = await importer.importWorkbook({ actor: null, unitId: 'all' }, workbook)

  await withTransaction(db, async (tx) => {
    const audit = new AuditService({ db })
    for (const demo of DEMO_USERS) {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, demo.username))
      if (existing) continue
      let userId: number
      if (demo.mobile) {
        // a demo account the import left out (e.g. deactivated in a dev database) says why
        const [imported] = await tx.select({ id: users.id, username: users.username }).from(users).where(eq(users.mobileHash, pii.blindIndex(demo.mobile)))
        if (!imported) throw new Error(`演示账号 ${demo.username} 未能导入：${JSON.stringify(result.errors)}`)
        if (imported.username) continue
        userId = imported.id
        await tx.update(users).set({ username: demo.username }).where(eq(users.id, userId))
        if (demo.roles.includes('cashier')) {
          await tx.delete(userRoles).where(eq(userRoles.userId, userId))
          await tx.insert(userRoles).values(demo.roles.map((role) => ({ userId, role })))
          await audit.record(tx, null, { action: 'user.roles', entity: 'user', entityId: userId, before: { roles: ROLE_LABELS.staff }, after: { roles: demo.roles.map((role) => ROLE_LABELS[role]).join('、') }, reason: '演示数据' })
        }
      } else {
        const [created] = await tx.insert(users).values({ username: demo.username, name: demo.name, unitId: null, dingtalkUserId: demo.dingtalkUserId ?? null })
        userId = created.insertId
        await tx.insert(userRoles).values(demo.roles.map((role) => ({ userId, role })))
      }
      await tx.insert(notifications).values({
        userId,
        title: '欢迎使用 e管家',
        body: `${demo.name}，您好！在这里可以扫码就餐、预约访客、申请用车、预订会议室。`,
        link: null,
      })
    }
  })
  // 浙政钉 identities: set once, never over what an admin changed since
  await withTransaction(db, async (tx) => {
    for (const [username, zzd] of Object.entries(DEMO_ZZD_ACCOUNTS))
      await tx
        .update(users)
        .set({ zzdAccountId: zzd.accountId ?? null, zzdEmployeeCode: zzd.employeeCode })
        .where(and(eq(users.username, username), isNull(users.zzdAccountId), isNull(users.zzdEmployeeCode)))
  })
  return { created: result.created, updated: result.updated, unchanged: result.unchanged }
}
