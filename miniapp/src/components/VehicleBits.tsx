import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { VEHICLE_REQUEST_STATUS_LABELS, VEHICLE_TYPE_LABELS, type VehicleRequest } from '@egj/shared'
import { REQUEST_STATUS_TONES, windowText } from '../utils/vehicles'
import { Pill } from './Pill'
import './VehicleBits.scss'

/*
 * Pieces the 一车一码 pages (vehicle, dispatch subpackages) share. Only subpackages import this
 * file, so it stays out of the weapp main package.
 */

export function RequestStatusPill({ status }: { status: VehicleRequest['status'] }) {
  return <Pill tone={REQUEST_STATUS_TONES[status]}>{VEHICLE_REQUEST_STATUS_LABELS[status]}</Pill>
}

/** One request in a list: purpose and status, window, route, who and how many. */
export function RequestCard({ request, showRequester, onClick, extra }: { request: VehicleRequest; showRequester?: boolean; onClick?: () => void; extra?: ReactNode }) {
  return (
    <View className='vb-request' onClick={onClick}>
      <View className='vb-request__head'>
        <Text className='vb-request__purpose'>{request.purpose}</Text>
        <RequestStatusPill status={request.status} />
      </View>
      <View className='vb-request__window'>{windowText(request.startAt, request.endAt)}</View>
      <View className='vb-request__route'>
        <Text className='vb-request__place'>{request.origin}</Text>
        <Text className='vb-request__arrow'>→</Text>
        <Text className='vb-request__place'>{request.destination}</Text>
      </View>
      <View className='vb-request__meta'>
        {showRequester && (
          <Text className='vb-request__who'>
            {request.requester.name}
            {request.requester.unitName ? ` · ${request.requester.unitName}` : ''}
          </Text>
        )}
        <Text>{request.passengers} 人</Text>
        {request.vehicleType && <Text className='vb-request__type'>{VEHICLE_TYPE_LABELS[request.vehicleType]}</Text>}
        {request.vehicle && <Text className='vb-request__plate'>{request.vehicle.plateNo}</Text>}
        {request.driver && <Text>{request.driver.name}</Text>}
      </View>
      {extra}
    </View>
  )
}
