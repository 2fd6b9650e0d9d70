import { and, eq, inArray } from 'drizzle-orm'
import { PNG } from 'pngjs'
import type { AssetCategory, AssetCondition } from '@egj/shared'
import type { Db } from '../client'
import { withTransaction } from '../client'
import { assetEvents, assetPhotos, assets, units, users } from '../schema'

interface DemoAsset {
  unit: '市机关事务管理中心' | '市发改委' | '市财政局'
  name: string
  category: AssetCategory
  brand?: string
  model?: string
  condition: AssetCondition
  originalValueFen: number
  acquiredOn: string
  location: string
  status: 'idle' | 'in_use'
  /** the photo's colour (RGB) */
  colour: [number, number, number]
}

/**
 * 公物仓's demo: a dozen assets of three units, most of them idle (in the warehouse), registered by
 * the units' 资产管理员 (zichan1, zichan2; 市财政局 has none yet, so the centre's admin registered its
 * two), each with one photo.
 */
export const DEMO_ASSETS: DemoAsset[] = [
  { unit: '市机关事务管理中心', name: '人体工学办公椅', category: 'furniture', brand: '西昊', model: 'M57', condition: 'good', originalValueFen: 128_000, acquiredOn: '2022-03-15', location: '1号楼 305 储物间', status: 'idle', colour: [70, 110, 160] },
  { unit: '市机关事务管理中心', name: '联想 ThinkPad 笔记本电脑', category: 'computer', brand: '联想', model: 'ThinkPad E14', condition: 'good', originalValueFen: 599_900, acquiredOn: '2023-06-01', location: '1号楼 信息科', status: 'idle', colour: [40, 40, 48] },
  { unit: '市机关事务管理中心', name: '惠普激光打印机', category: 'office_equipment', brand: '惠普', model: 'LaserJet Pro M404dn', condition: 'fair', originalValueFen: 239_900, acquiredOn: '2021-09-10', location: '1号楼 208 文印室', status: 'idle', colour: [200, 200, 205] },
  { unit: '市机关事务管理中心', name: '投影仪', category: 'meeting_equipment', brand: '爱普生', model: 'CB-X06', condition: 'good', originalValueFen: 329_900, acquiredOn: '2022-11-20', location: '1号楼 3楼 设备间', status: 'idle', colour: [235, 235, 240] },
  { unit: '市机关事务管理中心', name: '会议桌', category: 'furniture', model: '2.4 米实木', condition: 'good', originalValueFen: 480_000, acquiredOn: '2020-05-01', location: '1号楼 第二会议室', status: 'in_use', colour: [140, 95, 60] },
  { unit: '市发改委', name: '文件柜', category: 'furniture', model: '钢制四门', condition: 'good', originalValueFen: 98_000, acquiredOn: '2019-08-12', location: '发改委 4楼 档案室', status: 'idle', colour: [170, 175, 180] },
  { unit: '市发改委', name: '戴尔台式电脑', category: 'computer', brand: '戴尔', model: 'OptiPlex 7090', condition: 'fair', originalValueFen: 459_900, acquiredOn: '2021-04-06', location: '发改委 2楼 综合处', status: 'idle', colour: [30, 35, 45] },
  { unit: '市发改委', name: '碎纸机', category: 'office_equipment', brand: '得力', model: '9935', condition: 'new', originalValueFen: 69_900, acquiredOn: '2025-10-01', location: '发改委 2楼 办公室', status: 'idle', colour: [60, 60, 60] },
  { unit: '市发改委', name: '无线话筒套装', category: 'meeting_equipment', brand: '舒尔', model: 'BLX288', condition: 'good', originalValueFen: 260_000, acquiredOn: '2023-02-14', location: '发改委 5楼 会议室', status: 'in_use', colour: [20, 20, 25] },
  { unit: '市发改委', name: '三人位办公沙发', category: 'furniture', condition: 'needs_repair', originalValueFen: 320_000, acquiredOn: '2018-06-30', location: '发改委 1楼 接待室', status: 'idle', colour: [120, 60, 50] },
  { unit: '市财政局', name: '佳能扫描仪', category: 'office_equipment', brand: '佳能', model: 'DR-C240', condition: 'good', originalValueFen: 358_000, acquiredOn: '2022-07-18', location: '财政局 3楼 档案室', status: 'idle', colour: [225, 225, 228] },
  { unit: '市财政局', name: '汽车应急启动电源', category: 'vehicle_parts', brand: '卡儿酷', model: 'K18', condition: 'new', originalValueFen: 59_900, acquiredOn: '2025-03-05', location: '财政局 地下车库', status: 'idle', colour: [220, 120, 30] },
]

const REGISTRAR: Record<DemoAsset['unit'], string> = { 市机关事务管理中心: 'zichan1', 市发改委: 'zichan2', 市财政局: 'admin' }

/** A plain 320×240 photo in the asset's colour, a lighter band across the middle (a placeholder, not a picture). */
export function demoPhoto([r, g, b]: [number, number, number]): Buffer {
  const png = new PNG({ width: 320, height: 240 })
  for (let y = 0; y < png.height; y++) {
    const band = y > 100 && y < 140
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4
      png.data[i] = band ? Math.min(255, r + 60) : r
      png.data[i + 1] = band ? Math.min(255, g + 60) : g
      png.data[i + 2] = band ? Math.min(255, b + 60) : b
      png.data[i + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

/** Idempotent: adds the demo assets that are missing (by unit and name), each with its history and photo. */
export async function seedAssetsDemo(db: Db): Promise<void> {
  const unitRows = await db.select({ id: units.id, name: units.name }).from(units)
  const people = await db.select({ id: users.id, username: users.username, name: users.name }).from(users).where(inArray(users.username, Object.values(REGISTRAR)))
  const now = new Date()
  for (const demo of DEMO_ASSETS) {
    const unit = unitRows.find((row) => row.name === demo.unit)
    const registrar = people.find((person) => person.username === REGISTRAR[demo.unit])
    if (!unit || !registrar) continue
    await withTransaction(db, async (tx) => {
      const [existing] = await tx
        .select({ id: assets.id })
        .from(assets)
        .where(and(eq(assets.unitId, unit.id), eq(assets.name, demo.name)))
      if (existing) return
      const [inserted] = await tx.insert(assets).values({
        unitId: unit.id,
        name: demo.name,
        category: demo.category,
        brand: demo.brand ?? null,
        model: demo.model ?? null,
        condition: demo.condition,
        originalValueFen: demo.originalValueFen,
        acquiredOn: demo.acquiredOn,
        location: demo.location,
        status: demo.status,
        registeredByUserId: registrar.id,
        listedAt: demo.status === 'idle' ? now : null,
      })
      const assetId = inserted.insertId
      const event = { assetId, at: now, actorUserId: registrar.id, unitId: unit.id }
      await tx.insert(assetEvents).values({ ...event, kind: 'registered', text: `${registrar.name} 登记入账，归属${unit.name}` })
      if (demo.status === 'idle') await tx.insert(assetEvents).values({ ...event, kind: 'listed', text: '设为闲置，进入公物仓' })
      await tx.insert(assetPhotos).values({ assetId, type: 'image/png', bytes: demoPhoto(demo.colour) })
    })
  }
}
