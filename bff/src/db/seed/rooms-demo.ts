import { eq } from 'drizzle-orm'
import type { RoomEquipment } from '@egj/shared'
import type { Db } from '../client'
import { rooms } from '../schema'

interface DemoRoom {
  name: string
  building: string
  floor: string
  capacity: number
  equipment: RoomEquipment[]
  openFromMinute: number
  openToMinute: number
  requiresApproval: boolean
}

/** The demo rooms (the E2E spec books 第一会议室 10:00–11:00). */
export const DEMO_ROOMS: DemoRoom[] = [
  { name: '第一会议室', building: '市行政中心 1号楼', floor: '3楼', capacity: 20, equipment: ['projector', 'mic'], openFromMinute: 8 * 60, openToMinute: 18 * 60, requiresApproval: false },
  { name: '第二会议室', building: '市行政中心 1号楼', floor: '3楼', capacity: 12, equipment: ['screen'], openFromMinute: 8 * 60, openToMinute: 18 * 60, requiresApproval: false },
  { name: '第三会议室', building: '市行政中心 2号楼', floor: '5楼', capacity: 30, equipment: ['projector', 'video', 'mic'], openFromMinute: 8 * 60, openToMinute: 20 * 60, requiresApproval: false },
  { name: '洽谈室', building: '市行政中心 2号楼', floor: '2楼', capacity: 6, equipment: [], openFromMinute: 8 * 60, openToMinute: 18 * 60, requiresApproval: false },
  { name: '大会议厅', building: '市行政中心 1号楼', floor: '1楼', capacity: 200, equipment: ['projector', 'video', 'mic', 'screen'], openFromMinute: 8 * 60, openToMinute: 21 * 60, requiresApproval: true },
]

/** Idempotent: adds the rooms that are missing (by name). */
export async function seedRoomsDemo(db: Db): Promise<void> {
  for (const room of DEMO_ROOMS) {
    const [existing] = await db.select({ id: rooms.id }).from(rooms).where(eq(rooms.name, room.name))
    if (!existing) await db.insert(rooms).values({ ...room, photos: [], horizonDays: 60 })
  }
}
