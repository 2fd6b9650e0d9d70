// The address book the DingTalk SIMULATOR serves in the demo (`npm start`): the demo units as
// departments, the demo people who sign in with DingTalk, and a few differences so that
// 通讯录同步 has something to show — two new people, a changed 职务, a person matched by mobile
// who gets their userId, and one in a department no unit matches. Never used in production.
import { DEMO_UNITS, DEMO_USERS } from '../db/seed/demo'
import type { SimDirectory, SimUser } from './dingtalk'

const demo = (username: string) => {
  const user = DEMO_USERS.find((u) => u.username === username)
  if (!user?.mobile) throw new Error(`demo user ${username} has no mobile`)
  return user
}

export function demoDirectory(): SimDirectory {
  const [centre, fgw, czj] = DEMO_UNITS
  const departments = [
    { id: 2, name: centre, parentId: 1 },
    { id: 3, name: fgw, parentId: 1 },
    { id: 4, name: czj, parentId: 1 },
    // a 科室 inside the centre: its people belong to the centre's unit
    { id: 5, name: '办公室', parentId: 2 },
    // no unit of this name: its people are listed as skipped
    { id: 6, name: '市政协办公室', parentId: 1 },
  ]
  const zhangsan = demo('zhangsan')
  const lisi = demo('lisi')
  const wangwu = demo('wangwu')
  const users: SimUser[] = [
    // unchanged
    { userid: zhangsan.dingtalkUserId!, name: zhangsan.name, mobile: zhangsan.mobile, deptIds: [2] },
    // 职务 changed (in the centre's 办公室)
    { userid: lisi.dingtalkUserId!, name: lisi.name, mobile: lisi.mobile, title: '办公室副主任', deptIds: [5] },
    // on record without a userId: matched by mobile, gets one
    { userid: 'dd-wangwu', name: wangwu.name, mobile: `+86-${wangwu.mobile}`, title: '综合处科员', deptIds: [3] },
    // new
    { userid: 'dd-zhaomin', name: '赵敏', mobile: '13800000021', title: '预算处副处长', deptIds: [4] },
    { userid: 'dd-sunhao', name: '孙浩', mobile: '13800000022', title: '后勤保障科科员', deptIds: [5] },
    // skipped: no unit
    { userid: 'dd-zhouqing', name: '周青', mobile: '13800000023', title: '秘书', deptIds: [6] },
  ]
  return { rootName: '演示市人民政府', departments, users }
}
