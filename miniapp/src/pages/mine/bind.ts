import type { Me } from '@egj/shared'

/*
 * 我的 → 绑定工作人员身份: a WeChat user signed in as a visitor proves a staff mobile with WeChat's
 * getPhoneNumber button (POST /api/v1/auth/wechat/bind), as the login page promised they could later.
 */

/** Offered to someone signed in through WeChat without a staff record (a unit) yet. */
export function offersStaffBinding(me: Pick<Me, 'unit'>, signedInWithWechat: boolean): boolean {
  return signedInWithWechat && me.unit === null
}

/** The title of the dialog for a failed binding (its text is the server's Chinese message, which says what to do). */
export function bindFailureTitle(code: string): string {
  if (code === 'AUTH_BIND_NO_STAFF') return '未找到工作人员信息'
  if (code === 'AUTH_BIND_ALREADY') return '该身份已绑定其他微信'
  return '绑定未完成'
}
