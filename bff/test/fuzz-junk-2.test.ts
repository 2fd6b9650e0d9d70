import { describeJunkShard } from './junk'

/** Junk at scale, shard 2 of FUZZ_SHARDS (see junk.ts): together ≥ FUZZ_TOTAL requests per run. */
describeJunkShard(2)
