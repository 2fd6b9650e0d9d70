import { PAGES, pageUrl } from '@egj/shared'

// the 人员与权限 pages, from the route table (shared/src/routes.ts)
export const peoplePage = (unitId?: number) => pageUrl(PAGES.orgPeople, { unitId })
export const personPage = (id: number) => pageUrl(PAGES.orgPerson, { id })
export const UNITS_PAGE = pageUrl(PAGES.orgUnits)
export const IMPORT_PAGE = pageUrl(PAGES.orgImport)
export const auditPage = (filter: { entity?: string; entityId?: string } = {}) => pageUrl(PAGES.orgAudit, filter)
export const DIRECTORY_PAGE = pageUrl(PAGES.orgDirectory)
