import type { AssetTransfer } from '@egj/shared'
import { ASSET_CATEGORY_LABELS, ASSET_TRANSFER_STATUS_LABELS, formatMoney, inShanghai } from '@egj/shared'
import type { AuthUser } from '../../../lib/auth'
import { isCentre } from '../common/asset.policy'
import { residualValueFen } from '../common/asset.presenter'
import { decidesStep, isOpen, mayAgree, mayCancel, mayReceive } from './transfers.policy'
import type { TransferRow } from './transfers.repo'

type Who = Pick<AuthUser, 'roles' | 'unit'>

/** The centre, as the requester reads who decides. */
export const CENTRE_NAME = '机关事务管理中心'

/** Who decides now, in words; null once finished. */
export function waitingForText(row: Pick<TransferRow, 'transfer' | 'fromUnitName' | 'toUnitName'>): string | null {
  const status = row.transfer.status
  if (status === 'pending_owner') return `${row.fromUnitName} 资产管理员`
  if (status === 'pending_centre') return CENTRE_NAME
  if (status === 'pending_receipt') return `${row.toUnitName} 资产管理员`
  return null
}

/** The values on the 调拨单: fixed at receipt; until then, today's. */
export function valuesOf(row: TransferRow, now: Date): { originalValueFen: number; residualValueFen: number } {
  return {
    originalValueFen: row.transfer.originalValueFen ?? row.asset.originalValueFen,
    residualValueFen: row.transfer.residualValueFen ?? residualValueFen(row.asset, now),
  }
}

export function presentTransfer(row: TransferRow, user: Who, now: Date): AssetTransfer {
  const t = row.transfer
  const parties = { status: t.status, fromUnitId: t.fromUnitId, toUnitId: t.toUnitId }
  const open = isOpen(t.status)
  const iso = (at: Date | null) => (at ? at.toISOString() : null)
  const steps = [
    { label: '申请调剂', by: row.requestedByName, at: iso(t.createdAt), done: true },
    { label: `${row.fromUnitName}同意调出`, by: row.agreedByName, at: iso(t.agreedAt), done: !!t.agreedAt },
    { label: `${CENTRE_NAME}审批`, by: row.approvedByName, at: iso(t.approvedAt), done: !!t.approvedAt },
    { label: `${row.toUnitName}确认接收`, by: row.receivedByName, at: iso(t.receivedAt), done: !!t.receivedAt },
  ]
  if (t.status === 'rejected') steps.push({ label: `未通过：${t.rejectReason ?? ''}`, by: row.rejectedByName, at: iso(t.rejectedAt), done: true })
  if (t.status === 'cancelled') steps.push({ label: '申请单位已撤回', by: null, at: iso(t.cancelledAt), done: true })
  return {
    id: t.id,
    slipNo: t.slipNo,
    assetId: row.asset.id,
    assetName: row.asset.name,
    category: row.asset.category,
    ...valuesOf(row, now),
    fromUnitId: t.fromUnitId,
    fromUnitName: row.fromUnitName,
    toUnitId: t.toUnitId,
    toUnitName: row.toUnitName,
    reason: t.reason,
    status: t.status,
    requestedBy: row.requestedByName,
    requestedAt: t.createdAt.toISOString(),
    waitingFor: waitingForText(row),
    steps,
    rejectReason: t.rejectReason,
    rejectedBy: row.rejectedByName,
    can: {
      agree: t.status === 'pending_owner' && mayAgree(user, parties),
      approve: t.status === 'pending_centre' && isCentre(user),
      receive: t.status === 'pending_receipt' && mayReceive(user, parties),
      reject: open && decidesStep(user, parties),
      cancel: open && mayCancel(user, parties),
    },
  }
}

/** Every text on the 调拨单 comes from someone (names, reasons): escaped, always. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const when = (at: Date | null) => (at ? inShanghai(at).format('YYYY-MM-DD HH:mm') : '—')

/**
 * 调拨单: one printable A4 page — number and date, the two units, the asset, its values (fixed at
 * receipt), the reason, and the three sign-offs (giving unit, centre, receiving unit) with names
 * and times.
 */
export function presentSlip(row: TransferRow, shortCode: string, now: Date): string {
  const t = row.transfer
  const values = valuesOf(row, now)
  const e = (text: string | null | undefined) => escapeHtml(text ?? '—')
  const number = t.slipNo ?? '（未完成，尚无编号）'
  const date = t.receivedAt ? inShanghai(t.receivedAt).format('YYYY年M月D日') : '—'
  const sign = (label: string, name: string | null, at: Date | null, verb: string) =>
    `<td><p class="role">${e(label)}</p><p>${verb}：${e(name)}</p><p class="at">${when(at)}</p></td>`
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>公物仓资产调拨单 ${e(number)}</title><style>
@page { size: A4; margin: 18mm } * { box-sizing: border-box } body { margin: 0; font: 11pt/1.6 "PingFang SC","Noto Sans CJK SC","Microsoft YaHei","SimSun",sans-serif; color: #111 }
h1 { text-align: center; font-size: 20pt; letter-spacing: 4pt; margin: 0 0 4mm } .meta { display: flex; justify-content: space-between; margin: 0 0 3mm }
table { width: 100%; border-collapse: collapse; margin: 0 0 6mm } th, td { border: 1px solid #333; padding: 2.5mm 3mm; text-align: left; vertical-align: top }
th { width: 22%; background: #f3f3f3; font-weight: 600 } .signs td { width: 33.3%; height: 32mm } .role { font-weight: 600; margin: 0 0 2mm } .signs p { margin: 0 } .at { color: #444 }
.state { color: #a00 } @media print { .noprint { display: none } }
</style></head><body>
<h1>公物仓资产调拨单</h1>
<div class="meta"><span>调拨单号：${e(number)}</span><span>调拨日期：${e(date)}</span></div>
${t.status === 'done' ? '' : `<p class="state">此调剂${e(ASSET_TRANSFER_STATUS_LABELS[t.status])}，调拨单尚未生效。</p>`}
<table>
<tr><th>调出单位</th><td>${e(row.fromUnitName)}</td><th>调入单位</th><td>${e(row.toUnitName)}</td></tr>
<tr><th>资产名称</th><td>${e(row.asset.name)}</td><th>资产类别</th><td>${e(ASSET_CATEGORY_LABELS[row.asset.category])}</td></tr>
<tr><th>品牌</th><td>${e(row.asset.brand)}</td><th>规格型号</th><td>${e(row.asset.model)}</td></tr>
<tr><th>资产编号</th><td>${e(shortCode)}</td><th>取得日期</th><td>${e(row.asset.acquiredOn)}</td></tr>
<tr><th>原值</th><td>${e(formatMoney(values.originalValueFen))}</td><th>调拨时残值</th><td>${e(formatMoney(values.residualValueFen))}</td></tr>
<tr><th>调剂理由</th><td colspan="3">${e(t.reason)}</td></tr>
<tr><th>申请人</th><td colspan="3">${e(row.requestedByName)}（${e(row.toUnitName)}）于 ${when(t.createdAt)} 申请</td></tr>
</table>
<table class="signs"><tr>
${sign(`调出单位（${row.fromUnitName}）资产管理员`, row.agreedByName, t.agreedAt, '同意调出')}
${sign(`${CENTRE_NAME}`, row.approvedByName, t.approvedAt, '审批通过')}
${sign(`调入单位（${row.toUnitName}）资产管理员`, row.receivedByName, t.receivedAt, '确认接收')}
</tr></table>
<p class="noprint">请用 A4 纸打印；残值按类别使用年限直线法计算，于接收确认时确定。</p>
</body></html>`
}
