/**
 * Junk at scale (issue 11 §4): requests built from each endpoint's own zod schemas — valid-ish
 * values first, so that a good share gets past auth and validation into the services — then
 * broken on purpose: wrong types, boundary numbers, impossible dates, 100 KB+ strings, unicode,
 * NUL bytes, duplicate query parameters, wrong content types, a `Content-Encoding` that lies.
 *
 * Everything here is deterministic from a seed (the request number included), so a failure is
 * reproduced with FUZZ_SEED=<seed> whatever order the concurrent requests finished in.
 *
 * Knobs: FUZZ_SEED (a number, or `random` to explore; fixed by default so every `npm test` sends
 * the same requests), FUZZ_COUNT (per shard, for a longer hunt), FUZZ_CONCURRENCY (8), and
 * FUZZ_VERBOSE=1 for the answers by status, the endpoints never answered 2xx and the slowest.
 */
import fs from 'node:fs'
import http from 'node:http'
import zlib from 'node:zlib'
import mysql from 'mysql2/promise'
import type { ZodType } from 'zod'
import { contractEntries, type Endpoint } from '@egj/shared'
import { apiRoutes } from '../src/app'
import { connectDatabase } from '../src/db/client'
import { runMigrations } from '../src/db/migrations'
import { DEMO_USERS, seedDemo } from '../src/db/seed/demo'
import { seedMealDemo } from '../src/db/seed/meal-demo'
import { seedRoomsDemo } from '../src/db/seed/rooms-demo'
import { seedAssetsDemo } from '../src/db/seed/assets-demo'
import { seedVehiclesDemo } from '../src/db/seed/vehicles-demo'
import { seedVisitsDemo } from '../src/db/seed/visits-demo'
import { EnvSchema } from '../src/env'
import { PiiVault } from '../src/lib/pii'
import type { Route } from '../src/lib/http'
import { checkLedger } from '../src/modules/ledger/ledger.check'
import { startTestApp, type TestApp } from './harness'
import { TEST_SERVER_URL, testDatabaseUrl } from './databases'

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

export interface Rng {
  /** [0, 1) */
  float(): number
  /** an integer in [lo, hi] */
  int(lo: number, hi: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
}

/** mulberry32: small, fast and good enough to pick junk with. */
export function rng(seed: number): Rng {
  let state = seed >>> 0
  const float = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number) => lo + Math.floor(float() * (hi - lo + 1))
  return { float, int, pick: (items) => items[int(0, items.length - 1)], chance: (p) => float() < p }
}

/** One generator per request: the n-th request is the same whatever ran before it. */
const requestSeed = (seed: number, shard: number, n: number) => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(shard + 1, 0xc2b2ae35) ^ Math.imul(n + 1, 0x27d4eb2f)) >>> 0

// ---------------------------------------------------------------------------------------------
// Realistic values for the fields whose format a refine or regex hides from a schema walker
// ---------------------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

/** A made-up 居民身份证号 with a real birth date and a correct GB 11643 check digit. */
export function fakeIdCard(r: Rng): string {
  const region = r.pick(['110101', '310104', '330106', '440305', '510107', '320102'])
  const birth = `${r.int(1950, 2005)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`
  const body = `${region}${birth}${String(r.int(0, 999)).padStart(3, '0')}`
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(body[i]), 0)
  return body + '10X98765432'[sum % 11]
}
export const fakeMobile = (r: Rng) => `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
const fakePlate = (r: Rng) => `${r.pick(['浙', '京', '沪', '苏', '粤'])}${r.pick(['A', 'B', 'C'])}${Array.from({ length: 5 }, () => r.pick([...PLATE_CHARS])).join('')}`
const alnum = (r: Rng, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') => Array.from({ length }, () => alphabet[r.int(0, alphabet.length - 1)]).join('')
const pad2 = (n: number) => String(n).padStart(2, '0')

/** YYYY-MM-DD in Asia/Shanghai, `days` from today. */
function shanghaiDay(days: number): string {
  const at = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000)
  return `${at.getUTCFullYear()}-${pad2(at.getUTCMonth() + 1)}-${pad2(at.getUTCDate())}`
}
/** An instant `days` ahead at a working hour, with its +08:00 offset. */
const shanghaiInstant = (days: number, hour: number, minute: number) => `${shanghaiDay(days)}T${pad2(hour)}:${pad2(minute)}:00+08:00`

/** Values of the running app a valid request needs (signed codes, tokens, demo accounts). */
export interface Pools {
  /** scanned contents: window, vehicle and room codes (URLs and short codes) */
  codes: string[]
  /** tokens of public vehicle codes */
  vehicleTokens: string[]
  usernames: string[]
}

const CHINESE_WORDS = ['会议', '来访', '公务', '接待', '调研', '检查', '食堂', '午餐', '车辆', '汇报', '培训', '座谈']
const chineseText = (r: Rng, min: number, max: number) => {
  let text = ''
  while (text.length < Math.max(min, 2)) text += r.pick(CHINESE_WORDS)
  return text.slice(0, Math.max(min, Math.min(max, text.length)))
}

/** A string for field `key` that the endpoint would take, or undefined: the walker decides. */
function stringHint(key: string, r: Rng, pools: Pools): string | undefined {
  switch (key) {
    case 'mobile':
      return fakeMobile(r)
    case 'idNumber':
      return fakeIdCard(r)
    case 'plateNo':
      return fakePlate(r)
    case 'startAt':
      return shanghaiInstant(r.int(1, 6), r.int(9, 14), r.pick([0, 30]))
    case 'endAt':
      return shanghaiInstant(r.int(1, 6), r.int(15, 17), r.pick([0, 30]))
    case 'date':
      return shanghaiDay(r.int(-3, 5))
    case 'expiresOn':
    case 'weeklyUntil':
      return shanghaiDay(r.int(10, 60))
    case 'month':
      return shanghaiDay(r.pick([0, -31])).slice(0, 7)
    case 'start':
      return r.pick(['07:00', '11:00', '17:00'])
    case 'end':
      return r.pick(['09:00', '13:30', '19:00'])
    case 'cursor':
    case 'after':
      return String(r.int(1, 500))
    case 'code':
    case 'content':
      return r.pick(pools.codes)
    case 'token':
      return r.chance(0.7) ? r.pick(pools.vehicleTokens) : alnum(r, 32, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')
    case 'voucherCode':
      return alnum(r, 20)
    case 'username':
      return r.pick(pools.usernames)
    case 'authCode':
    case 'phoneCode':
      return alnum(r, 24)
    case 'photo':
      return `data:image/png;base64,${Buffer.from('\x89PNG\r\n\x1a\n' + alnum(r, 30)).toString('base64')}`
    case 'photos[]':
      return `https://egj.example.gov.cn/photos/${alnum(r, 8)}.jpg`
    case 'q':
      return r.pick(['张', '李', '王', '林', '张三'])
    case 'reason':
      return r.pick(['工作需要', '核实身份', '临时变更', '不符合规定'])
    default:
      return undefined
  }
}

// ---------------------------------------------------------------------------------------------
// Walking a zod 4 schema
// ---------------------------------------------------------------------------------------------

interface Check {
  check: string
  format?: string
  value?: number | bigint
  inclusive?: boolean
  minimum?: number
  maximum?: number
}
interface Def {
  type: string
  coerce?: boolean
  checks?: { _zod: { def: Check } }[]
  shape?: Record<string, ZodType>
  innerType?: ZodType
  in?: ZodType
  element?: ZodType
  options?: ZodType[]
  left?: ZodType
  right?: ZodType
  entries?: Record<string, string | number>
  values?: unknown[]
}
const defOf = (schema: ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def
const checksOf = (def: Def) => (def.checks ?? []).map((check) => check._zod.def)

function numberRange(def: Def): { lo: number; hi: number; int: boolean } {
  let lo = -1_000_000
  let hi = 1_000_000
  let int = false
  for (const check of checksOf(def)) {
    if (check.check === 'greater_than') lo = Number(check.value) + (check.inclusive ? 0 : 1)
    if (check.check === 'less_than') hi = Number(check.value) - (check.inclusive ? 0 : 1)
    if (check.check === 'number_format' && check.format !== 'float64' && check.format !== 'float32') int = true
  }
  return { lo, hi, int }
}

function sampleNumber(def: Def, key: string, r: Rng): number {
  const { lo, hi, int } = numberRange(def)
  const from = Math.max(lo, -1_000)
  let to = Math.min(hi, from + 1_000)
  // ids name rows: the demo data and what this run created have small ones
  if (key === 'hostId') to = Math.min(hi, 3) // the demo staff who may be visited
  else if (/(^id|Id)$/.test(key)) to = Math.min(hi, Math.max(from, 0) + 12)
  else if (/Fen$/.test(key)) to = Math.min(hi, Math.max(from, 0) + 5_000)
  else if (key === 'wait') to = Math.min(hi, 0) // the cashier feed long-polls that many seconds
  else if (/Count$|^count$|passengers|seats|capacity/.test(key)) to = Math.min(hi, Math.max(from, 1) + 20)
  const value = from + r.float() * (Math.max(to, from) - from)
  return int ? Math.round(value) : Math.round(value * 1000) / 1000
}

function sampleString(def: Def, key: string, r: Rng, pools: Pools): string {
  const hint = stringHint(key, r, pools)
  if (hint !== undefined) return hint
  let min = 0
  let max = 40
  for (const check of checksOf(def)) {
    if (check.check === 'min_length') min = check.minimum ?? min
    if (check.check === 'max_length') max = Math.min(max, check.maximum ?? max)
    if (check.check === 'string_format' && check.format === 'url') return `https://egj.example.gov.cn/${alnum(r, 6)}`
  }
  return chineseText(r, Math.max(min, 1), Math.max(min, Math.min(max, 12)))
}

/** A value `schema` would (mostly) accept; `key` is the field it is for (hints for refined formats). */
export function sample(schema: ZodType, r: Rng, pools: Pools, key = ''): unknown {
  const def = defOf(schema)
  switch (def.type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [field, inner] of Object.entries(def.shape!)) {
        const innerType = defOf(inner).type
        if ((innerType === 'optional' || innerType === 'default') && r.chance(0.35)) continue
        out[field] = sample(inner, r, pools, field)
      }
      // what crosses fields: an ID number of its type, a window that ends after it starts
      if ('idType' in out && 'idNumber' in out) out.idType = r.chance(0.85) ? 'id_card' : out.idType
      if (typeof out.startAt === 'string' && 'endAt' in out) {
        const days = r.int(1, 6)
        const hour = r.int(9, 14)
        out.startAt = shanghaiInstant(days, hour, 0)
        out.endAt = shanghaiInstant(days, hour + r.int(1, 3), r.pick([0, 30]))
      }
      if (typeof out.openFromMinute === 'number' && 'openToMinute' in out) {
        out.openFromMinute = r.pick([420, 480, 510])
        out.openToMinute = r.pick([1080, 1200, 1320])
      }
      return out
    }
    case 'string':
      return sampleString(def, key, r, pools)
    case 'number':
      return sampleNumber(def, key, r)
    case 'bigint':
      return r.int(1, 15)
    case 'boolean':
      return r.chance(0.5)
    case 'enum':
      return r.pick(Object.values(def.entries!))
    case 'literal':
      return def.values![0]
    case 'optional':
      return sample(def.innerType!, r, pools, key)
    case 'nullable':
      return r.chance(0.2) ? null : sample(def.innerType!, r, pools, key)
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return sample(def.innerType!, r, pools, key)
    case 'pipe':
      return sample(def.in!, r, pools, key)
    case 'array': {
      let min = 0
      let max = 3
      for (const check of checksOf(def)) {
        if (check.check === 'min_length') min = check.minimum ?? min
        if (check.check === 'max_length') max = Math.min(max, check.maximum ?? max)
      }
      return Array.from({ length: r.int(min, Math.max(min, max)) }, () => sample(def.element!, r, pools, `${key}[]`))
    }
    case 'union':
      return sample(r.pick(def.options!), r, pools, key)
    case 'intersection': {
      const left = sample(def.left!, r, pools, key)
      const right = sample(def.right!, r, pools, key)
      return left && right && typeof left === 'object' && typeof right === 'object' ? { ...left, ...right } : right
    }
    case 'record':
    case 'unknown':
    case 'any':
      return {}
    case 'null':
      return null
    default:
      return undefined
  }
}

/** A baseline for `schema`: up to three tries at a value it accepts; the last try otherwise. */
function baseline(schema: ZodType, r: Rng, pools: Pools): { value: unknown; valid: boolean } {
  let value: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    value = sample(schema, r, pools)
    if (schema.safeParse(value).success) return { value, valid: true }
  }
  return { value, valid: false }
}

// ---------------------------------------------------------------------------------------------
// Junk
// ---------------------------------------------------------------------------------------------

const HUGE = 'x'.repeat(100_001)
const HUGE_CJK = '汉'.repeat(40_000) // 120 KB of UTF-8
const LONG = 'a'.repeat(5_000)

/** Strings nothing should take: impossible dates and times, numbers as text, unicode, NUL, injections. */
export const JUNK_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n',
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x1F',
  'NaN',
  'Infinity',
  '-Infinity',
  'null',
  'undefined',
  'true',
  '9007199254740993',
  '99999999999999999999',
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '0000-00-00',
  '2026-1-1',
  '25:61',
  '24:00',
  '2026-02-30T25:61:00+08:00',
  '2026-06-01T25:61+08:00',
  '2026-06-01T10:00:00',
  '2026-06-01T10:00:00+99:99',
  '2026-06-01T10:00:00.123456789Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '1970-01-01T00:00:00Z',
  '2026-W05',
  '😀',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  '\u202Eabc\u202C',
  'مرحبا بالعالم',
  'שלום',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z̴̡̛͓̝a̶̧͎̓l̷̰̾g̵̣̈́o̵̟͂',
  '\u200B\u200C\u200D\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  'a\u0000b',
  '\u0000',
  '\u0007\u001b[31m红\u001b[0m',
  '\r\nX-Injected: 1',
  "' OR 1=1 -- ",
  '"; DROP TABLE users; --',
  '%00',
  '%E0%A4%A',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  LONG,
  '汉'.repeat(3_000),
]

/** Numbers at and past every boundary JSON can carry. */
export const JUNK_NUMBERS: readonly number[] = [0, -0, -1, 1, 0.5, -0.5, 1e-7, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e21, 1e308, -1e308, Number.MIN_VALUE]

/** A wrong value of any type. */
function junkValue(r: Rng): unknown {
  switch (r.int(0, 7)) {
    case 0:
    case 1:
    case 2:
      return r.pick(JUNK_STRINGS)
    case 3:
    case 4:
      return r.pick(JUNK_NUMBERS)
    case 5:
      return r.pick([null, true, false])
    case 6:
      return r.pick([[], [1, 2], [null], ['a'], [[[[[]]]]]])
    default:
      return r.pick([{}, { a: 1 }, JSON.parse('{"__proto__":{"admin":true}}'), { constructor: { prototype: { polluted: 1 } } }, { $gt: '' }])
  }
}

/** JSON text for what JSON.stringify cannot write: Infinity, numbers beyond a double, duplicate keys. */
const RAW_NUMBERS = ['1e999', '-1e999', '1e-999', '123456789012345678901234567890', '-0.0', '0.1e1']

type Json = unknown

/** Every leaf path of a JSON value (objects and arrays), e.g. ['companions', 0, 'idNumber']. */
function leafPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length ? value.flatMap((item, i) => leafPaths(item, [...prefix, i])) : [prefix]
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
    return entries.length ? entries.flatMap(([key, item]) => leafPaths(item, [...prefix, key])) : [prefix]
  }
  return [prefix]
}

function setPath(value: Json, path: (string | number)[], replacement: unknown): Json {
  if (!path.length) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...value]
    copy[head as number] = setPath(copy[head as number], rest, replacement)
    return copy
  }
  const record = { ...(value as Record<string, unknown>) }
  record[head as string] = setPath(record[head as string], rest, replacement)
  return record
}

function deletePath(value: Json, path: (string | number)[]): Json {
  if (path.length === 0) return undefined
  if (path.length === 1) {
    if (Array.isArray(value)) return value.filter((_item, i) => i !== path[0])
    const { [path[0] as string]: _dropped, ...rest } = value as Record<string, unknown>
    return rest
  }
  const [head, ...rest] = path
  return setPath(value, [head], deletePath((value as Record<string | number, unknown>)[head], rest))
}

/** 1–3 changes to a valid value: one field wrong, missing, or joined by fields nobody asked for. */
function mutate(value: Json, r: Rng): Json {
  let out = value
  for (let i = r.int(1, 3); i > 0; i--) {
    const paths = leafPaths(out)
    const path = r.pick(paths)
    const move = r.int(0, 9)
    if (move <= 5) out = setPath(out, path, junkValue(r))
    else if (move === 6) out = deletePath(out, path) ?? {}
    else if (move === 7 && out && typeof out === 'object' && !Array.isArray(out)) out = { ...out, [r.pick(['extra', 'id', 'userId', 'role', 'status', 'amountFen', '$where'])]: junkValue(r) }
    else if (move === 8) out = setPath(out, path, r.pick([HUGE.slice(0, 20_000), '汉'.repeat(8_000)]))
    else out = setPath(out, path, [junkValue(r), junkValue(r)])
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

export interface JunkRequest {
  n: number
  /** the contract entry it was built for (none: a path outside the contract) */
  target?: string
  /** what was done to it, for the failure report */
  label: string
  method: string
  path: string
  headers: Record<string, string>
  body?: Buffer
  /** sent twice at once, as a double tap or a retry racing the first try */
  twice?: boolean
}

export interface Target {
  name: string
  endpoint: Endpoint
  route: Route
}

/** Bearer tokens of demo users, by role; `any` has one per account. */
export type Tokens = { byRole: Map<string, string[]>; any: string[]; /** for POST /auth/logout, which ends the session it is sent with */ throwaway: string[] }

const JUNK_PARAMS = ['0', '-1', '1.5', '1e3', '0x1F', '9007199254740993', '99999999999999999999', 'NaN', 'abc', '%00', '%25', '%E0%A4%A', '%', '..', '%2e%2e', '%F0%9F%98%80', '%D8%00', 'a'.repeat(3_000), '%E6%B1%89'.repeat(200), '%20', '+', 'null']
const CONTENT_TYPES = [
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/json;;;',
  'application/json; charset',
  'application/vnd.api+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'multipart/form-data',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'application/json, text/plain',
  '😀/😀',
  '',
]
/** 1,500 query parameters (Node's querystring keeps the first 1,000) */
const MANY_KEYS = Array.from({ length: 1_500 }, (_v, i) => `&k${i}=1`).join('')
/** an object of 8,000 keys, under the 100 KB body limit */
const WIDE = JSON.stringify(Object.fromEntries(Array.from({ length: 8_000 }, (_v, i) => [`k${i}`, i])))

const RAW_BODIES = ['', 'null', '[]', '123', '"text"', 'true', '{', '{"a":', '{"a":1}}', '{"a":1,"a":2}', "{'a':1}", '{"a":1,}', '\u0000', '\uFEFF{}', 'NaN', '[' .repeat(5_000) + ']'.repeat(5_000), '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000), JSON.stringify({ __proto__: { isAdmin: true } }), '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}', WIDE]
const AUTH_JUNK = ['Bearer', 'Bearer ', 'Bearer null', 'Bearer undefined', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'a'.repeat(5_000)}`, 'Bearer a, Bearer b', 'bearer xyz', 'Token abc', 'Bearer \u00e9\u00e9', 'Bearer ../../', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.']
const BAD_ENCODINGS = ['gzip', 'deflate', 'br', 'bogus', 'gzip, bogus', 'x-gzip', 'compress', 'GZIP', 'gzip, gzip', '', 'identity, gzip']

let bomb: Buffer | undefined
const gzipBomb = () => (bomb ??= zlib.gzipSync(Buffer.alloc(8_000_000, 0x20)))

/** Answers that draw QR codes: slow under jest, so mostly refused early (see `spare`). */
const HEAVY = /qr\.png$|qr-sheet$/

const fillParams = (path: string, values: Record<string, string>) => path.replace(/:(\w+)/g, (_whole, name: string) => values[name] ?? '1')

/** A query string from an object: scalars as text, arrays as the comma lists the schemas split. */
function queryOf(value: Json): [string, string][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return []
  return Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .map(([key, item]) => [key, Array.isArray(item) ? item.join(',') : item !== null && typeof item === 'object' ? JSON.stringify(item) : String(item)])
}
/** encodeURIComponent, except that a lone surrogate goes out as the bytes it would have in WTF-8 (%ED%A0%80): invalid UTF-8, on purpose. */
function encodeLoose(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return [...value].map((char) => (/[\uD800-\uDFFF]/.test(char) ? [0xe0 | (char.charCodeAt(0) >> 12), 0x80 | ((char.charCodeAt(0) >> 6) & 63), 0x80 | (char.charCodeAt(0) & 63)].map((b) => `%${b.toString(16).toUpperCase()}`).join('') : encodeURIComponent(char))).join('')
  }
}
const encodeQuery = (pairs: [string, string][]) => pairs.map(([key, value]) => `${encodeLoose(key)}=${encodeLoose(value)}`).join('&')

function tokenFor(route: Route, r: Rng, tokens: Tokens): string {
  if (route.endpoint.path === '/api/v1/auth/logout') return r.pick(tokens.throwaway)
  const allowed = route.roles?.length ? route.roles.flatMap((role) => tokens.byRole.get(role) ?? []) : tokens.any
  return allowed.length ? r.pick(allowed) : r.pick(tokens.any)
}

/** Request number `n` of a run: an endpoint in turn, its schemas' baseline, then junk. */
export function junkRequest(seed: number, shard: number, n: number, targets: Target[], pools: Pools, tokens: Tokens): JunkRequest & { valid: boolean } {
  const r = rng(requestSeed(seed, shard, n))
  const labels: string[] = []
  // a few in a hundred go to what is not in the contract: the QR redirect, docs, paths that do not exist
  if (r.chance(0.03)) {
    const path = r.pick(['/q/m/', '/q/x/', '/q/v/', '/docs/assets/', '/api/v1/', '/api/v2/visits/', '/api/v1/visits/1/', '/healthz/', '/openapi.json/'])
    const tail = r.pick(['1.abc', r.pick(JUNK_PARAMS), '..%2f..%2fetc%2fpasswd', 'swagger-ui.css', '%', ''])
    return { n, label: 'off-contract path', method: r.pick(['GET', 'POST', 'DELETE', 'PATCH']), path: `${path}${tail}`, headers: {}, valid: false }
  }
  const target = targets[n % targets.length]
  const { endpoint, route } = target
  // a QR image takes ~300 ms of CPU under jest (a sheet: one per car or room, seconds): only the
  // first visit of shard 1 to an image draws one; the rest must be refused before the drawing
  const spare = HEAVY.test(endpoint.path) && (shard !== 1 || n >= targets.length || endpoint.path.endsWith('qr-sheet'))
  let method: string = endpoint.method
  if (r.chance(0.02)) {
    method = r.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
    labels.push(`method ${method}`)
  }
  let valid = true

  // path parameters
  const params: Record<string, string> = {}
  if (endpoint.params) {
    const base = baseline(endpoint.params, r, pools)
    valid &&= base.valid
    for (const [key, value] of queryOf(base.value)) params[key] = encodeLoose(value)
    if (r.chance(0.25) || spare) {
      const key = r.pick(Object.keys(params).length ? Object.keys(params) : ['id'])
      params[key] = r.pick(JUNK_PARAMS)
      labels.push(`param ${key}=${params[key].slice(0, 30)}`)
      valid = false
    }
  }
  let path = fillParams(endpoint.path, params)
  if (r.chance(0.02)) {
    path = r.pick([`${path}/`, path.toUpperCase(), `${path}//`, path.replace('/api/v1', '/api/v1/.'), `${path}%00`])
    labels.push('path variant')
  }

  // the query string
  let pairs: [string, string][] = []
  if (endpoint.query) {
    const base = baseline(endpoint.query, r, pools)
    valid &&= base.valid
    pairs = queryOf(base.value)
  }
  if (endpoint.query || r.chance(0.1)) {
    const move = r.float()
    if (move < 0.15 && pairs.length) {
      const i = r.int(0, pairs.length - 1)
      pairs[i] = [pairs[i][0], r.pick(JUNK_STRINGS.filter((s) => s.length < 1_000))]
      labels.push(`query ${pairs[i][0]} junk`)
      valid = false
    } else if (move < 0.25) {
      const [key, value] = pairs.length ? r.pick(pairs) : [r.pick(['cursor', 'limit', 'date', 'id']), '1']
      pairs.push([key, r.chance(0.5) ? value : '2'])
      labels.push(`duplicate ${key}`)
      valid = false
    } else if (move < 0.3) {
      pairs.push([r.pick(['a[]', 'a[b]', 'limit[]', 'cursor[0]', '__proto__', 'constructor[prototype]', '']), r.pick(['1', '', 'x'])])
      labels.push('bracketed query key')
    } else if (move < 0.35 && pairs.length) {
      pairs.splice(r.int(0, pairs.length - 1), 1)
      labels.push('query key dropped')
    }
  }
  let query = encodeQuery(pairs)
  if (r.chance(0.04)) {
    query = r.pick([`${query}&%`, `${query}&%zz=1`, `${query}&a=%E0%A4%A`, `${query}&&&=&==`, `${query}&x=${'y'.repeat(6_000)}`, `${query}&%00=%00`, `${query}#frag`, `${query}&a=1&a=2&a=3`, `${query}${MANY_KEYS}`])
    labels.push('raw query junk')
  }
  if (query) path = `${path}?${query}`

  // headers: who asks, and how
  const headers: Record<string, string> = {}
  const who = r.float()
  if (spare && !endpoint.params) {
    const refused = tokens.any.filter((token) => !route.roles?.some((role) => tokens.byRole.get(role)?.includes(token)))
    if (r.chance(0.5) && refused.length) headers.authorization = `Bearer ${r.pick(refused)}`
    labels.push('spared: no token or a refused role')
    valid = false
  } else if (route.auth === 'none' && who < 0.7) {
    labels.push('no token')
  } else if (who < 0.72) {
    headers.authorization = `Bearer ${tokenFor(route, r, tokens)}`
    labels.push('token of a permitted role')
  } else if (who < 0.82) {
    headers.authorization = `Bearer ${route.endpoint.path === '/api/v1/auth/logout' ? r.pick(tokens.throwaway) : r.pick(tokens.any)}`
    labels.push('token of any role')
  } else if (who < 0.9) {
    labels.push('no token')
  } else {
    const real = route.endpoint.path === '/api/v1/auth/logout' ? r.pick(tokens.throwaway) : r.pick(tokens.any)
    headers.authorization = r.chance(0.3) ? `Bearer ${real}${r.pick(['x', ' ', '\t', '=='])}` : r.pick(AUTH_JUNK)
    labels.push('bad token')
    valid = false
  }
  if (endpoint.idempotent) {
    const key = r.float()
    if (key < 0.85) headers['idempotency-key'] = `fuzz-${seed}-${shard}-${n}`
    else if (key < 0.9) headers['idempotency-key'] = `fuzz-${seed}-${shard}-${Math.max(0, n - targets.length)}` // the key of the one before: same key, another body
    else if (key < 0.95) {
      headers['idempotency-key'] = r.pick(['short', 'with space in it', '한국어키입니다아', 'x'.repeat(200), '<script>', '../../..'])
      valid = false
    } else valid = false
  }
  if (endpoint.path.endsWith('/notify')) {
    // WeChat Pay's signed notification headers, forged: the body is never WeChat's
    headers['wechatpay-timestamp'] = r.pick([String(Math.floor(Date.now() / 1000)), '0', '-1', 'abc', '99999999999999999999', ''])
    headers['wechatpay-nonce'] = alnum(r, r.pick([0, 32, 300]))
    headers['wechatpay-signature'] = r.pick(['', 'not base64!', Buffer.from(alnum(r, 256)).toString('base64'), 'A'.repeat(4_000)])
    headers['wechatpay-serial'] = r.pick(['', 'PUB_KEY_ID_0000000000000000000000000000', alnum(r, 40)])
    valid = false
  }
  if (r.chance(0.05)) headers['x-request-id'] = r.pick(['short', 'x'.repeat(300), 'has space', '😀😀😀😀😀😀😀😀'].map((s) => encodeURIComponent(s)))
  if (r.chance(0.05)) headers['x-device-id'] = r.pick(['', 'x'.repeat(500), '%00', 'dev-1'])
  if (r.chance(0.05)) headers['x-forwarded-for'] = r.pick(['1.2.3.4', 'not-an-ip', '::1, 10.0.0.1', '999.999.999.999'])
  if (r.chance(0.1)) headers['accept-encoding'] = r.pick(['gzip', 'br', 'deflate', 'identity;q=0', 'bogus', '*', 'gzip;q=abc'])
  if (r.chance(0.03)) headers.accept = r.pick(['text/html', 'application/xml', '*/*;q=abc', 'image/png'])

  // the body
  const takesBody = ['POST', 'PUT', 'PATCH'].includes(endpoint.method)
  let json: Json | undefined
  let raw: Buffer | undefined
  let contentType = 'application/json'
  if (endpoint.body) {
    const base = baseline(endpoint.body, r, pools)
    valid &&= base.valid
    json = base.value
  } else if (takesBody) json = {}
  if (takesBody || r.chance(0.05)) {
    const move = r.float()
    if (move < 0.4) {
      // as built
    } else if (move < 0.7) {
      json = mutate(json ?? {}, r)
      labels.push('mutated body')
      valid = false
    } else if (move < 0.76) {
      raw = Buffer.from(r.pick(RAW_BODIES).slice(0, 90_000))
      labels.push('raw body junk')
      valid = false
    } else if (move < 0.8) {
      const text = JSON.stringify(json ?? {})
      const number = r.pick(RAW_NUMBERS)
      raw = Buffer.from(text.replace(/:(-?\d+(\.\d+)?)/, `:${number}`))
      labels.push(`raw number ${number}`)
      valid = false
    } else if (move < 0.84) {
      // over the body limit: 100 KB (1.5 MB for a report's photo)
      const huge = endpoint.path.endsWith('/reports') ? 'A'.repeat(1_600_000) : r.pick([HUGE, HUGE_CJK])
      json = json && typeof json === 'object' && !Array.isArray(json) ? { ...json, [r.pick(Object.keys(json).concat('x'))]: huge } : huge
      labels.push('body over the limit')
      valid = false
    } else if (move < 0.88) {
      raw = Buffer.from([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0xa0, 0xa1, 0x7d]) // not UTF-8
      labels.push('invalid UTF-8')
      valid = false
    } else {
      contentType = r.pick(CONTENT_TYPES)
      labels.push(`content-type ${contentType || '(none)'}`)
      valid = false
    }
    let bytes = raw ?? Buffer.from(JSON.stringify(json ?? {}) ?? '')
    const encoding = r.float()
    if (encoding < 0.06) {
      headers['content-encoding'] = r.pick(BAD_ENCODINGS)
      labels.push(`content-encoding ${headers['content-encoding'] || '(empty)'} on a plain body`)
      valid = false
    } else if (encoding < 0.08) {
      headers['content-encoding'] = 'gzip'
      bytes = zlib.gzipSync(bytes)
      labels.push('gzipped body')
    } else if (encoding < 0.09) {
      headers['content-encoding'] = 'gzip'
      bytes = r.chance(0.5) ? gzipBomb() : gzipBomb().subarray(0, 500)
      labels.push('gzip bomb (8 MB of spaces) or a cut-off gzip')
      valid = false
    } else if (encoding < 0.1) {
      headers['content-encoding'] = 'deflate'
      bytes = zlib.deflateSync(bytes)
      labels.push('deflated body')
    }
    if (contentType) headers['content-type'] = contentType
    raw = bytes
  }
  // request line and headers stay under Node's 16 KB (beyond it Node itself answers a bare 431, before the app)
  if (path.length + Object.values(headers).join('').length > 12_000) {
    if ((headers.authorization?.length ?? 0) > 1_000) headers.authorization = 'Bearer ' + 'a'.repeat(100)
    if (path.length > 8_000) path = path.slice(0, 8_000)
    labels.push('cut to fit 16 KB of headers')
  }
  const label = labels.join(', ') || 'as built'
  const twice = r.chance(0.04)
  return { n, target: target.name, label: twice ? `${label}, sent twice at once` : label, method, path, headers, body: raw, twice, valid: valid && label === 'token of a permitted role' }
}

// ---------------------------------------------------------------------------------------------
// Sending and judging
// ---------------------------------------------------------------------------------------------

export interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

/** Header values go out as their UTF-8 bytes (Node sends latin1 only): a client may send anything. */
const wireHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [...value].some((char) => char.charCodeAt(0) > 0xff) ? Buffer.from(value, 'utf8').toString('latin1') : value]))

export function send(agent: http.Agent, base: URL, request: JunkRequest, timeoutMs: number, retried = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = wireHeaders(request.headers)
    if (request.body) headers['content-length'] = request.body.length
    const req = http.request({ agent, host: base.hostname, port: base.port, method: request.method, path: request.path, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        let body = Buffer.concat(chunks)
        const encoding = String(res.headers['content-encoding'] ?? '')
        try {
          if (encoding === 'gzip') body = zlib.gunzipSync(body)
          else if (encoding === 'br') body = zlib.brotliDecompressSync(body)
          else if (encoding === 'deflate') body = zlib.inflateSync(body)
        } catch (error) {
          reject(new Error(`answer does not decompress (${encoding}): ${(error as Error).message}`))
          return
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: body.toString('utf8') })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)))
    req.on('error', (error: NodeJS.ErrnoException) => {
      // a kept-alive socket the server closed as idle just as we reused it (Node's documented
      // race): once more on a fresh one; a server that really drops the request drops it again
      if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) resolve(send(agent, base, request, timeoutMs, true))
      else reject(error)
    })
    req.end(request.body)
  })
}

const CJK = /[\u4e00-\u9fff]/

/** Why an answer is wrong, or null: a 5xx, or an error not in the `{ error: { code, message } }` shape with a Chinese message. */
export function judge(answer: Answer): string | null {
  if (answer.status >= 500) return `status ${answer.status}`
  if (answer.status < 400) return null
  let body: { error?: { code?: unknown; message?: unknown } }
  try {
    body = JSON.parse(answer.text)
  } catch {
    return `status ${answer.status} without a JSON body`
  }
  if (typeof body?.error?.code !== 'string') return `status ${answer.status} without error.code`
  if (typeof body.error.message !== 'string' || !CJK.test(body.error.message)) return `status ${answer.status} ${body.error.code}: message not Chinese`
  return null
}

export interface RunResult {
  sent: number
  /** requests whose every part was built valid and sent with a permitted role's token */
  validBuilt: number
  byStatus: Record<string, number>
  failures: { n: number; label: string; method: string; path: string; problem: string; answer?: string }[]
  ms: number
  /** contract entries that answered 2xx at least once: the junk got through to their services */
  reached: Set<string>
  /** the slowest requests, for keeping the run fast */
  slowest: { ms: number; label: string; path: string; status: number }[]
}

/** Sends requests `0 … count-1` of the seed's run, `concurrency` at a time, and judges each answer. */
export async function runJunk(options: { url: string; seed: number; shard: number; count: number; concurrency: number; targets: Target[]; pools: Pools; tokens: Tokens }): Promise<RunResult> {
  const started = Date.now()
  const base = new URL(options.url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency * 2 })
  const result: RunResult = { sent: 0, validBuilt: 0, byStatus: {}, failures: [], ms: 0, slowest: [], reached: new Set() }
  let next = 0
  const worker = async () => {
    while (next < options.count) {
      const n = next++
      const request = junkRequest(options.seed, options.shard, n, options.targets, options.pools, options.tokens)
      if (request.valid) result.validBuilt++
      const described = { n, label: request.label, method: request.method, path: request.path.slice(0, 200) }
      await Promise.all(
        Array.from({ length: request.twice ? 2 : 1 }, async () => {
          result.sent++
          try {
            const sentAt = performance.now()
            const answer = await send(agent, base, request, 15_000)
            const ms = Math.round(performance.now() - sentAt)
            if (result.slowest.length < 10 || ms > result.slowest[9].ms) {
              result.slowest = [...result.slowest, { ms, label: request.label, path: request.path.slice(0, 80), status: answer.status }].sort((a, b) => b.ms - a.ms).slice(0, 10)
            }
            result.byStatus[answer.status] = (result.byStatus[answer.status] ?? 0) + 1
            if (answer.status < 300 && request.target) result.reached.add(request.target)
            const problem = judge(answer)
            if (problem) result.failures.push({ ...described, problem, answer: answer.text.slice(0, 300) })
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code
            // a body over the limit may be cut off while it is still being sent: the server answered 413 and closed
            if ((code === 'EPIPE' || code === 'ECONNRESET') && (request.body?.length ?? 0) > 100_000) {
              result.byStatus['reset (body over the limit)'] = (result.byStatus['reset (body over the limit)'] ?? 0) + 1
              return
            }
            result.failures.push({ ...described, problem: `no answer: ${(error as Error).message}` })
          }
        }),
      )
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  agent.destroy()
  result.ms = Date.now() - started
  return result
}

// ---------------------------------------------------------------------------------------------
// A database of the run's own
// ---------------------------------------------------------------------------------------------

/** Every contract entry with its route (roles, auth). */
export function targets(): Target[] {
  const routes = apiRoutes({ DEV_LOGIN: true })
  return contractEntries().map(({ name, endpoint }) => ({ name, endpoint, route: routes.find((route) => route.endpoint === endpoint)! }))
}

/**
 * A fresh, migrated and seeded database for one fuzz shard (`<test db>_fuzz<shard>`): valid junk
 * books rooms, disables merchants and revokes sessions, which the worker's shared database must
 * not see. Returns its URL.
 */
export async function fuzzDatabase(shard: number): Promise<string> {
  const url = testDatabaseUrl(`fuzz${shard}`)
  const name = new URL(url).pathname.slice(1)
  const server = new URL(TEST_SERVER_URL)
  server.pathname = '/'
  const admin = await mysql.createConnection({ uri: server.toString() })
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``)
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  } finally {
    await admin.end()
  }
  const database = connectDatabase(url, 2)
  try {
    await runMigrations(database)
    const pii = new PiiVault(EnvSchema.parse({ DATABASE_URL: url }).PII_KEY)
    await seedDemo(database.db, pii)
    await seedMealDemo(database.db)
    await seedVisitsDemo(database.db, pii)
    await seedVehiclesDemo(database.db)
    await seedRoomsDemo(database.db)
    await seedAssetsDemo(database.db)
  } finally {
    await database.close()
  }
  return url
}

/** The seed of this run: FUZZ_SEED if given (a number, or `random`), else a fixed one so every `npm test` sends the same requests. */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED
  if (given === 'random') return Math.floor(Math.random() * 2 ** 31)
  return given ? Number(given) >>> 0 : 20261104
}

// ---------------------------------------------------------------------------------------------
// A shard: one test file's share of the run
// ---------------------------------------------------------------------------------------------

/** Requests per `npm test` run, over FUZZ_SHARDS test files (bff/test/fuzz-junk-<n>.test.ts) that jest may run in parallel. */
export const FUZZ_TOTAL = 10_000
export const FUZZ_SHARDS = 2
const PER_SHARD = Math.ceil(FUZZ_TOTAL / FUZZ_SHARDS)

/** Signed codes for the seeded and soon-created windows, cars and rooms, and their public tokens. */
function poolsOf(t: TestApp): Pools {
  const ids = Array.from({ length: 12 }, (_v, i) => i + 1)
  const codes = ids.flatMap((id) => [t.services.qr.url('m', id), t.services.qr.url('v', id), t.services.qr.url('r', id), t.services.qr.url('a', id), t.services.qr.shortCode(r(id), id)])
  return { codes, vehicleTokens: ids.map((id) => t.services.qr.token('v', id)), usernames: DEMO_USERS.map((user) => user.username) }
}
const r = (id: number) => (['m', 'v', 'r'] as const)[id % 3]

async function tokensOf(t: TestApp): Promise<Tokens> {
  const byRole = new Map<string, string[]>()
  const any: string[] = []
  const throwaway = await Promise.all(Array.from({ length: 30 }, () => t.login('zhangsan')))
  for (const user of DEMO_USERS) {
    const token = await t.login(user.username)
    any.push(token)
    for (const role of user.roles) byRole.set(role, [...(byRole.get(role) ?? []), token])
  }
  return { byRole, any, throwaway }
}

/**
 * One shard's tests: PER_SHARD requests of the seed's run against an app on a database of its
 * own, then the money ledger must still balance. A failure names the seed to reproduce it with.
 */
export function describeJunkShard(shard: number): void {
  const seed = fuzzSeed()
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_URL: await fuzzDatabase(shard), VEHICLE_REPORTS_PER_HOUR: '10000' })
  }, 60_000)
  afterAll(() => t?.close())

  it(`answers ${PER_SHARD} junk requests with no 5xx and every error in our shape (FUZZ_SEED=${seed}, shard ${shard})`, async () => {
    const count = Number(process.env.FUZZ_COUNT ?? PER_SHARD)
    const result = await runJunk({ url: t.url, seed, shard, count, concurrency: Number(process.env.FUZZ_CONCURRENCY ?? 8), targets: targets(), pools: poolsOf(t), tokens: await tokensOf(t) })
    const summary = `FUZZ_SEED=${seed} shard ${shard}: ${result.sent} requests in ${result.ms} ms, ${result.validBuilt} built valid; answers ${JSON.stringify(result.byStatus)}`
    const missed = targets().filter((target) => !result.reached.has(target.name)).map((target) => target.name)
    if (process.env.FUZZ_VERBOSE) console.log(`${summary}\nnever 2xx: ${missed.join(' ')}\nslowest: ${result.slowest.map((s) => JSON.stringify(s)).join('\n')}`)
    if (result.failures.length) throw new Error(`${summary}\n${result.failures.length} wrong answers, the first ones:\n${result.failures.slice(0, 15).map((f) => JSON.stringify(f)).join('\n')}`)
    expect(result.sent).toBeGreaterThanOrEqual(count)
    expect(count).toBeGreaterThanOrEqual(PER_SHARD)
    // some of it must reach the services, not only the validators
    expect(result.byStatus['200'] ?? 0).toBeGreaterThan(PER_SHARD / 20)
  }, 120_000)

  it(`is one of ${FUZZ_SHARDS} shard files, so that a run sends at least ${FUZZ_TOTAL} requests`, () => {
    const shards = fs.readdirSync(__dirname).filter((file) => /^fuzz-junk-\d+\.test\.ts$/.test(file))
    expect(shards.sort()).toEqual(Array.from({ length: FUZZ_SHARDS }, (_v, i) => `fuzz-junk-${i + 1}.test.ts`))
  })

  it('leaves nothing half-written: the ledger balances', async () => {
    expect(await checkLedger(t.database.pool)).toEqual([])
  })
}
