import {
  AssetBuyCheck,
  AssetBuyCheckQuery,
  AssetCreate,
  AssetDetail,
  AssetDisposal,
  AssetDisposalCreate,
  AssetDisposalList,
  AssetDisposalListQuery,
  AssetDisposalReject,
  AssetList,
  AssetListQuery,
  AssetLoan,
  AssetLoanCreate,
  AssetLoanHandOver,
  AssetLoanList,
  AssetLoanListQuery,
  AssetLoanReject,
  AssetLoanReturn,
  AssetOverdueList,
  AssetPhotoParams,
  AssetPhotoTokenParam,
  AssetPurchase,
  AssetPurchaseCreate,
  AssetPurchaseList,
  AssetQrSheetQuery,
  AssetScan,
  AssetScanQuery,
  AssetStats,
  AssetStatsQuery,
  AssetStocktake,
  AssetStocktakeFinished,
  AssetStocktakeList,
  AssetStocktakeScanResult,
  AssetStocktakeScans,
  AssetTransfer,
  AssetTransferCreate,
  AssetTransferList,
  AssetTransferListQuery,
  AssetTransferReject,
  AssetUpdate,
} from '../assets'
import { ASSET_PHOTO_MAX_BYTES, ASSET_PHOTO_TYPES } from '../assets-values'
import { IdParam } from '../notifications'
import { XLSX } from './org-admin'
import { endpoint } from './define'

/** The warehouse, one asset, its code and photos, 报废. */
export const assetsApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/assets', tag: 'assets', summary: '公物仓：按状态、类别、单位、关键词查资产（默认不含已报废）', query: AssetListQuery, response: AssetList }),
  get: endpoint({ method: 'GET', path: '/api/v1/assets/:id', tag: 'assets', summary: '资产详情与履历（归属、借用、调剂、维修）', params: IdParam, response: AssetDetail }),
  create: endpoint({ method: 'POST', path: '/api/v1/assets', tag: 'assets', summary: '登记资产（本单位资产管理员），生成终身一物一码', body: AssetCreate, response: AssetDetail, status: 201, idempotent: true }),
  update: endpoint({ method: 'PATCH', path: '/api/v1/assets/:id', tag: 'assets', summary: '修改资产信息，或设为闲置（进公物仓）/在用', params: IdParam, body: AssetUpdate, response: AssetDetail }),
  addPhoto: endpoint({
    method: 'POST',
    path: '/api/v1/assets/:id/photos',
    tag: 'assets',
    summary: '上传照片（JPEG/PNG，按文件内容校验，每张 ≤ 2 MB，最多 6 张）',
    params: IdParam,
    upload: { type: ASSET_PHOTO_TYPES, maxBytes: ASSET_PHOTO_MAX_BYTES, label: ' JPEG 或 PNG 图片' },
    response: AssetDetail,
    status: 201,
  }),
  removePhoto: endpoint({ method: 'DELETE', path: '/api/v1/assets/:id/photos/:photoId', tag: 'assets', summary: '删除一张照片', params: AssetPhotoParams, response: AssetDetail }),
  photo: endpoint({ method: 'GET', path: '/api/v1/asset-photos/:token', tag: 'assets', summary: '资产照片（签名地址，可直接用于图片标签）', params: AssetPhotoTokenParam, file: 'image/jpeg' }),
  scan: endpoint({ method: 'GET', path: '/api/v1/assets/scan', tag: 'assets', summary: '扫资产码：资产，及此刻可办的事（交付、归还、盘点）', query: AssetScanQuery, response: AssetScan }),
  qrPng: endpoint({ method: 'GET', path: '/api/v1/assets/:id/qr.png', tag: 'assets', summary: '资产码图片（PNG）', params: IdParam, file: 'image/png' }),
  qrSheet: endpoint({ method: 'GET', path: '/api/v1/assets/qr-sheet', tag: 'assets', summary: '资产码 A4 标签打印页（HTML）', query: AssetQrSheetQuery, file: 'text/html; charset=utf-8' }),
  dispose: endpoint({ method: 'POST', path: '/api/v1/assets/:id/disposal', tag: 'assets', summary: '申请报废（说明原因，管理中心审批）', params: IdParam, body: AssetDisposalCreate, response: AssetDisposal, status: 201 }),
}

export const assetDisposalsApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/asset-disposals', tag: 'assets-admin', summary: '报废申请（管理中心审批）', query: AssetDisposalListQuery, response: AssetDisposalList }),
  approve: endpoint({ method: 'POST', path: '/api/v1/asset-disposals/:id/approve', tag: 'assets-admin', summary: '同意报废：资产移出公物仓，履历保留', params: IdParam, response: AssetDisposal }),
  reject: endpoint({ method: 'POST', path: '/api/v1/asset-disposals/:id/reject', tag: 'assets-admin', summary: '不同意报废', params: IdParam, body: AssetDisposalReject, response: AssetDisposal }),
}

/** 调剂: ownership moves after the owner, the centre and the receiver agree. */
export const assetTransfersApi = {
  create: endpoint({ method: 'POST', path: '/api/v1/asset-transfers', tag: 'assets', summary: '申请调剂闲置资产到本单位（资产管理员）', body: AssetTransferCreate, response: AssetTransfer, status: 201, idempotent: true }),
  list: endpoint({ method: 'GET', path: '/api/v1/asset-transfers', tag: 'assets', summary: '调剂单：本单位的、待我处理的、全部（管理中心）', query: AssetTransferListQuery, response: AssetTransferList }),
  get: endpoint({ method: 'GET', path: '/api/v1/asset-transfers/:id', tag: 'assets', summary: '一次调剂：进度与当前处理人', params: IdParam, response: AssetTransfer }),
  agree: endpoint({ method: 'POST', path: '/api/v1/asset-transfers/:id/agree', tag: 'assets', summary: '原单位资产管理员同意调出', params: IdParam, response: AssetTransfer }),
  approve: endpoint({ method: 'POST', path: '/api/v1/asset-transfers/:id/approve', tag: 'assets', summary: '管理中心审批通过', params: IdParam, response: AssetTransfer }),
  receive: endpoint({ method: 'POST', path: '/api/v1/asset-transfers/:id/receive', tag: 'assets', summary: '接收单位确认收到：资产归属变更，生成调拨单', params: IdParam, response: AssetTransfer }),
  reject: endpoint({ method: 'POST', path: '/api/v1/asset-transfers/:id/reject', tag: 'assets', summary: '当前处理人不同意（说明原因）', params: IdParam, body: AssetTransferReject, response: AssetTransfer }),
  cancel: endpoint({ method: 'POST', path: '/api/v1/asset-transfers/:id/cancel', tag: 'assets', summary: '申请单位撤回（完成前）', params: IdParam, response: AssetTransfer }),
  slip: endpoint({ method: 'GET', path: '/api/v1/asset-transfers/:id/slip', tag: 'assets', summary: '调拨单打印页（HTML）', params: IdParam, file: 'text/html; charset=utf-8' }),
}

/** 借用 by date range: the days are held by the database, reminders escalate until returned. */
export const assetLoansApi = {
  create: endpoint({
    method: 'POST',
    path: '/api/v1/asset-loans',
    tag: 'assets',
    summary: '申请借用（起止日期、事由）；日期与他人重叠 409 ASSET_LOAN_OVERLAP，附已占日期与最近可借日期',
    body: AssetLoanCreate,
    response: AssetLoan,
    status: 201,
    idempotent: true,
  }),
  list: endpoint({ method: 'GET', path: '/api/v1/asset-loans', tag: 'assets', summary: '我借的、待我处理的、本单位资产的借用', query: AssetLoanListQuery, response: AssetLoanList }),
  overdue: endpoint({ method: 'GET', path: '/api/v1/asset-loans/overdue', tag: 'assets-admin', summary: '有借不还：逾期未还的借用及逾期天数（管理中心）', response: AssetOverdueList }),
  get: endpoint({ method: 'GET', path: '/api/v1/asset-loans/:id', tag: 'assets', summary: '一次借用', params: IdParam, response: AssetLoan }),
  approve: endpoint({ method: 'POST', path: '/api/v1/asset-loans/:id/approve', tag: 'assets', summary: '资产所属单位资产管理员同意借用', params: IdParam, response: AssetLoan }),
  reject: endpoint({ method: 'POST', path: '/api/v1/asset-loans/:id/reject', tag: 'assets', summary: '不同意借用（日期立即释放）', params: IdParam, body: AssetLoanReject, response: AssetLoan }),
  cancel: endpoint({ method: 'POST', path: '/api/v1/asset-loans/:id/cancel', tag: 'assets', summary: '借用人在领用前取消', params: IdParam, response: AssetLoan }),
  handOver: endpoint({ method: 'POST', path: '/api/v1/asset-loans/:id/hand-over', tag: 'assets', summary: '扫资产码交付借用人', params: IdParam, body: AssetLoanHandOver, response: AssetLoan }),
  return: endpoint({ method: 'POST', path: '/api/v1/asset-loans/:id/return', tag: 'assets', summary: '扫资产码收回（记录归还时状况；损坏转报修）', params: IdParam, body: AssetLoanReturn, response: AssetLoan }),
}

/** 公物仓优先: the search a unit must do before buying, and the purchase it then files. */
export const assetPurchasesApi = {
  check: endpoint({ method: 'GET', path: '/api/v1/assets/check-before-buy', tag: 'assets', summary: '购置前查询公物仓：记录查询并出具查询凭证', query: AssetBuyCheckQuery, response: AssetBuyCheck }),
  create: endpoint({ method: 'POST', path: '/api/v1/asset-purchases', tag: 'assets', summary: '登记购置申请（须有 30 天内同类别的查询凭证）', body: AssetPurchaseCreate, response: AssetPurchase, status: 201, idempotent: true }),
  list: endpoint({ method: 'GET', path: '/api/v1/asset-purchases', tag: 'assets', summary: '购置申请（本单位；管理中心看全部）', response: AssetPurchaseList }),
}

/** 盘点 by scanning. */
export const assetStocktakesApi = {
  create: endpoint({ method: 'POST', path: '/api/v1/asset-stocktakes', tag: 'assets', summary: '开始本单位盘点（已有进行中的则返回它）', response: AssetStocktake, status: 201 }),
  list: endpoint({ method: 'GET', path: '/api/v1/asset-stocktakes', tag: 'assets', summary: '本单位的盘点', response: AssetStocktakeList }),
  get: endpoint({ method: 'GET', path: '/api/v1/asset-stocktakes/:id', tag: 'assets', summary: '一次盘点：已扫到、未扫到、外单位资产', params: IdParam, response: AssetStocktake }),
  scans: endpoint({ method: 'POST', path: '/api/v1/asset-stocktakes/:id/scans', tag: 'assets', summary: '提交扫到的码（离线时排队，联网后补交；重复的只算一次）', params: IdParam, body: AssetStocktakeScans, response: AssetStocktakeScanResult }),
  finish: endpoint({ method: 'POST', path: '/api/v1/asset-stocktakes/:id/finish', tag: 'assets', summary: '结束盘点：盘到、盘亏、外单位', params: IdParam, response: AssetStocktakeFinished }),
  xlsx: endpoint({ method: 'GET', path: '/api/v1/asset-stocktakes/:id/export.xlsx', tag: 'assets', summary: '盘点结果导出（.xlsx）', params: IdParam, file: XLSX }),
}

export const assetStatsApi = {
  stats: endpoint({ method: 'GET', path: '/api/v1/assets/stats', tag: 'assets-admin', summary: '公物仓月度统计：入仓、调剂、借用、节约价值、逾期', query: AssetStatsQuery, response: AssetStats }),
  statsXlsx: endpoint({ method: 'GET', path: '/api/v1/assets/stats.xlsx', tag: 'assets-admin', summary: '公物仓月度统计导出（.xlsx）', query: AssetStatsQuery, file: XLSX }),
}
