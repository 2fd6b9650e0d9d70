import Taro from '@tarojs/taro'
import { mealMerchantsApi, mealOrdersApi, mealSettlementApi } from '@egj/shared'
import { authHeader, errorFromText, fetchBytes, fileUrl } from '../../../api/client'
import { imageDataUrl, NETWORK_ERROR, openHtmlSheet, type SheetResult } from '../../../utils/files'
import { deliverFile } from '../../../utils/platform'

/*
 * Files behind the bearer token (window QR codes, the printable sheet, the monthly .xlsx): a plain
 * <img src> or link cannot send the Authorization header, so each is fetched first. What differs
 * between H5 and weapp lives in utils/platform.ts.
 */


/** A window's code as a data URL for <Image>. */
export async function windowQrDataUrl(windowId: number): Promise<string> {
  const { bytes } = await fetchBytes(mealMerchantsApi.windowQrPng, { params: { id: windowId } })
  return imageDataUrl(bytes)
}

/**
 * The A4 sheet of all a merchant's window codes. H5: opened in a new tab to print (the tab is
 * opened inside the tap, before the fetch, so the browser does not block it as a pop-up).
 * weapp cannot print: 'use-computer'.
 */
export function openQrSheet(merchantId: number): Promise<SheetResult> {
  return openHtmlSheet('正在生成窗口码…', () => fetchBytes(mealMerchantsApi.qrSheet, { params: { id: merchantId } }))
}

/** Saves (H5) or opens (weapp) the monthly settlement workbook. */
export function downloadSettlement(month: string, by: 'merchant' | 'unit'): Promise<void> {
  return deliverFile({
    fileName: `公务餐结算-${month}-${by === 'merchant' ? '按商户' : '按单位'}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: () => fetchBytes(mealSettlementApi.monthly, { query: { month, by } }).then(({ bytes }) => bytes),
    url: fileUrl(mealSettlementApi.monthly, { query: { month, by } }),
    header: authHeader(),
    failure: errorFromText,
    networkFailure: NETWORK_ERROR,
  })
}

/** Copies text, with the platform's own "copied" toast. */
export function copyText(text: string): Promise<void> {
  return Taro.setClipboardData({ data: text }).then(() => undefined)
}

/** The kitchen's A4 prep sheet (备餐单) of a day, opened to print like the QR sheet. */
export function openPrepSheet(merchantId: number, date: string): Promise<SheetResult> {
  return openHtmlSheet('正在生成备餐单…', () => fetchBytes(mealOrdersApi.prepSheet, { query: { merchantId, date } }))
}

/** Saves (H5) or opens (weapp) the monthly 报餐 statistics workbook. */
export function downloadOrderStats(month: string): Promise<void> {
  return deliverFile({
    fileName: `报餐统计-${month}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: () => fetchBytes(mealOrdersApi.statsXlsx, { query: { month } }).then(({ bytes }) => bytes),
    url: fileUrl(mealOrdersApi.statsXlsx, { query: { month } }),
    header: authHeader(),
    failure: errorFromText,
    networkFailure: NETWORK_ERROR,
  })
}
