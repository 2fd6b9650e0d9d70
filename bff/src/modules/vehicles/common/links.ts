/** Mini-app pages this module's notifications and 待办 open (miniapp/src/utils/vehicles.ts names the same). */
export const vehicleLinks = {
  request: (id: number) => `/packages/vehicle/pages/detail/index?id=${id}`,
  approverList: '/packages/vehicle/pages/list/index?tab=approver',
  dispatchBoard: '/packages/dispatch/pages/board/index',
}
