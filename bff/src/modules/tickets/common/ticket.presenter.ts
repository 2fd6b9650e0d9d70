import { inShanghai, ticketStatusLabel, type FirmTicket, type TicketDetail, type TicketEventKind, type TicketListItem } from '@egj/shared'
import type { QrSigner } from '../../../lib/qr'
import { clocksOf } from './sla'
import type { WorkCalendarData } from './working-time'
import type { PhotoStage, TicketRecord, TicketRow } from './ticket.repo'

export const PHOTO_LINK_PURPOSE = 'ticket-photo'

/** A photo's signed address (an <image> loads it without a token). */
export const ticketPhotoUrl = (qr: QrSigner, photoId: number) => qr.publicUrl(`/api/v1/ticket-photos/${qr.linkToken(PHOTO_LINK_PURPOSE, photoId)}`)

/** 工单号: BX (报修) / FW (服务受理) + the Shanghai day it was made + the id, e.g. BX20261207-0012. */
export const ticketNo = (t: Pick<TicketRecord, 'id' | 'kind' | 'createdAt'>) => `${t.kind === 'repair' ? 'BX' : 'FW'}${inShanghai(t.createdAt).format('YYYYMMDD')}-${String(t.id).padStart(4, '0')}`

export function presentTicketItem(row: TicketRow, calendar: WorkCalendarData, now: Date): TicketListItem {
  const t = row.t
  return {
    id: t.id,
    no: ticketNo(t),
    kind: t.kind,
    category: t.category,
    urgency: t.urgency,
    status: t.status,
    statusLabel: ticketStatusLabel(t.kind, t.status),
    description: t.description,
    place: t.place,
    reporter: { id: t.reporterUserId, name: row.reporterName, unitName: row.unitName },
    holderName: row.workerName ?? row.firmName,
    acceptBy: t.acceptBy.toISOString(),
    finishBy: t.finishBy.toISOString(),
    breached: clocksOf(calendar, t, now).breached,
    repeatOfId: t.repeatOfId,
    reopenCount: t.reopenCount,
    createdAt: t.createdAt.toISOString(),
  }
}

export interface TicketExtras {
  photos: { id: number; stage: PhotoStage }[]
  events: { at: Date; kind: string; text: string; userName: string | null; actorName: string | null }[]
  can: TicketDetail['can']
  firmLink: string | null
}

export function presentTicketDetail(row: TicketRow, extras: TicketExtras, calendar: WorkCalendarData, now: Date, qr: QrSigner): TicketDetail {
  const t = row.t
  return {
    ...presentTicketItem(row, calendar, now),
    locationId: t.locationId,
    roomId: t.roomId,
    assetId: t.assetId,
    worker: t.workerUserId && row.workerName ? { id: t.workerUserId, name: row.workerName } : null,
    firm: t.firmId && row.firmName ? { id: t.firmId, name: row.firmName } : null,
    firmLink: extras.firmLink,
    pauseReason: t.pauseReason,
    finishNote: t.finishNote,
    parts: t.parts,
    costFen: t.costFen,
    reply: t.reply,
    rating: t.rating,
    ratingComment: t.ratingComment,
    photos: extras.photos.map((p) => ({ id: p.id, stage: p.stage, url: ticketPhotoUrl(qr, p.id) })),
    clocks: clocksOf(calendar, t, now),
    events: extras.events.map((e) => ({ at: e.at.toISOString(), actorName: e.userName ?? e.actorName ?? '系统', kind: e.kind as TicketEventKind, text: e.text })),
    can: extras.can,
  }
}

export function presentFirmTicket(row: TicketRow, photos: { id: number; stage: PhotoStage }[], expiresAt: Date, qr: QrSigner): FirmTicket {
  const t = row.t
  return {
    id: t.id,
    no: ticketNo(t),
    firmName: row.firmName ?? '',
    category: t.category,
    urgency: t.urgency,
    status: t.status,
    statusLabel: ticketStatusLabel(t.kind, t.status),
    description: t.description,
    place: t.place,
    reporterName: row.reporterName,
    reporterUnit: row.unitName,
    acceptBy: t.acceptBy.toISOString(),
    finishBy: t.finishBy.toISOString(),
    photos: photos.map((p) => ({ id: p.id, stage: p.stage, url: ticketPhotoUrl(qr, p.id) })),
    linkExpiresAt: expiresAt.toISOString(),
    can: { accept: t.status === 'assigned', finish: t.status === 'accepted' || t.status === 'in_progress' },
  }
}
