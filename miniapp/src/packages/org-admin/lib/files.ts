import { auditApi, orgImportApi, XLSX, type EndpointQuery } from '@egj/shared'
import { authHeader, errorFromText, fetchBytes, fileUrl } from '../../../api/client'
import { NETWORK_ERROR } from '../../../utils/files'
import { deliverFile } from '../../../utils/platform'
import { todayInShanghai } from '../../../utils/time'

/*
 * The workbooks of 人员与权限 (template, staff list, audit log): behind the bearer token, so fetched
 * first; H5 saves them, weapp opens them in WeChat's viewer (utils/platform.ts deliverFile).
 */

const delivery = (fileName: string, bytes: () => Promise<ArrayBuffer>, url: string) =>
  deliverFile({ fileName, mime: XLSX, bytes, url, header: authHeader(), failure: errorFromText, networkFailure: NETWORK_ERROR })

/** 人员导入模板.xlsx: the columns the import reads. */
export function downloadTemplate(): Promise<void> {
  return delivery(
    '人员导入模板.xlsx',
    () => fetchBytes(orgImportApi.template).then(({ bytes }) => bytes),
    fileUrl(orgImportApi.template),
  )
}

/** 人员名单 as .xlsx, with the list's filters (the same columns as the template). */
export function downloadStaffList(query: EndpointQuery<typeof orgImportApi.export>): Promise<void> {
  return delivery(
    `人员名单-${todayInShanghai()}.xlsx`,
    () => fetchBytes(orgImportApi.export, { query }).then(({ bytes }) => bytes),
    fileUrl(orgImportApi.export, { query }),
  )
}

/** 操作留痕 as .xlsx, with the page's filters. */
export function downloadAudit(query: EndpointQuery<typeof auditApi.export>): Promise<void> {
  return delivery(
    `操作留痕-${todayInShanghai()}.xlsx`,
    () => fetchBytes(auditApi.export, { query }).then(({ bytes }) => bytes),
    fileUrl(auditApi.export, { query }),
  )
}
