import { PAGES, pageUrl, type SupervisionStatus } from '@egj/shared'

/** The cockpit's links, from the route table (never a typed path). */
export const indicatorPage = (key: string, unitId: number | undefined, date: string | undefined) => pageUrl(PAGES.cockpitIndicator, { key, unitId, date })
export const recordsPage = (key: string, date: string, unitId: number | undefined) => pageUrl(PAGES.cockpitRecords, { key, date, unitId })
export const supervisionListPage = (status?: SupervisionStatus) => pageUrl(PAGES.supervisionList, { status })

/** A page's query value read back by the route table's own reader (undefined when absent or not valid). */
export function readParam<T>(param: { read: (text: string) => T | undefined }, text: string | undefined): T | undefined {
  return text ? param.read(decodeURIComponent(text)) : undefined
}
