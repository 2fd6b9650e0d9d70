/// <reference types="jest" />
import { homeTiles, type HomeViewer } from './home-tiles'

const texts = (viewer: HomeViewer | null) => homeTiles(viewer).map((tile) => tile.text)
const staffOf = (...roles: HomeViewer['roles']): HomeViewer => ({ roles, hasUnit: true })

// the demo accounts of the README, each with exactly what home offers them, in order
describe('首页 tiles by role', () => {
  it.each([
    ['signed out', null, ['扫码支付', '访客预约', '我的来访', '我的']],
    ['zhangsan (staff)', staffOf('staff'), ['扫码支付', '报餐', '用车申请', '会议室预订', '公物仓', '报修', '邀请访客', '访客预约', '我的来访', '我的']],
    ['lisi (staff, approver)', staffOf('staff', 'approver'), ['驾驶舱', '督办', '扫码支付', '报餐', '用车申请', '会议室预订', '公物仓', '报修', '邀请访客', '访客预约', '我的来访', '我的']],
    ['cashier1', staffOf('cashier'), ['收银台', '日结单', '扫码支付', '报修', '我的']],
    ['guard1', staffOf('guard'), ['门岗', '扫码支付', '报修', '我的']],
    ['dispatcher1', staffOf('dispatcher'), ['派车', '扫码支付', '报修', '我的']],
    ['driver1', staffOf('driver'), ['扫码支付', '报修', '我的']],
    ['huiwu1', staffOf('meeting_service'), ['会务任务', '扫码支付', '报修', '我的']],
    ['settle1', staffOf('settlement'), ['日结单', '结算对账', '扫码支付', '报修', '我的']],
    ['admin', staffOf('admin'), ['驾驶舱', '督办', '结算对账', '食堂管理', '访客管理', '车辆管理', '会议室管理', '资产管理', '报修管理', '人员管理', '单位管理', '人员导入', '操作留痕', '通讯录同步', '扫码支付', '会议室预订', '公物仓', '报修', '我的']],
    ['danwei1 (staff, unit_admin)', staffOf('staff', 'unit_admin'), ['人员管理', '人员导入', '扫码支付', '报餐', '用车申请', '会议室预订', '公物仓', '报修', '邀请访客', '访客预约', '我的来访', '我的']],
    ['zichan1 (staff, asset_keeper)', staffOf('staff', 'asset_keeper'), ['资产管理', '扫码支付', '报餐', '用车申请', '会议室预订', '公物仓', '报修', '邀请访客', '访客预约', '我的来访', '我的']],
    ['zichan2 (staff, asset_keeper)', staffOf('staff', 'asset_keeper'), ['资产管理', '扫码支付', '报餐', '用车申请', '会议室预订', '公物仓', '报修', '邀请访客', '访客预约', '我的来访', '我的']],
    ['shitang1 (staff, canteen_manager)', staffOf('staff', 'canteen_manager'), ['食堂管理', '扫码支付', '报餐', '用车申请', '会议室预订', '公物仓', '报修', '邀请访客', '访客预约', '我的来访', '我的']],
    ['baoxiu1 (repair dispatcher)', staffOf('repair_dispatcher'), ['派单', '扫码支付', '报修', '我的']],
    ['weixiu1 (repair worker)', staffOf('repair_worker'), ['维修任务', '扫码支付', '报修', '我的']],
    // a leader reads the cockpit and 督办, pays with a 饭卡 and reports a fault like anyone who works here
    ['lingdao1 (leader)', staffOf('leader'), ['驾驶舱', '督办', '扫码支付', '报修', '我的']],
    ['visitor1 (no staff record)', { roles: ['visitor'], hasUnit: false } as HomeViewer, ['访客预约', '我的来访', '我的']],
  ])('%s', (_who, viewer, expected) => {
    expect(texts(viewer)).toEqual(expected)
  })

  it('a leader without a unit is still no visitor: no 访客预约', () => {
    expect(texts({ roles: ['leader'], hasUnit: false })).toEqual(['驾驶舱', '督办', '报修', '我的'])
  })

  it('a leader who is also staff has the cockpit first, then what staff use', () => {
    expect(texts(staffOf('staff', 'leader'))).toEqual(['驾驶舱', '督办', '扫码支付', '报餐', '用车申请', '会议室预订', '公物仓', '报修', '邀请访客', '访客预约', '我的来访', '我的'])
  })

  it('someone with a post and a desk sees the post first, then what staff use', () => {
    expect(texts(staffOf('staff', 'guard'))).toEqual(['门岗', '扫码支付', '报餐', '用车申请', '会议室预订', '公物仓', '报修', '邀请访客', '访客预约', '我的来访', '我的'])
  })
})
