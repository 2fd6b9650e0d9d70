import { bindFailureTitle, offersStaffBinding } from './bind'

describe('我的 → 绑定工作人员身份', () => {
  it('is offered to a WeChat visitor only', () => {
    expect(offersStaffBinding({ unit: null }, true)).toBe(true)
    // already staff: nothing to bind
    expect(offersStaffBinding({ unit: { id: 1, name: '市机关事务管理中心' } }, true)).toBe(false)
    // H5 / DingTalk: no getPhoneNumber button there
    expect(offersStaffBinding({ unit: null }, false)).toBe(false)
  })

  it('titles each failure in Chinese (the server message says what to do)', () => {
    expect(bindFailureTitle('AUTH_BIND_NO_STAFF')).toBe('未找到工作人员信息')
    expect(bindFailureTitle('AUTH_BIND_ALREADY')).toBe('该身份已绑定其他微信')
    expect(bindFailureTitle('NETWORK')).toBe('绑定未完成')
  })
})
