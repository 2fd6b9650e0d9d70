/** Pages of the room subpackage that notifications and 待办 open (the mini-app builds them). */
export const roomLinks = {
  booking: (id: number) => `/packages/room/pages/booking/index?id=${id}`,
  approvals: '/packages/room/pages/approvals/index',
  tasks: '/packages/room/pages/tasks/index',
}
