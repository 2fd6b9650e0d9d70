import { supervisionRoutes } from './supervision/supervision.routes'

/** 驾驶舱 and 督办: every feature's routes (one line each). */
export const cockpitRoutes = [...supervisionRoutes]
