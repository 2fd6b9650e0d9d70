import { roomsApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { ROOM_USERS } from '../common/booking.policy'

export const roomDoorRoutes = [
  implement(roomsApi.door, { roles: ROOM_USERS, guessable: true, handler: ({ query, user, services }) => services.roomDoor.door(user, query.code) }),
  implement(roomsApi.checkIn, { roles: ROOM_USERS, guessable: true, handler: ({ body, user, services }) => services.roomDoor.checkIn(user, body.code) }),
]
