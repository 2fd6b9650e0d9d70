import { eq } from 'drizzle-orm'
import type { Role } from '@egj/shared'
import type { Db } from '../client'
import { withTransaction } from '../client'
import { notifications, units, userRoles, users } from '../schema'
import type { PiiVault } from '../../lib/pii'

export const DEMO_UNITS = ['市机关事务管理中心', '市发改委', '市财政局'] as const

interface DemoUser {
  username: string
  name: string
  unit: (typeof DEMO_UNITS)[number] | null
  roles: Role[]
  mobile?: string
  dingtalkUserId?: string
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
  { username: 'visitor1', name: '林访客', unit: null, roles: ['visitor'] },
]

/** Idempotent: safe to run on every start; only adds what is missing. */
export async function seedDemo(db: Db, pii: PiiVault): Promise<void> {
  await withTransaction(db, async (tx) => {
    const unitIds = new Map<string, number>()
    for (const name of DEMO_UNITS) {
      const [existing] = await tx.select({ id: units.id }).from(units).where(eq(units.name, name))
      unitIds.set(name, existing?.id ?? (await tx.insert(units).values({ name }))[0].insertId)
    }
    for (const demo of DEMO_USERS) {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.username, demo.username))
      if (existing) continue
      const [created] = await tx.insert(users).values({
        username: demo.username,
        name: demo.name,
        unitId: demo.unit ? unitIds.get(demo.unit) : null,
        mobileHash: demo.mobile ? pii.blindIndex(demo.mobile) : null,
        mobileEnc: demo.mobile ? pii.seal(demo.mobile) : null,
        dingtalkUserId: demo.dingtalkUserId ?? null,
      })
      await tx.insert(userRoles).values(demo.roles.map((role) => ({ userId: created.insertId, role })))
      await tx.insert(notifications).values({
        userId: created.insertId,
        title: '欢迎使用 e管家',
        body: `${demo.name}，您好！在这里可以扫码就餐、预约访客、申请用车、预订会议室。`,
        link: null,
      })
    }
  })
}
