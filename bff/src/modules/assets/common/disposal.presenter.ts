import type { AssetDisposal } from '@egj/shared'
import type { DisposalRow } from './disposal.repo'

export function presentDisposal(row: DisposalRow): AssetDisposal {
  const { disposal } = row
  return {
    id: disposal.id,
    assetId: disposal.assetId,
    assetName: row.assetName,
    unitName: row.unitName,
    originalValueFen: row.originalValueFen,
    reason: disposal.reason,
    status: disposal.status,
    requestedBy: row.requestedBy,
    requestedAt: disposal.createdAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: disposal.decidedAt?.toISOString() ?? null,
    rejectReason: disposal.rejectReason,
  }
}
