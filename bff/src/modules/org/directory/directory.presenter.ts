import type { DirectoryDiff, DirectoryPerson } from '@egj/shared'
import type { DirectorySyncRow } from './directory.repo'

/** A directory person as the diff is stored: the mobile sealed (PiiVault) when apply needs it, never in clear. */
export interface StoredPerson extends DirectoryPerson {
  mobileSealed: string | null
}

/** `directory_syncs.diff`: DirectoryDiff's lists, with what apply needs beside what the admin sees. */
export interface StoredDiff {
  added: StoredPerson[]
  changed: (StoredPerson & { userId: number; changes: string[] })[]
  gone: DirectoryDiff['gone']
  skipped: DirectoryDiff['skipped']
}

export const emptyDiff = (): StoredDiff => ({ added: [], changed: [], gone: [], skipped: [] })

export function storedDiff(row: DirectorySyncRow): StoredDiff {
  return { ...emptyDiff(), ...((row.diff ?? {}) as Partial<StoredDiff>) }
}

const person = ({ dingtalkUserId, name, mobileMasked, departmentName, unitId, position }: StoredPerson): DirectoryPerson => ({ dingtalkUserId, name, mobileMasked, departmentName, unitId, position })

export function presentDiff(row: DirectorySyncRow): DirectoryDiff {
  const diff = storedDiff(row)
  return {
    id: row.id,
    ranAt: row.ranAt.toISOString(),
    status: row.status,
    error: row.error,
    appliedAt: row.appliedAt?.toISOString() ?? null,
    added: diff.added.map(person),
    changed: diff.changed.map((entry) => ({ ...person(entry), userId: entry.userId, changes: entry.changes })),
    gone: diff.gone,
    skipped: diff.skipped,
  }
}
