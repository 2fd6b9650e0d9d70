import { z } from './zod'

// Free text people type (names, titles, purposes, reasons, notes). Every such field is built from
// `singleLine()` or `multiLine()`: trimmed, and refused when it holds a control character. No
// keyboard types one, but a bare CR, NUL, U+0085 or U+2028 in a title ends a line of the .ics
// file it is written into (`SUMMARY:Meet\rATTENDEE:…` adds an attendee), breaks a CSV row or a
// log line, and reads as nothing on screen. Codes a scanner reads are not free text: they are
// checked by their own format.

export const CONTROL_CHARACTERS_MESSAGE = '不能包含控制字符'

// eslint-disable-next-line no-control-regex -- control characters are what these find
const ONE_LINE = /^[^\x00-\x1f\x7f\x85\u2028\u2029]*$/
/** the same, but a line feed (a text box's Enter) is allowed */
// eslint-disable-next-line no-control-regex -- control characters are what these find
const LINES = /^[^\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029]*$/

/** One line of text: trimmed; no C0 control character (tab and line breaks included), DEL, U+0085, U+2028 or U+2029. */
export const singleLine = () => z.string().trim().regex(ONE_LINE, CONTROL_CHARACTERS_MESSAGE)

/** A text box: as `singleLine()`, but line feeds are kept (CRLF becomes LF; a CR alone is refused). */
export const multiLine = () =>
  z
    .string()
    .overwrite((text) => text.replace(/\r\n/g, '\n'))
    .trim()
    .regex(LINES, CONTROL_CHARACTERS_MESSAGE)

/** A required one-line field: 请填写{what}, at most `max` characters. */
export const requiredLine = (what: string, max: number) => singleLine().min(1, `请填写${what}`).max(max, `${what}不能超过 ${max} 个字`)

/** A required text box: 请填写{what}, at most `max` characters. */
export const requiredText = (what: string, max: number) => multiLine().min(1, `请填写${what}`).max(max, `${what}不能超过 ${max} 个字`)

/** Spaces of every kind and invisible format characters (zero-width space, joiners, BOM, direction marks). */
const INVISIBLE = /[\s\p{Z}\p{Cf}]/gu

/** True when the text shows something: at least one character that is neither space nor an invisible format character. */
export const hasVisibleText = (text: string) => text.replace(INVISIBLE, '').length > 0

/**
 * A reason someone must give (to see personal data, to refuse, to refund): a text box that must
 * show something — a zero-width space or a run of blanks is no reason.
 */
export const reasonText = (what: string, max: number) =>
  multiLine()
    .min(1, { error: `请填写${what}`, abort: true })
    .max(max, `${what}不能超过 ${max} 个字`)
    .refine(hasVisibleText, `请填写${what}`)
    .describe('至少一个可见字符（空格、零宽字符不算）')
