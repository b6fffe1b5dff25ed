export { type BalanceInput, type BalanceResult, type Pair, balanceAssignment } from "./balance";
export { seededRandom } from "./random";
