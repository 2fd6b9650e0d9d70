import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Mobile, PlateNo, RoomDayQuery, isValidIdCard } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../test/harness'

let t: TestApp
let doc: { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>> }
beforeAll(async () => {
  t = await startTestApp()
  doc = (await t.http.get('/openapi.json')).body
})
afterAll(() => t.close())

interface Schema {
  type?: string | string[]
  pattern?: string
  description?: string
  properties?: Record<string, Schema>
  items?: Schema
  allOf?: Schema[]
}
interface Operation {
  parameters?: { name: string; in: string; schema: Schema; description?: string }[]
  requestBody?: { content: { 'application/json': { schema: Schema } } }
}

const body = (path: string, method = 'post') => doc.paths[path][method].requestBody!.content['application/json'].schema
const param = (path: string, name: string) => doc.paths[path].get.parameters!.find((p) => p.name === name)!
const matches = (schema: Schema, value: string) => new RegExp(schema.pattern!).test(value)

describe('/openapi.json says what the BFF checks', () => {
  it('mobile, ID number and plate carry the regex the BFF validates with, wherever a request takes them', () => {
    const visit = body('/api/v1/visits')
    const walkIn = body('/api/v1/gate/walk-ins')
    const invitation = body('/api/v1/visits/invitations')
    for (const mobile of [visit.properties!.mobile, walkIn.properties!.mobile, invitation.properties!.mobile]) {
      expect(mobile.pattern).toBe('^1[3-9]\\d{9}$')
      expect(mobile.description).toContain('+86')
    }
    for (const idNumber of [visit.properties!.idNumber, visit.properties!.companions.items!.properties!.idNumber, walkIn.properties!.idNumber, body('/api/v1/visits/invitations/{token}/accept').properties!.idNumber]) {
      expect(idNumber.pattern).toBeDefined()
      // the check digit is a refine: the description says so
      expect(idNumber.description).toContain('校验码')
    }
    expect(body('/api/v1/visits/blocklist').allOf![0].properties!.idNumber.pattern).toBe(visit.properties!.idNumber.pattern)
    for (const plate of [visit.properties!.plateNo, walkIn.properties!.plateNo, invitation.properties!.plateNo, body('/api/v1/vehicles').properties!.plateNo]) expect(plate.pattern).toBe(visit.properties!.plateNo.pattern)

    // the documented pattern and the server's check agree, value by value
    const mobiles = ['13812345678', '19912345678', '12812345678', '1381234567', '138123456789', '2381234567a']
    expect(mobiles.map((m) => matches(visit.properties!.mobile, m))).toEqual(mobiles.map((m) => Mobile.safeParse(m).success))
    expect(mobiles.map((m) => Mobile.safeParse(m).success)).toEqual([true, true, false, false, false, false])
    const plates = ['浙A12345', '浙AD12345', '浙A1234挂', '使123456', '浙I12345', '浙A1234', 'ZA12345']
    expect(plates.map((p) => matches(visit.properties!.plateNo, p))).toEqual(plates.map((p) => PlateNo.safeParse(p).success))
    expect(plates.map((p) => PlateNo.safeParse(p).success)).toEqual([true, true, true, true, false, false, false])
    const idNumbers = ['11010119900307803X', 'E12345678', 'H1234567801', 'ABCDEFG', '1234', '01010119900307803X']
    expect(idNumbers.map((n) => matches(visit.properties!.idNumber, n))).toEqual([true, true, true, false, false, false])
    expect(isValidIdCard('11010119900307803X')).toBe(true)
  })

  it('the rooms equipment filter is the list the BFF takes: comma-separated names, nothing else', async () => {
    const equipment = param('/api/v1/rooms', 'equipment').schema
    expect(equipment).toEqual({ type: 'string', pattern: '^(?:projector|video|mic|screen)(?:,(?:projector|video|mic|screen))*$' })
    const values = ['projector', 'video,projector', 'mic,screen,video', 'tv', 'projector,', 'projector, mic', '']
    expect(values.map((v) => matches(equipment, v))).toEqual(values.map((v) => RoomDayQuery.safeParse({ date: '2026-12-01', equipment: v }).success))
    const staff = await t.login('zhangsan')
    const day = (equipment: string) => t.http.get('/api/v1/rooms').query({ date: '2026-12-01', equipment }).set(bearer(staff))
    expect((await day('video,projector')).status).toBe(200)
    const refused = await day('tv')
    expect([refused.status, refused.body.error.code, refused.body.error.details.issues[0].path]).toEqual([400, 'VALIDATION_FAILED', 'equipment'])
  })

  it('an upload endpoint takes the file itself as its body: the .xlsx content type, binary', () => {
    const run = doc.paths['/api/v1/admin/users/import'].post as unknown as { requestBody: { required: boolean; content: Record<string, { schema: Schema & { format?: string } }> } }
    expect(run.requestBody.required).toBe(true)
    expect(Object.keys(run.requestBody.content)).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'])
    expect(Object.values(run.requestBody.content)[0].schema).toEqual({ type: 'string', format: 'binary' })
  })

  it('merchantId of the daily statement says who may leave it out', () => {
    expect(param('/api/v1/meal/statements/daily', 'merchantId').description).toMatch(/收银员可省略.*结算员、管理员必填/)
  })
})

describe('/openapi.json passes an OpenAPI linter', () => {
  it('has a servers entry, and @redocly/cli lint (its recommended rules) finds no error', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })])
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egj-openapi-'))
    try {
      fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(doc))
      const cli = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js')
      // in a folder of its own: no redocly.yaml of ours or anyone's changes the rules
      const run = spawnSync(process.execPath, [cli, 'lint', 'openapi.json', '--extends=recommended', '--format=json'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      })
      const report = JSON.parse(run.stdout) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string }[] }
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([])
      expect(report.totals.errors).toBe(0)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
