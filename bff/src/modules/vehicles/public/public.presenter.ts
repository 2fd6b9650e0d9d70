import type { PublicVehicle } from '@egj/shared'
import type { CurrentTask, PublicVehicleRow } from './public.repo'

/**
 * The destination, coarse: up to its district or county (杭州市西湖区文三路 90 号 → 杭州市西湖区),
 * else its city, else its first 6 characters. A street address may be someone's home.
 */
export function coarseArea(destination: string): string {
  const text = destination.trim()
  const district = /^.{1,10}?[区县]/.exec(text) ?? /^.{1,8}?市/.exec(text)
  if (district) return district[0]
  return text.length > 6 ? `${text.slice(0, 6)}…` : text
}

/** 亮身份: the car and, when on an official task now, its window, area and requesting unit — nobody's name. */
export function presentPublicVehicle(car: PublicVehicleRow, task: CurrentTask | null): PublicVehicle {
  return {
    plateNo: car.plateNo,
    type: car.type,
    unitName: car.unitName,
    onTask: !!task,
    ...(task ? { task: { startAt: task.startAt.toISOString(), endAt: task.endAt.toISOString(), destinationArea: coarseArea(task.destination), requestingUnit: task.requestingUnit } } : {}),
  }
}

/** What the admin sees later: the car's task when the report came in (full destination). */
export function taskSnapshot(task: CurrentTask | null) {
  return {
    onTask: !!task,
    requestId: task?.requestId ?? null,
    startAt: task?.startAt.toISOString() ?? null,
    endAt: task?.endAt.toISOString() ?? null,
    destination: task?.destination ?? null,
    requestingUnit: task?.requestingUnit ?? null,
  }
}
