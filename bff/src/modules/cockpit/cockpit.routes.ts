import { cockpitReadRoutes } from './read/read.routes'
import { supervisionRoutes } from './supervision/supervision.routes'
import { cockpitThresholdRoutes } from './thresholds/thresholds.routes'

/** 驾驶舱 and 督办: every feature's routes (one line each). */
export const cockpitRoutes = [...cockpitReadRoutes, ...cockpitThresholdRoutes, ...supervisionRoutes]
