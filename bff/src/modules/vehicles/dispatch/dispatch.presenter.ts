import type { DispatchBoard, VehicleRequest } from '@egj/shared'
import type { boardDrivers, boardVehicles, commitmentsBetween } from './dispatch.repo'

type Commitment = Awaited<ReturnType<typeof commitmentsBetween>>[number]

const presentCommitment = (c: Commitment) => ({ requestId: c.requestId, startAt: c.startAt.toISOString(), endAt: c.endAt.toISOString(), status: c.status, destination: c.destination })

export function presentBoard(input: {
  date: string
  requests: VehicleRequest[]
  vehicles: Awaited<ReturnType<typeof boardVehicles>>
  drivers: Awaited<ReturnType<typeof boardDrivers>>
  commitments: Commitment[]
  codeOf: (vehicleId: number) => string
}): DispatchBoard {
  const { commitments } = input
  return {
    date: input.date,
    requests: input.requests,
    vehicles: input.vehicles.map((v) => ({ ...v, code: input.codeOf(v.id), commitments: commitments.filter((c) => c.vehicleId === v.id).map(presentCommitment) })),
    drivers: input.drivers.map((d) => ({ ...d, commitments: commitments.filter((c) => c.driverId === d.id).map(presentCommitment) })),
  }
}
