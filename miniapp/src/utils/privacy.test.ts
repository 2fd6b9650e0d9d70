import { answerPrivacy, needPrivacyConsent, PRIVACY_AGREE_BUTTON_ID, sheetGone, sheetShown, type PrivacyAnswer } from './privacy'

/** A page's consent sheet: remembers whether it is open. */
function page() {
  const sheet = Object.assign((open: boolean) => void (sheet.open = open), { open: false })
  return sheet
}

/** An API call waiting for consent (what WeChat's `resolve` is told). */
function apiCall() {
  const answers: PrivacyAnswer[] = []
  return { answers, resolve: (answer: PrivacyAnswer) => void answers.push(answer) }
}

afterEach(() => answerPrivacy(false)) // nothing left waiting between tests

describe('WeChat privacy consent', () => {
  it('opens the sheet of the page on screen, and lets the call go on when the user agrees', () => {
    const home = page()
    const repair = page()
    sheetShown(home)
    sheetShown(repair) // navigated on: the repair page is on screen
    const scan = apiCall()
    needPrivacyConsent(scan.resolve)
    expect(repair.open).toBe(true)
    expect(home.open).toBe(false)
    expect(scan.answers).toEqual([]) // waiting for the user

    answerPrivacy(true)
    expect(scan.answers).toEqual([{ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID }])
    expect(repair.open).toBe(false)
    sheetGone(repair)
    sheetGone(home)
  })

  it('makes every waiting call fail when the user refuses, once each', () => {
    const mine = page()
    sheetShown(mine)
    const photo = apiCall()
    const location = apiCall()
    needPrivacyConsent(photo.resolve)
    needPrivacyConsent(location.resolve)
    answerPrivacy(false)
    expect(photo.answers).toEqual([{ event: 'disagree' }])
    expect(location.answers).toEqual([{ event: 'disagree' }])
    answerPrivacy(true) // a second tap answers nobody again
    expect(photo.answers).toHaveLength(1)
    sheetGone(mine)
  })

  it('moves an unanswered ask to the page below when its page closes, and to a page shown again', () => {
    const list = page()
    const detail = page()
    sheetShown(list)
    sheetShown(detail)
    const clipboard = apiCall()
    needPrivacyConsent(clipboard.resolve)
    expect(detail.open).toBe(true)
    sheetGone(detail) // 返回 without answering
    expect(list.open).toBe(true)

    const other = page()
    sheetShown(other)
    expect(other.open).toBe(true)
    expect(list.open).toBe(false)
    sheetShown(list) // back on the list: the ask follows
    expect(list.open).toBe(true)
    expect(other.open).toBe(false)
    answerPrivacy(true)
    expect(clipboard.answers).toEqual([{ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID }])
    sheetGone(list)
    sheetGone(other)
  })

  it('waits for a sheet when no page has one yet', () => {
    const phone = apiCall()
    needPrivacyConsent(phone.resolve)
    expect(phone.answers).toEqual([])
    const login = page()
    sheetShown(login)
    expect(login.open).toBe(true)
    answerPrivacy(true)
    expect(phone.answers).toEqual([{ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID }])
    sheetGone(login)
  })
})
