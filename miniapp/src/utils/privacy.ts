/*
 * WeChat's privacy consent (小程序隐私协议, since 2023-09): a call to scanCode, chooseImage,
 * getLocation, the clipboard or the getPhoneNumber button first waits for the user's consent.
 * WeChat tells us through wx.onNeedPrivacyAuthorization (registered once, utils/platform.ts); this
 * hands the ask to the consent sheet of the page on screen (components/PrivacySheet.tsx, one per
 * page) and the sheet's answer back to WeChat. No Taro here: the rules are unit-tested.
 */

/** The answer WeChat's `resolve` takes: `agree` names the agreePrivacyAuthorization button the user tapped. */
export type PrivacyAnswer = { event: 'agree'; buttonId: string } | { event: 'disagree' }
export type PrivacyResolve = (answer: PrivacyAnswer) => void

/** The id of the sheet's 同意 button: WeChat checks that this very button was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'egj-privacy-agree'

/** A consent sheet: `show(true)` opens it, `show(false)` closes it. */
type Sheet = (open: boolean) => void

/** APIs waiting for the answer (several calls may wait on one sheet: all get the same answer) */
let waiting: PrivacyResolve[] = []
/** the sheets of the pages in the stack, the page on screen last */
let sheets: Sheet[] = []

const onScreen = (): Sheet | undefined => sheets[sheets.length - 1]

function openOnScreen(): void {
  if (waiting.length) onScreen()?.(true)
}

/** wx.onNeedPrivacyAuthorization's listener: an API waits until the user answers. */
export function needPrivacyConsent(resolve: PrivacyResolve): void {
  waiting.push(resolve)
  if (waiting.length === 1) openOnScreen()
}

/** The user's answer from the sheet: every waiting API continues (agree) or fails (disagree). */
export function answerPrivacy(agree: boolean): void {
  const answered = waiting
  waiting = []
  for (const sheet of sheets) sheet(false)
  for (const resolve of answered) resolve(agree ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' })
}

/** A page's sheet is on screen (its page opened, or shown again): an ask still waiting opens there. */
export function sheetShown(sheet: Sheet): void {
  sheets = [...sheets.filter((s) => s !== sheet), sheet]
  for (const other of sheets) if (other !== sheet) other(false)
  openOnScreen()
}

/** A page's sheet went away with its page: an ask still waiting moves to the page below. */
export function sheetGone(sheet: Sheet): void {
  sheets = sheets.filter((s) => s !== sheet)
  openOnScreen()
}
