import type { HostList, IdType, Parsed, VisitorProfile } from '@egj/shared'

export function presentHosts(rows: { id: number; name: string; unitName: string }[]): HostList {
  return { items: rows.map((row) => ({ id: row.id, name: row.name, unitName: row.unitName })) }
}

type DetailRow = {
  visitorName: string
  mobileMasked: string | null
  mobileHash: string | null
  idType: IdType | null
  idNumberMasked: string | null
  idNumberHash: string | null
  company: string | null
  plateNo: string | null
}

/** Distinct earlier details, newest first (the same person with the same mobile once), masks only. */
export function presentProfile(rows: DetailRow[], max = 5): Parsed<typeof VisitorProfile> {
  const seen = new Set<string>()
  const items: Parsed<typeof VisitorProfile>['items'] = []
  for (const row of rows) {
    if (!row.idType || !row.idNumberMasked || !row.mobileMasked) continue
    const key = `${row.visitorName}|${row.idNumberHash}|${row.mobileHash}`
    if (seen.has(key)) continue
    seen.add(key)
    items.push({ visitorName: row.visitorName, mobileMasked: row.mobileMasked, idType: row.idType, idNumberMasked: row.idNumberMasked, company: row.company, plateNo: row.plateNo })
    if (items.length === max) break
  }
  return { items }
}
