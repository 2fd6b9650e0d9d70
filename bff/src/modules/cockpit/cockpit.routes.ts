import { cockpitReadRoutes } from './read/read.routes'
import { cockpitThresholdRoutes } from './thresholds/thresholds.routes'

/** 驾驶舱: figures, trends, records, lights and thresholds (督办 adds its own routes). */
export const cockpitRoutes = [...cockpitReadRoutes, ...cockpitThresholdRoutes]
