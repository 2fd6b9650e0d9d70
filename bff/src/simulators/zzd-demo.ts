// The 浙政钉 people the 浙政钉 SIMULATOR knows in the demo (`npm start`): the demo staff with the
// accountIds and employeeCodes the demo seed gives them (DEMO_ZZD_ACCOUNTS), 王五 with the
// accountId his record lacks (found by employeeCode on his first sign-in), and 赵敏, who is in
// 浙政钉 but has no staff record here (her sign-in shows the "ask your 单位管理员" page). Never used in production.
import { DEMO_USERS, DEMO_ZZD_ACCOUNTS } from '../db/seed/demo'
import type { SimZzdUser } from './zzd'

/** 王五's accountId in 浙政钉 (his staff record has only his employeeCode). */
export const DEMO_ZZD_WANGWU_ACCOUNT_ID = '710003'
/** A 浙政钉 user with no staff record in e管家. */
export const DEMO_ZZD_UNBOUND_ACCOUNT_ID = '719999'

export function demoZzdUsers(): SimZzdUser[] {
  const staff = Object.entries(DEMO_ZZD_ACCOUNTS).map(([username, zzd]) => ({
    accountId: zzd.accountId ?? DEMO_ZZD_WANGWU_ACCOUNT_ID,
    employeeCode: zzd.employeeCode,
    name: DEMO_USERS.find((user) => user.username === username)?.name ?? username,
  }))
  return [...staff, { accountId: DEMO_ZZD_UNBOUND_ACCOUNT_ID, employeeCode: 'GE_EGJ9999', name: '赵敏' }]
}
